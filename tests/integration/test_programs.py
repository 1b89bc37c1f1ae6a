"""Programmes, cohorts and territories: edited by API and pages, bounded, announced to the other services."""
from __future__ import annotations

import json
import re

import sqlalchemy as sa

from tests.support.api import coordinator_headers, register_team, setup_cohort


def _outbox(system, routing_key):
    runtime = system.runtime("cohorts")
    t = runtime.tables.outbox
    with runtime.engine.connect() as conn:
        return [json.loads(b)["data"] for b in conn.execute(sa.select(t.c.body).where(t.c.routing_key == routing_key).order_by(t.c.id)).scalars()]


def _csrf(c, h, url) -> str:
    return re.search(r'name="[^"]*csrf_token"[^>]*value="([^"]+)"', c.get(url, headers=h).text).group(1)


def test_programmes_and_cohorts_are_edited_bounded_and_announced(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    program, cohort = ids["program"], ids["cohort"]
    huge = c.post("/cohorts/api/v1/programs", json={"name": "П", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                                                     "grant_amount": "10000000000000", "cofinancing_amount": "-1"}, headers=h)
    assert huge.status_code == 422 and set(huge.json["errors"]) == {"grant_amount", "cofinancing_amount"}
    blank = c.post("/cohorts/api/v1/programs", json={"name": "  ", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, headers=h)
    assert blank.status_code == 422 and list(blank.json["errors"]) == ["name"]
    changed = c.patch(f"/cohorts/api/v1/programs/{program['id']}", json={
        "timezone": "Asia/Magadan", "cofinancing_amount": "250000.00", "targets": {"consultation_hours": 40, "teams": 7}}, headers=h)
    assert changed.status_code == 200, changed.json
    assert changed.json["cofinancing_amount"] == "250000.00" and changed.json["targets"] == {"consultation_hours": 40, "teams": 7}
    assert _outbox(system, "cohorts.cohort.updated") == [{"id": cohort["id"], "program_id": program["id"], "name": "Поток 2026", "timezone": "Asia/Magadan",
                                                            "currency": "RUB"}]
    backwards = c.patch(f"/cohorts/api/v1/programs/{program['id']}", json={"ends_on": "2025-01-01"}, headers=h)
    assert backwards.status_code == 422 and list(backwards.json["errors"]) == ["ends_on"]
    renamed = c.patch(f"/cohorts/api/v1/cohorts/{cohort['id']}", json={"name": "Камчатка 2026"}, headers=h)
    assert renamed.status_code == 200 and renamed.json["name"] == "Камчатка 2026" and renamed.json["version"] == 3
    assert _outbox(system, "cohorts.cohort.updated")[-1]["name"] == "Камчатка 2026"
    assert c.patch(f"/cohorts/api/v1/cohorts/{cohort['id']}", json={"name": " "}, headers=h).status_code == 422
    other = c.post("/cohorts/api/v1/programs", json={"name": "Другая", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, headers=h).json
    c.post("/cohorts/api/v1/cohorts", json={"program_id": other["id"], "name": "Чужой поток"}, headers=h)
    listed = c.get(f"/cohorts/api/v1/cohorts?program_id={program['id']}", headers=h).json
    assert [x["name"] for x in listed["items"]] == ["Камчатка 2026"] and listed["total"] == 1


def test_a_corrected_territory_is_announced_with_its_teams(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    url = f"/cohorts/api/v1/territories/{ids['territory']['id']}"
    assert c.patch(url, json={"settlement": "  "}, headers=h).status_code == 422
    fixed = c.patch(url, json={"settlement": "с. Эссо (центр)"}, headers=h)
    assert fixed.status_code == 200 and fixed.json["settlement"] == "с. Эссо (центр)"
    updated = _outbox(system, "cohorts.team.updated")
    assert updated[-1]["id"] == team["id"] and updated[-1]["settlement"] == "с. Эссо (центр)"
    other = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    clash = c.patch(f"/cohorts/api/v1/territories/{other['id']}", json={"district": "Быстринский МР", "settlement": "с. эссо (центр)"}, headers=h)
    assert clash.status_code == 409 and "settlement" in clash.json["errors"]


def test_programme_pages_take_co_financing_and_the_hours_target_and_edit(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    token = _csrf(c, h, "/cohorts/")
    created = c.post("/cohorts/", data={
        "program-csrf_token": token, "program-name": "Акселератор Камчатки", "program-starts_on": "2026-03-01", "program-ends_on": "2026-11-30",
        "program-timezone": "Asia/Kamchatka", "program-grant_amount": "1500000", "program-cofinancing_amount": "300000",
        "program-target_consultation_hours": "40", "program-target_teams": "7"}, headers=h)
    assert created.status_code == 302, created.text
    program = c.get("/cohorts/api/v1/programs", headers=h).json["items"][0]
    assert program["cofinancing_amount"] == "300000.00" and program["targets"] == {"teams": 7, "consultation_hours": 40}
    too_much = c.post("/cohorts/", data={
        "program-csrf_token": token, "program-name": "Х", "program-starts_on": "2026-03-01", "program-ends_on": "2026-11-30",
        "program-timezone": "Asia/Kamchatka", "program-grant_amount": "99999999999999999"}, headers=h)
    assert too_much.status_code == 422
    edit_url = f"/cohorts/programs/{program['id']}/edit"
    page = c.get(edit_url, headers=h)
    assert page.status_code == 200 and 'value="40' in page.text and "Софинансирование" in page.text
    token = _csrf(c, h, edit_url)
    saved = c.post(edit_url, data={"csrf_token": token, "name": "Акселератор Камчатки 2026", "starts_on": "2026-03-01", "ends_on": "2026-11-30",
                                   "timezone": "Asia/Kamchatka", "grant_amount": "", "cofinancing_amount": "350000", "target_consultation_hours": "45.5"}, headers=h)
    assert saved.status_code == 303
    program = c.get(f"/cohorts/api/v1/programs/{program['id']}", headers=h).json
    assert program["name"] == "Акселератор Камчатки 2026" and program["targets"] == {"consultation_hours": 45.5}
    assert program["grant_amount"] is None and program["cofinancing_amount"] == "350000.00"
    wrong = c.post(edit_url, data={"csrf_token": token, "name": "Х", "starts_on": "2026-03-01", "ends_on": "2026-01-01", "timezone": "Asia/Kamchatka"}, headers=h)
    assert wrong.status_code == 422 and "has-error" in wrong.text
