"""The Kamchatka cohort on a phone, beyond the whole journey's path (which sets a cohort up, imports it, takes the
school's attendance and nominates on the pages): attendance at the away school while the network drops, a team's
role and details corrected, the programme's targets set later, the cohort's dashboard. The cohort, its 28 people and
the school session with 20 present come through the API."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import back_online, expect_flash, fill_form, go_offline, sign_in
from tests.support import kamchatka
from tests.support.api import create_account, token
from tests.support.sheets import import_world, upload

pytestmark = pytest.mark.browser
PRESENT = 20


def kamchatka_cohort(system, coordinator) -> dict:
    """The programme, its cohort, the two districts' territories, the centre's spreadsheet imported, and a session of
    the away school in Esso with the first twenty participants marked present."""
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "участники.xlsx", kamchatka.xlsx(kamchatka.people_rows()))
    assert c.post(f"/cohorts/api/v1/imports/{preview.json['id']}/confirm", headers=h).json["members_added"] == 28
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions", json={
        "title": "Выездная школа: социальное проектирование", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 240,
        "place": "с. Эссо, этнический центр"}, headers=h).json
    people = [p["person_id"] for p in c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/participants?per_page=100", headers=h).json["items"]]
    assert c.put(f"/cohorts/api/v1/sessions/{session['id']}/attendance", json={"person_ids": people[:PRESENT]},
                 headers=h).status_code == 200
    return {"cohort_id": cohort_id, "session_id": session["id"]}


def test_the_away_schools_attendance_survives_the_network_dropping(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор Камчатки")
    cohort = kamchatka_cohort(system, coordinator)
    sign_in(page, live, coordinator)
    page.goto(f"{live}/cohorts/sessions/{cohort['session_id']}/attendance")
    expect(page.locator("#participants input:checked")).to_have_count(PRESENT)

    # the network drops in Esso: ticking and saving still works, and is sent later, once
    go_offline(page)
    for _ in range(4):
        page.locator("#participants input:not(:checked)").first.check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Нет сети")
    shot(page, "attendance-offline")
    back_online(page)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("status")).to_have_text(f"Посещаемость сохранена: присутствовало {PRESENT + 4}.")
    page.reload()
    expect(page.locator("#participants input:checked")).to_have_count(PRESENT + 4)
    expect(page.locator("#changes li")).to_have_count(2)  # the first list and the four added offline, none doubled
    expect(page.locator("#changes li").first.locator(".added")).to_contain_text("+ ")  # who was added, by name
    shot(page, "attendance-history")


def test_a_team_and_the_programme_corrected_on_a_phone_and_the_dashboard(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор Камчатки")
    cohort = kamchatka_cohort(system, coordinator)
    sign_in(page, live, coordinator)
    cohort_url = f"{live}/cohorts/cohorts/{cohort['cohort_id']}/teams"

    # a team on a phone: its territory, a role changed, its details edited
    page.goto(cohort_url)
    page.get_by_role("link", name="Эссо-тур").click()
    expect(page.locator("#team-facts")).to_contain_text("Быстринский МР / с. Эссо")
    page.locator("#members li").nth(1).get_by_label("Роль", exact=False).select_option("leader")
    page.locator("#members li").nth(1).get_by_role("button", name="Сменить роль").click()
    expect_flash(page, "Роль изменена.")
    shot(page, "team")
    page.get_by_role("link", name="Изменить команду").click()
    fill_form(page, {"Тип": "Молодая НКО", "Кратко о проекте": "Экологическая тропа по стойбищам с гидами из местной молодёжи"})
    shot(page, "team-edit")
    page.get_by_role("button", name="Сохранить").click()
    expect_flash(page, "Сохранено.")
    expect(page.locator("#team-facts")).to_contain_text("Молодая НКО")

    # the programme's targets and co-financing, set later
    page.goto(f"{live}/cohorts/")
    page.get_by_role("link", name="Изменить").first.click()
    fill_form(page, {"Софинансирование": "300000", "Цель: участников": "50", "Цель: команд": "7",
                     "Цель: часов консультаций": "40"})
    shot(page, "program-edit")
    page.get_by_role("button", name="Сохранить").click()
    expect_flash(page, "Сохранено.")

    page.goto(cohort_url)
    page.get_by_role("link", name="Сводка").click()
    expect(page.locator('[data-indicator="participants"]')).to_contain_text("цель 50 · 56%")
    expect(page.locator('[data-indicator="teams"]')).to_contain_text("цель 7 · 100%")
    shot(page, "dashboard")
