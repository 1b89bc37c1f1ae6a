"""docker-compose.yml: the production shape is complete and consistent.

Parsed and checked here on every machine; `docker compose config` runs as well
where the compose plugin exists (it does not on the build machines: there the
parsed checks are the validation).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("cohorts", "consultations", "fairs")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_service_has_web_worker_and_migrate_with_health_checks():
    spec = compose()["services"]
    for infra in ("rabbitmq", "gateway") + tuple(f"postgres-{s}" for s in SERVICES):
        assert "healthcheck" in spec[infra], infra
        assert spec[infra]["healthcheck"].get("test"), infra
    for s in SERVICES:
        for role in ("web", "worker", "migrate"):
            entry = spec[f"{s}-{role}"]
            assert entry.get("image") or entry.get("build"), f"{s}-{role} has no image"
            assert entry.get("command"), f"{s}-{role} has no command"
            assert ".env" in entry["env_file"]
            env = entry["environment"]
            url = env[f"ROSTOK_{s.upper()}_DATABASE_URL"]
            assert url.startswith("postgresql+psycopg://") and url.endswith(f"@postgres-{s}:5432/{s}"), url
            assert entry["depends_on"][f"postgres-{s}"]["condition"] == "service_healthy"
            assert env["ROSTOK_BROKER_URL"].startswith("amqp://") and "guest" not in env["ROSTOK_BROKER_URL"]
            assert "ROSTOK_SECRET_KEY" not in env, "secrets come from the env file only"
            other_dbs = [k for k in env if k.endswith("_DATABASE_URL") and k != f"ROSTOK_{s.upper()}_DATABASE_URL"]
            assert not other_dbs, f"{s}-{role} must not reach another service's database"
        assert "healthcheck" in spec[f"{s}-web"] and f"/{s}/healthz" in " ".join(spec[f"{s}-web"]["healthcheck"]["test"])
        assert spec[f"{s}-worker"]["healthcheck"]["test"][-1] == "check-worker"
        assert spec[f"{s}-web"]["depends_on"][f"{s}-migrate"]["condition"] == "service_completed_successfully"


def test_each_service_has_its_own_postgresql_server_and_volume():
    spec = compose()
    servers = {name: entry for name, entry in spec["services"].items() if entry.get("image", "").startswith("postgres")}
    assert set(servers) == {f"postgres-{s}" for s in SERVICES}
    volumes = [v.split(":", 1)[0] for entry in servers.values() for v in entry["volumes"]]
    assert len(set(volumes)) == 3 and set(volumes) <= set(spec["volumes"])
    for s in SERVICES:
        assert servers[f"postgres-{s}"]["environment"]["POSTGRES_DB"] == s


def test_the_example_env_does_not_lock_out_a_plain_http_gateway():
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line and not line.startswith("#"))
    # the gateway listens on plain HTTP: a Secure-only cookie would make signing in impossible
    assert example.get("ROSTOK_COOKIE_SECURE", "0") in ("", "0")


def test_only_the_gateway_publishes_a_port():
    spec = compose()["services"]
    published = {name for name, entry in spec.items() if entry.get("ports")}
    assert published == {"gateway"}


def test_gateway_routes_each_prefix_without_rewriting():
    conf = (ROOT / "deploy/nginx/nginx.conf").read_text()
    for s in SERVICES:
        assert re.search(rf"location /{s}/ {{ proxy_pass http://{s}; }}", conf), s
    assert "rewrite" not in conf


def test_env_example_lists_every_interpolated_variable():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line and not line.startswith("#")}
    assert used <= example, used - example
    assert "ROSTOK_SECRET_KEY" in example


def test_docker_compose_config_where_the_client_has_compose(tmp_path):
    """With the compose plugin: `docker compose config -q` on a copy with .env from .env.example.
    Without it (these machines): the YAML round-trips through the parser, which the checks above rely on."""
    spec = compose()
    assert yaml.safe_load(yaml.safe_dump(spec)) == spec
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        for name in ("docker-compose.yml", ".env.example"):
            shutil.copy(ROOT / name, tmp_path / name)
        shutil.copy(ROOT / ".env.example", tmp_path / ".env")
        shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
        result = subprocess.run([docker, "compose", "config", "-q"], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_gateway_serves_the_public_host_only_with_small_bodies_and_no_tokens_in_its_log():
    conf = (ROOT / "deploy/nginx/nginx.conf").read_text()
    assert "server_name ${ROSTOK_PUBLIC_HOST};" in conf and re.search(r"listen 8080 default_server;.*?return 444;", conf, re.S)
    assert "client_max_body_size 1m;" in conf and "client_max_body_size 20m; proxy_pass http://cohorts;" in conf
    assert "$loggable_uri" in conf and "cohorts/set-password|fairs/j" in conf and "access_log /var/log/nginx/access.log redacted;" in conf
    gateway = compose()["services"]["gateway"]
    assert gateway["environment"]["ROSTOK_PUBLIC_HOST"] == "${ROSTOK_PUBLIC_HOST}"
    assert any(v.endswith(":/etc/nginx/templates/nginx.conf.template:ro") for v in gateway["volumes"])
    assert compose()["x-env"]["ROSTOK_PROXY_HOPS"] == "1"


def test_gateway_log_redaction_pattern_takes_the_token_out():
    conf = (ROOT / "deploy/nginx/nginx.conf").read_text()
    pattern = re.search(r'"~\^\(\?<kept>(.*?)\)\[\^/\?\]\+\(\?<rest>\.\*\)\$"', conf).group(1)
    regex = re.compile("^(?P<kept>" + pattern.replace("(?<", "(?P<") + r")[^/?]+(?P<rest>.*)$")
    for uri, logged in (("/cohorts/set-password/abcDEF123?x=1", "/cohorts/set-password/<token>?x=1"),
                        ("/fairs/j/Zx.y-1", "/fairs/j/<token>"), ("/cohorts/people", None)):
        m = regex.match(uri)
        assert (m.group("kept") + "<token>" + m.group("rest") if m else None) == logged


def test_kubernetes_manifests_are_valid_yaml_documents():
    for path in sorted((ROOT / "deploy/k8s").glob("*.yaml")):
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
        assert docs and all("kind" in d and "apiVersion" in d for d in docs), path.name


NGINX = "/usr/sbin/nginx"


def test_the_gateway_configuration_is_accepted_by_nginx(tmp_path):
    """nginx itself checks the file (as the image renders it), with the upstreams pointed at this machine."""
    import subprocess

    assert Path(NGINX).exists(), "nginx is missing: make test installs Debian's nginx-light (or: apt-get install nginx-light)"
    conf = (ROOT / "deploy/nginx/nginx.conf").read_text().replace("${ROSTOK_PUBLIC_HOST}", "rostok.example.org")
    conf = re.sub(r"server [a-z-]+-web:8000;", "server 127.0.0.1:8000;", conf)
    conf = conf.replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    conf = "error_log %s;\npid %s;\n" % (tmp_path / "error.log", tmp_path / "nginx.pid") + conf
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run([NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
