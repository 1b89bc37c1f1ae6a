"""The mentor's consultation form on a phone: the mentor's own teams first, nothing ticked from the last time."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import back_online, go_offline, sign_in
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


def test_a_consultation_saved_without_network_waits_on_the_phone_and_is_sent_once(page, live, system, shot):
    teams, mentor = _world(system)
    m = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    cs = system.client("consultations")
    sign_in(page, live, mentor)

    # what is typed is kept as a draft: the form opened again (after the browser's error page, Back) has it
    page.goto(f"{live}/consultations/new")
    page.get_by_role("checkbox", name="Эссо-тур").check()
    page.get_by_label("Заметки").fill("Обсудили смету и партнёров")
    page.goto(f"{live}/consultations/new")
    expect(page.get_by_label("Заметки")).to_have_value("Обсудили смету и партнёров")
    expect(page.get_by_role("checkbox", name="Эссо-тур")).to_be_checked()

    # saved without network: kept on the phone, said plainly, no browser error page
    page.get_by_label("Продолжительность, минут").fill("45")
    go_offline(page)
    page.get_by_role("button", name="Сохранить").click()
    status = page.locator("#queue-status")
    expect(status).to_have_text("Нет сети: консультация сохранена на телефоне и ждёт отправки (1). Она уйдёт сама, когда появится сеть.")
    expect(page.get_by_label("Заметки")).to_have_value("")  # a fresh form for the next one; the queued one keeps its notes
    shot(page, "offline-waiting")
    assert cs.get("/consultations/api/v1/consultations", headers=m).json["total"] == 0

    # the network is back: sent once, however many times the phone tries
    back_online(page)
    page.evaluate("window.dispatchEvent(new Event('online')); window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text("Отправлено: консультация сохранена.")
    shot(page, "offline-sent")
    saved = cs.get("/consultations/api/v1/consultations", headers=m).json
    assert saved["total"] == 1
    item = saved["items"][0]
    assert (item["notes"], item["duration_minutes"], item["team_ids"]) == ("Обсудили смету и партнёров", 45, [teams["Эссо-тур"]["id"]])

    # the home page sends what an earlier page left waiting
    page.goto(f"{live}/consultations/new")
    expect(page.get_by_label("Заметки")).to_have_value("")  # the sent draft is not brought back
    page.get_by_role("checkbox", name="Шаромская молодёжь").check()
    page.get_by_label("Заметки").fill("Вторая встреча")
    go_offline(page)
    page.get_by_role("button", name="Сохранить").click()
    expect(status).to_contain_text("ждёт отправки (1)")
    # the network comes back but this page's try is lost on the way; the home page opened next sends it
    page.route("**/consultations/api/v1/consultations", lambda route: route.abort())
    back_online(page)
    with page.expect_event("requestfailed"):
        page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("ждёт отправки (1)")  # still on the phone
    page.unroute("**/consultations/api/v1/consultations")
    page.goto(f"{live}/consultations/")
    expect(page.locator("#queue-status")).to_have_text("Отправлено: консультация сохранена.")
    assert cs.get("/consultations/api/v1/consultations", headers=m).json["total"] == 2
