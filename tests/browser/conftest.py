"""Browser journeys in Debian's Chromium (Playwright's own browser download does not work here)."""
from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.system import WorkerThread

CHROMIUM = os.environ.get("ROSTOK_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium (make test does it as root)", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "ru-RU", "device_scale_factor": 2, "has_touch": True}


class _Gateway:
    """The three apps behind one origin, by prefix, as in every mode."""

    def __init__(self, system):
        self.apps = {s: system.app(s) for s in ("cohorts", "consultations", "fairs")}

    def __call__(self, environ, start_response):
        first = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        return self.apps.get(first, self.apps["cohorts"])(environ, start_response)


@pytest.fixture
def live(system):
    """A live server over this run's databases, with the workers running."""
    gateway = _Gateway(system)
    server = make_server("127.0.0.1", 0, gateway, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # links that leave the system (QR codes, invitations) point at this server, as ROSTOK_PUBLIC_URL would
    runtimes = [app.extensions["rostok.runtime"] for app in gateway.apps.values()]
    saved = [r.settings for r in runtimes]
    for r in runtimes:
        r.settings = replace(r.settings, public_url=url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    workers = [WorkerThread(system.runtime(s)) for s in ("cohorts", "consultations", "fairs")]
    for w in workers:
        w.__enter__()
    yield url
    for w in workers:
        w.__exit__(None, None, None)
    server.shutdown()
    for r, settings in zip(runtimes, saved):
        r.settings = settings


@pytest.fixture
def shot(artifacts, request):
    """Save a screenshot as a test artifact (test-artifacts/, not committed)."""

    def take(page, name: str) -> Path:
        path = artifacts / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
