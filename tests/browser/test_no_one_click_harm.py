"""No one-click harm on a phone: what cannot be taken back asks first, and what can is one 44 px tap from undone."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, register_team, setup_cohort, token
from tests.support.system import wait_until

pytestmark = pytest.mark.browser


def _height(locator) -> float:
    locator.page.wait_for_load_state()  # measured once the stylesheet is in, not on the bare page
    box = locator.bounding_box()
    assert box is not None
    return box["height"]


def _answer(page, accept: bool, asked: list):
    def handle(dialog):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()
    page.once("dialog", handle)


def test_the_coordinator_is_asked_before_archiving_withdrawing_and_cancelling(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо-тур", project_title="Этнотропа")
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code in (200, 201)
    person = c.post("/cohorts/api/v1/people", json={"full_name": "Анна Лидер", "phone": "+79140003344"}, headers=h).json
    school = c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/sessions", json={
        "title": "Школа проектов", "starts_at": "2026-12-05T00:00:00+00:00", "duration_minutes": 90}, headers=h).json
    sign_in(page, live, coordinator)
    asked: list[str] = []

    page.goto(f"{live}/cohorts/teams/{team['id']}")
    _answer(page, False, asked)
    page.get_by_role("button", name="Отозвать выдвижение").click()
    assert asked[-1] == "Отозвать проект с ярмарки? Он уйдёт из программы выступлений."
    expect(page.locator("#nomination .tag")).to_have_text("выдвинут")  # declined: nothing changed
    _answer(page, True, asked)
    page.get_by_role("button", name="Отозвать выдвижение").click()
    expect(page.get_by_text("Выдвижение отозвано.")).to_be_visible()

    archive = page.get_by_role("button", name="Команда выбыла: в архив")
    assert _height(archive) >= 44
    _answer(page, False, asked)
    archive.click()
    assert asked[-1].startswith("Отправить команду в архив?")
    expect(page.get_by_role("button", name="Команда выбыла: в архив")).to_be_visible()
    shot(page, "team-archive-asks")
    _answer(page, True, asked)
    archive.click()
    expect(page.get_by_role("button", name="Вернуть команду")).to_be_visible()

    page.goto(f"{live}/cohorts/people/{person['id']}")
    _answer(page, False, asked)
    page.get_by_role("button", name="В архив (выбыл из программы)").click()
    assert asked[-1].startswith("Отправить человека в архив?")
    expect(page.get_by_role("button", name="В архив (выбыл из программы)")).to_be_visible()

    # a session that will not take place is cancelled, after a question
    page.goto(f"{live}/cohorts/cohorts/{ids['cohort']['id']}/sessions")
    cancel = page.locator("#sessions").get_by_role("button", name="Отменить занятие")
    assert _height(cancel) >= 44
    shot(page, "sessions")
    _answer(page, True, asked)
    cancel.click()
    assert asked[-1] == "Отменить занятие «Школа проектов»? Оно уйдёт из расписания."
    expect(page.get_by_text("Занятие «Школа проектов» отменено.")).to_be_visible()
    expect(page.locator("#sessions")).to_have_count(0)
    assert c.get(f"/cohorts/api/v1/sessions/{school['id']}", headers=h).status_code == 404


def test_a_mentor_reopens_a_step_and_cancels_a_wrong_consultation_with_a_reason(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо-тур")
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    c.post(f"/cohorts/api/v1/teams/{team['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    from services.consultations.db import REPLICAS

    engine = system.runtime("consultations").engine

    def replicated():
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one() == 1
    wait_until(replicated, message="the mentor in consultations")
    m = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    cs = system.client("consultations")
    logged = cs.post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [team["id"]], "started_at": "2026-11-20T03:00:00+00:00", "duration_minutes": 60,
        "next_steps": [{"text": "Смета проекта"}]}, headers=m)
    assert logged.status_code == 201, logged.json

    sign_in(page, live, mentor)
    done = page.locator("#steps").get_by_role("button", name="✓ Сделано")
    assert _height(done) >= 44  # a button, not a 23 px link
    done.click()
    expect(page.get_by_text("Шаг выполнен.")).to_be_visible()
    reopen = page.locator("#done-steps").get_by_role("button", name="↺ Вернуть в работу")
    assert _height(reopen) >= 44
    shot(page, "step-done")
    reopen.click()
    expect(page.get_by_text("Шаг снова открыт.")).to_be_visible()
    expect(page.locator("#steps")).to_contain_text("Смета проекта")

    # on the team's page too: close, then reopen
    page.goto(f"{live}/consultations/teams/{team['id']}")
    page.locator("#team-steps").get_by_role("button", name="✓ Сделано").click()
    page.locator("#team-done-steps").get_by_role("button", name="↺ Вернуть в работу").click()
    expect(page.locator("#team-steps")).to_contain_text("Смета проекта")

    # a consultation logged by mistake: cancelled with a reason, after a question
    page.goto(f"{live}/consultations/{logged.json['id']}/edit")
    page.get_by_text("Отменить эту консультацию").click()
    page.get_by_label("Почему (например: записана дважды, не та команда)").fill("Записана дважды")
    shot(page, "cancel-consultation")
    asked: list[str] = []
    _answer(page, True, asked)
    page.get_by_role("button", name="Отменить консультацию").click()
    assert asked == ["Отменить эту консультацию? Она перестанет учитываться в показателях."]
    expect(page.get_by_text("Консультация отменена.")).to_be_visible()
    history = cs.get(f"/consultations/api/v1/consultations/{logged.json['id']}/history", headers=m).json
    assert any(row["action"] == "cancelled" and row["changes"] == {"reason": "Записана дважды"} for row in history), history
