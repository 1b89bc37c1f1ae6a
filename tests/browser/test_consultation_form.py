"""The mentor's consultation form on a phone: the mentor's own teams first, nothing ticked from the last time."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, register_team, setup_cohort, token
from tests.support.system import wait_until

pytestmark = pytest.mark.browser


def _world(system):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    teams = {name: register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], name)
             for name in ("Анавгайские ремёсла", "Быстринские истоки", "Шаромская молодёжь", "Эссо-тур")}
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    for name in ("Шаромская молодёжь", "Эссо-тур"):
        c.post(f"/cohorts/api/v1/teams/{teams[name]['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    from services.consultations.db import REPLICAS

    engine = system.runtime("consultations").engine

    def replicated():
        with engine.connect() as conn:
            return (conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one(),
                    conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams)).scalar_one())
    wait_until(lambda: replicated() == (2, 4), message="the teams and mentors in consultations")
    return teams, mentor


def test_the_form_offers_the_mentors_teams_first_and_ticks_none_from_last_time(page, live, system, shot):
    teams, mentor = _world(system)
    m = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    # a webinar for three teams, one of them not the mentor's
    webinar = system.client("consultations").post("/consultations/api/v1/consultations", json={
        "kind": "webinar", "started_at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)).isoformat(), "duration_minutes": 90,
        "team_ids": [teams[n]["id"] for n in ("Анавгайские ремёсла", "Шаромская молодёжь", "Эссо-тур")]}, headers=m)
    assert webinar.status_code == 201, webinar.json
    sign_in(page, live, mentor)
    page.get_by_role("link", name="+ Записать консультацию").click()
    chips = page.locator("#team-choices li")
    expect(chips).to_have_count(4)
    expect(chips.nth(0)).to_have_text("Шаромская молодёжь")
    expect(chips.nth(1)).to_have_text("Эссо-тур")
    expect(chips.nth(2)).to_have_text("Анавгайские ремёсла")
    expect(page.locator("#team-choices input:checked")).to_have_count(0)  # the last webinar's teams are not ticked
    shot(page, "form-own-teams-first")
