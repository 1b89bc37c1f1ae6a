"""Small screens and English: the navigation folds into a menu on a phone, the attendance count survives Back,
the programme card says its time zone and targets, English pages carry no Russian leftovers."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, setup_cohort, token

pytestmark = pytest.mark.browser


def test_the_phone_header_folds_the_navigation_into_a_menu(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    sign_in(page, live, coordinator)
    expect(page).to_have_url(f"{live}/cohorts/")
    page.wait_for_load_state()
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 740 / 8, header  # an eighth of the screen, not a quarter
    expect(page.locator("nav.nav a", has_text="Учётные записи")).to_be_hidden()
    shot(page, "menu-closed")
    menu = page.get_by_role("button", name="Меню")
    assert menu.bounding_box()["height"] >= 44
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("nav.nav a", has_text="Учётные записи")).to_be_visible()
    shot(page, "menu-open")
    page.locator("nav.nav a", has_text="Консультации").click()
    expect(page).to_have_url(f"{live}/consultations/")
    expect(page.locator("nav.nav a", has_text="Программы")).to_be_hidden()  # folded again on the next page


def test_attendance_count_after_back_and_the_programme_card_in_english(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    c.patch(f"/cohorts/api/v1/programs/{ids['program']['id']}", json={"targets": {"participants": 50, "teams": 7}}, headers=h)
    for i in range(8):
        person = c.post("/cohorts/api/v1/people", json={"full_name": f"Участник {i}", "phone": f"+7914555{i:04d}"}, headers=h).json
        c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/participants", json={"person_id": person["id"]}, headers=h)
    school = c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/sessions", json={
        "title": "Школа", "starts_at": "2026-05-12T00:00:00+00:00", "duration_minutes": 240}, headers=h).json
    sign_in(page, live, coordinator)

    page.goto(f"{live}/cohorts/sessions/{school['id']}/attendance")
    boxes = page.locator("#participants input[type=checkbox]")
    for i in range(7):
        boxes.nth(i).check()
    expect(page.get_by_role("button", name="Сохранить · 7")).to_be_visible()
    page.goto(f"{live}/cohorts/")
    page.go_back()
    expect(page.locator("#participants input:checked")).to_have_count(7)
    expect(page.get_by_role("button", name="Сохранить · 7")).to_be_visible()

    # the programme card: its time zone and targets
    page.goto(f"{live}/cohorts/")
    card = page.locator(f"#program-{ids['program']['id']}")
    expect(card).to_contain_text("Часовой пояс: Камчатка (UTC+12)")
    expect(card).to_contain_text("участников: 50")
    expect(card).to_contain_text("команд: 7")
    shot(page, "programme-card")

    # English: no Russian column names, no rouble sign beside "RUB"
    cohort = ids["cohort"]["id"]
    for path in ("/cohorts/?lang=en", f"/cohorts/cohorts/{cohort}/import?lang=en", f"/cohorts/cohorts/{cohort}/dashboard?lang=en",
                 f"/cohorts/cohorts/{cohort}/teams?lang=en", f"/cohorts/cohorts/{cohort}/participants?lang=en",
                 f"/cohorts/cohorts/{cohort}/sessions?lang=en", f"/cohorts/sessions/{school['id']}/attendance?lang=en",
                 "/cohorts/territories?lang=en", "/consultations/?lang=en", "/consultations/new?lang=en"):
        page.goto(f"{live}{path}")
        chrome = page.locator("main").inner_text()
        own = {"Акселератор Камчатка", "Поток 2026", "Быстринский МР", "с. Эссо", "Школа", "Координатор",
               *(f"Участник {i}" for i in range(8))}
        for name in own:
            chrome = chrome.replace(name, "")
        leftovers = re.findall(r"[А-Яа-яЁё₽]+", chrome)
        assert not leftovers, (path, leftovers)
    shot(page, "consultation-form-en")  # the last of the English pages
