"""gunicorn settings for every web process (embedded and production)."""
import os

bind = f"{os.environ.get('ROSTOK_BIND_HOST', '0.0.0.0')}:{os.environ.get('ROSTOK_PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("ROSTOK_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = None  # the app writes the access log itself, as JSON with the correlation id
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# the app factory runs in each worker after the fork: engines and broker
# connections are never shared between processes
preload_app = False


def child_exit(server, worker):
    # prometheus-client's multiprocess mode keeps per-process files
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
