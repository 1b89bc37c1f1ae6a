"""Every page and export shows a programme's times in its time zone: half past noon UTC on 30 November is
already 1 December in Kamchatka, on the coordinator's pages as on the mentor's."""
from __future__ import annotations

import datetime as dt
import io
import re

import sqlalchemy as sa
import time_machine
from openpyxl import load_workbook

from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort, token
from tests.support.system import WorkerThread, wait_until

NOW = dt.datetime(2026, 11, 30, 12, 30, tzinfo=dt.timezone.utc)  # 00:30 on 1 December in Kamchatka


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(html: str, marker: str) -> str:
    return _text(html.split(marker, 1)[1].split(">", 1)[1].split("</ul>", 1)[0])


def test_times_near_midnight_in_kamchatka_show_the_kamchatka_date_everywhere(system):
    with time_machine.travel(NOW, tick=True):
        _everywhere(system)


def _everywhere(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)  # Asia/Kamchatka
    cohort_id = ids["cohort"]["id"]
    c = system.client("cohorts")
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо-тур", project_title="Этнотропа")
    anna = c.post("/cohorts/api/v1/people", json={"full_name": "Анна Лидер", "phone": "+79140001122"}, headers=h).json["id"]
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": anna, "role": "leader"}, headers=h).status_code == 201
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    c.post(f"/cohorts/api/v1/teams/{team['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code in (200, 201)
    school = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions", json={
        "title": "Ночная школа", "starts_at": "2026-11-30T12:40:00+00:00", "duration_minutes": 60, "place": "с. Эссо"}, headers=h)
    assert school.status_code == 201, school.json
    assert c.put(f"/cohorts/api/v1/sessions/{school.json['id']}/attendance", json={"person_ids": [anna]}, headers=h).status_code == 200

    consultations = system.runtime("consultations")
    from services.consultations.db import ATTENDANCE, REPLICAS

    def replicated():
        with consultations.engine.connect() as conn:
            return (conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one(),
                    conn.execute(sa.select(REPLICAS.cohorts.c.timezone).where(REPLICAS.cohorts.c.id == cohort_id)).scalar_one_or_none(),
                    conn.execute(sa.select(REPLICAS.teams.c.nominated).where(REPLICAS.teams.c.id == team["id"])).scalar_one_or_none(),
                    conn.execute(sa.select(sa.func.count()).select_from(ATTENDANCE)).scalar_one())
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        wait_until(lambda: replicated() == (1, "Asia/Kamchatka", True, 1), message="the cohort in consultations")

    m = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    cs = system.client("consultations")
    held = cs.post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [team["id"]], "started_at": "2026-11-30T12:20:00+00:00", "duration_minutes": 60,
        "attendee_ids": [anna]}, headers=m)
    assert held.status_code == 201, held.json
    planned = cs.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [team["id"]], "started_at": "2026-11-30T12:50:00+00:00", "duration_minutes": 30}, headers=m)
    assert planned.status_code == 201 and planned.json["status"] == "planned"

    # consultations: the coordinator's page (records of any programme), the mentor's, the timeline, the form's history
    coordinator_home = cs.get("/consultations/", headers=h).text
    assert "1 дек., 00:20" in _section(coordinator_home, 'id="latest"'), _section(coordinator_home, 'id="latest"')
    mentor_home = cs.get("/consultations/", headers=m).text
    assert "1 дек., 00:20" in _section(mentor_home, 'id="latest"')
    assert "1 дек., 00:50" in _section(mentor_home, 'id="planned"')
    assert _section(mentor_home, 'id="hours"').startswith("декабрь 2026 — 1 ч")  # the month follows the zone
    timeline = _section(cs.get(f"/consultations/teams/{team['id']}", headers=m).text, 'id="timeline"')
    assert "1 дек. 2026, 00:20" in timeline and "1 дек. 2026, 00:40" in timeline and "1 дек. 2026, 00:30" in timeline, timeline
    form = cs.get(f"/consultations/{held.json['id']}/edit", headers=m).text
    assert 'value="2026-12-01T00:20"' in form and "1 дек., 00:30" in _section(form, 'id="history"')

    # cohorts: the team's nomination, the school's sessions, attendance, the printed sheet, the dashboard, the export
    team_page = _text(c.get(f"/cohorts/teams/{team['id']}", headers=h).text)
    assert "1 декабря 2026" in team_page and "30 ноября" not in team_page, team_page
    assert "1 декабря 2026, 00:40" in _text(c.get(f"/cohorts/cohorts/{cohort_id}/sessions", headers=h).text)
    assert "1 декабря 2026, 00:40" in _text(c.get(f"/cohorts/sessions/{school.json['id']}/attendance", headers=h).text)
    assert "1 декабря 2026, 00:40" in _text(c.get(f"/cohorts/sessions/{school.json['id']}/sheet", headers=h).text)
    assert "1 дек., 00:40" in _text(c.get(f"/cohorts/cohorts/{cohort_id}/dashboard", headers=h).text)
    book = load_workbook(io.BytesIO(c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/report.xlsx", headers=h).data))
    assert book.worksheets[1]["B2"].value == dt.datetime(2026, 12, 1, 0, 40)
