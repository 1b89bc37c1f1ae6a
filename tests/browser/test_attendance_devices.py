"""Two phones on one tick-list: the second save does not silently undo the first, and a refused
list is shown, not retried for ever."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import back_online, go_offline, sign_in
from tests.support.api import enrolled
from tests.support.api import coordinator_headers, create_account, setup_cohort

pytestmark = pytest.mark.browser


def test_a_list_ticked_on_an_older_version_is_refused_with_the_current_one(browser, live, system, shot):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    cohort_id = ids["cohort"]["id"]
    people = enrolled(system, h, cohort_id, ["Анна Эссо", "Борис Эссо", "Вера Эссо"])
    c = system.client("cohorts")
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions", json={
        "title": "Выездная школа", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 240, "place": "с. Эссо"}, headers=h).json
    coordinator = create_account(system, name="Координатор Эссо")
    url = f"{live}/cohorts/sessions/{session['id']}/attendance"
    phones = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU", has_touch=True)
        page = context.new_page()
        sign_in(page, live, coordinator)
        page.goto(url)
        phones.append(page)
    first, second = phones
    # the first phone ticks Анна and saves
    first.locator("#participants li", has_text="Анна Эссо").locator("input").check()
    first.get_by_role("button", name="Сохранить").click()
    expect(first.get_by_role("status")).to_have_text("Посещаемость сохранена: присутствовало 1.")
    # the second phone, opened before that save, ticks Борис only
    second.locator("#participants li", has_text="Борис Эссо").locator("input").check()
    second.get_by_role("button", name="Сохранить").click()
    expect(second.get_by_role("status")).to_contain_text("изменил кто-то другой")
    # it now shows the saved list (Анна), for the coordinator to check and save again
    expect(second.locator("#participants li", has_text="Анна Эссо").locator("input")).to_be_checked()
    expect(second.locator("#participants li", has_text="Борис Эссо").locator("input")).not_to_be_checked()
    shot(second, "stale-list-refused")
    second.locator("#participants li", has_text="Борис Эссо").locator("input").check()
    second.get_by_role("button", name="Сохранить").click()
    expect(second.get_by_role("status")).to_have_text("Посещаемость сохранена: присутствовало 2.")
    # nothing left queued on either phone
    for page in phones:
        assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rostok.pending')).length") == 0
        page.context.close()
    saved = c.get(f"/cohorts/api/v1/sessions/{session['id']}/attendance", headers=h).json
    assert sorted(saved["person_ids"]) == sorted(people[:2])


def test_a_list_ticked_offline_survives_a_session_that_ended_meanwhile(page, live, system, shot):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    cohort_id = ids["cohort"]["id"]
    people = enrolled(system, h, cohort_id, ["Анна Эссо", "Борис Эссо"])
    c = system.client("cohorts")
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions", json={
        "title": "Выездная школа", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 240}, headers=h).json
    coordinator = create_account(system, name="Координатор Эссо")
    sign_in(page, live, coordinator)
    url = f"{live}/cohorts/sessions/{session['id']}/attendance"
    page.goto(url)
    go_offline(page)
    page.locator("#participants li", has_text="Анна Эссо").locator("input").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Нет сети")
    # the session ends while the phone is offline (the cookie is gone)
    page.context.clear_cookies()
    back_online(page)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("status")).to_contain_text("войдите снова")
    shot(page, "signed-out-list-kept")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rostok.pending')).length") == 1
    # signed in again, the page sends the kept list
    sign_in(page, live, coordinator)
    page.goto(url)
    expect(page.get_by_role("status")).to_have_text("Посещаемость сохранена: присутствовало 1.")
    saved = c.get(f"/cohorts/api/v1/sessions/{session['id']}/attendance", headers=h).json
    assert saved["person_ids"] == [people[0]]
