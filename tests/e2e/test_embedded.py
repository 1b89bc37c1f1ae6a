"""The team slice end to end on the embedded default: SQLite per service, kombu filesystem events, one URL."""
from __future__ import annotations

import pytest
import requests

from tests.support.embedded import ADMIN, EmbeddedSystem
from tests.support.system import wait_until


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    system = EmbeddedSystem(tmp_path_factory.mktemp("embedded")).start()
    yield system
    system.stop()


def test_a_team_registered_in_cohorts_reaches_consultations_and_fairs(embedded):
    base = embedded.url
    assert requests.get(base + "/", allow_redirects=False).headers["Location"].endswith("/cohorts/")
    token = requests.post(base + "/cohorts/api/v1/auth/token", json={"email": ADMIN[0], "password": ADMIN[1]}).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    program = requests.post(
        base + "/cohorts/api/v1/programs",
        json={"name": "Камчатка", "starts_on": "2026-03-01", "ends_on": "2026-11-30", "timezone": "Asia/Kamchatka"},
        headers=h,
    ).json()
    cohort = requests.post(base + "/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Поток"}, headers=h).json()
    territory = requests.post(
        base + "/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h
    ).json()
    body = {"name": "Мильковские волонтёры", "kind": "initiative_group", "territory_id": territory["id"], "project_title": "Тропа"}
    first = requests.post(
        base + f"/cohorts/api/v1/cohorts/{cohort['id']}/teams", json=body, headers={**h, "Idempotency-Key": "phone-1"}
    )
    resend = requests.post(
        base + f"/cohorts/api/v1/cohorts/{cohort['id']}/teams", json=body, headers={**h, "Idempotency-Key": "phone-1"}
    )
    assert first.status_code == resend.status_code == 201
    assert first.json()["id"] == resend.json()["id"]

    for service in ("consultations", "fairs"):
        items = wait_until(
            lambda: requests.get(f"{base}/{service}/api/v1/teams", headers=h).json().get("items"),
            timeout=30,
            message=f"the team in {service}",
        )
        assert [(t["id"], t["name"], t["settlement"]) for t in items] == [
            (first.json()["id"], "Мильковские волонтёры", "с. Мильково")
        ]
        assert requests.get(f"{base}/{service}/readyz").json()["checks"] == {"database": "ok", "broker": "ok"}

    # one team, one event applied per consumer, nothing failed
    metrics = requests.get(base + "/consultations/metrics", headers=h).text
    assert 'rostok_failed_events{service="consultations",status="dead"} 0.0' in metrics
    assert 'rostok_outbox_backlog{service="cohorts"}' in requests.get(base + "/cohorts/metrics", headers=h).text
    assert "rostok_" not in requests.get(base + "/cohorts/metrics").text  # figures are not for anyone on the port


def test_pages_read_beside_a_long_write_on_sqlite(embedded):
    """An import writes in one long transaction; meanwhile the pages (and its progress) still answer.

    The write lock is held here by a transaction of our own on the cohorts file; a GET that
    queued behind it would wait for SQLite's 30-second busy timeout and then fail.
    """
    import sqlite3

    base = embedded.url
    token = requests.post(base + "/cohorts/api/v1/auth/token", json={"email": ADMIN[0], "password": ADMIN[1]}).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    writer = sqlite3.connect(embedded.var_dir / "cohorts.db", isolation_level=None, timeout=30)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO sign_in_failures (key, count, last_failed_at) VALUES ('held@example.ru', 1, '2026-01-01 00:00:00')")
        r = requests.get(base + "/cohorts/api/v1/programs", headers=h, timeout=10)
        assert r.status_code == 200
        page = requests.get(base + "/cohorts/sign-in", timeout=10)
        assert page.status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_embedded_files_are_private_to_their_user(embedded):
    import stat

    for name in ("cohorts.db", "consultations.db", "fairs.db", "secret_key"):
        mode = stat.S_IMODE((embedded.var_dir / name).stat().st_mode)
        assert mode & 0o077 == 0, f"{name} is {oct(mode)}"
    messages = embedded.var_dir / "broker" / "messages"
    assert stat.S_IMODE(messages.stat().st_mode) & 0o077 == 0
