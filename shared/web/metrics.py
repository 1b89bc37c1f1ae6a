"""Prometheus metrics: request latency, outbox backlog, consumer lag, dead letters.

Request latency is recorded in each gunicorn worker (multiprocess mode when
``PROMETHEUS_MULTIPROC_DIR`` is set). The event figures are read from the
database and the broker when scraped, so every web process answers the same.
"""
from __future__ import annotations

import logging
import os
import time

import sqlalchemy as sa
from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from shared.db import utcnow

log = logging.getLogger("rostok.metrics")

REQUEST_LATENCY = Histogram(
    "rostok_http_request_duration_seconds",
    "Time spent answering HTTP requests",
    ["service", "method", "endpoint", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class EventsCollector:
    def __init__(self, runtime):
        self.runtime = runtime

    def collect(self):
        service = self.runtime.service
        t = self.runtime.tables
        backlog = GaugeMetricFamily("rostok_outbox_backlog", "Events written but not yet confirmed by the broker", labels=["service"])
        oldest = GaugeMetricFamily("rostok_outbox_oldest_unsent_seconds", "Age of the oldest unsent event", labels=["service"])
        failed = GaugeMetricFamily("rostok_failed_events", "Events this service failed to apply, by status", labels=["service", "status"])
        lag = GaugeMetricFamily("rostok_consumer_lag_seconds", "Delay between an event and its application, last applied event", labels=["service"])
        depth = GaugeMetricFamily("rostok_consumer_queue_depth", "Messages waiting in this service's queue", labels=["service"])
        try:
            with self.runtime.engine.connect() as conn:
                unsent = conn.execute(
                    sa.select(sa.func.count(), sa.func.min(t.outbox.c.created_at)).where(t.outbox.c.sent_at.is_(None))
                ).one()
                backlog.add_metric([service], unsent[0])
                first = unsent[1]
                if first is not None and first.tzinfo is None:
                    first = first.replace(tzinfo=utcnow().tzinfo)
                oldest.add_metric([service], (utcnow() - first).total_seconds() if first else 0.0)
                counts = dict(
                    conn.execute(sa.select(t.failed.c.status, sa.func.count()).group_by(t.failed.c.status)).all()
                )
                for status in ("retrying", "dead"):
                    failed.add_metric([service, status], counts.get(status, 0))
                last = conn.execute(
                    sa.select(t.inbox.c.occurred_at, t.inbox.c.processed_at)
                    .order_by(t.inbox.c.processed_at.desc())
                    .limit(1)
                ).first()
                if last and last.occurred_at:
                    a, b = last.occurred_at, last.processed_at
                    if a.tzinfo is None:
                        a = a.replace(tzinfo=utcnow().tzinfo)
                    if b.tzinfo is None:
                        b = b.replace(tzinfo=utcnow().tzinfo)
                    lag.add_metric([service], max(0.0, (b - a).total_seconds()))
        except Exception as exc:
            log.warning("metrics: database not readable (%s)", exc)
        # the last background check's figure: a scrape never opens a broker connection itself
        waiting = self.runtime.broker_probe.state().queue_depth
        if waiting is not None:
            depth.add_metric([service], waiting)
        yield from (backlog, oldest, failed, lag, depth)


ACCESS_LOG = logging.getLogger("rostok.access")

def queue_depth(runtime) -> int:
    """Opens a connection: for tests and tools, never for a request (those read ``runtime.broker_probe``)."""
    from shared.events import broker

    with runtime.broker_connection() as connection:
        connection.ensure_connection(max_retries=1)
        return broker.queue_depth(connection, runtime.settings)


def loggable_path() -> str:
    """The request's path with its secrets taken out: a one-time or personal link token never reaches a log."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if (name == "token" or name.endswith("_token")) and isinstance(value, str) and value:
            path = path.replace(value, "<token>")
    return path


def install(app: Flask, runtime, prefix: str) -> None:
    @app.before_request
    def _start_timer():
        g._started = time.perf_counter()

    @app.after_request
    def _record(response):
        started = g.get("_started")
        if started is not None:
            elapsed = time.perf_counter() - started
            REQUEST_LATENCY.labels(
                runtime.service, request.method, request.url_rule.rule if request.url_rule else "unmatched", response.status_code
            ).observe(elapsed)
            # the access log, as a JSON line with the request's correlation id (gunicorn's own is off)
            path = loggable_path()
            ACCESS_LOG.info(
                "%s %s %d", request.method, path, response.status_code,
                extra={"method": request.method, "path": path, "status": response.status_code,
                       "duration_ms": round(elapsed * 1000, 1)},
            )
        return response

    collector = EventsCollector(runtime)

    events_registry = CollectorRegistry()
    events_registry.register(collector)

    def metrics():
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            process_registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(process_registry)
        else:
            process_registry = REGISTRY
        body = generate_latest(process_registry) + generate_latest(events_registry)
        return Response(body, mimetype=CONTENT_TYPE_LATEST)

    from shared.web.access import SCRAPER, allow

    # figures are for the scraper (ROSTOK_METRICS_TOKEN) or a signed-in coordinator, not for anyone on the port
    app.add_url_rule(f"{prefix}/metrics", "metrics", allow("coordinator", SCRAPER)(metrics))
