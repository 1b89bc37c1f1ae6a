"""Three public pages in Kazakh in Chromium at phone width: an event's registration, the programme's public page and
a grants call's application form. The chooser says «Қазақша», dates are written the Kazakh way ("2027 ж. 10 наурыз"),
money in tenge, nothing scrolls sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.test_grants_calls import a_call
from tests.support.jury import replicated, world

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"


def test_three_public_pages_read_in_kazakh_on_a_phone(page, live, system, shot):
    w = world(system)
    replicated(system, accounts=4, nominated=2)
    h, c = w["h"], system.client("cohorts")
    program_id = c.get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    assert c.patch(f"/cohorts/api/v1/programs/{program_id}", json={"currency": "KZT"}, headers=h).status_code == 200
    event = c.post("/cohorts/api/v1/events", json={
        "program_id": program_id, "kind": "training", "title": "Ауылдық ҮЕҰ-ға арналған тренинг",
        "starts_at": "2027-03-10T04:00:00+00:00", "duration_minutes": 240, "registration": "open", "capacity": 30}, headers=h).json

    page.goto(f"{live}/cohorts/events/{event['id']}/register?lang=kk")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator(".langs strong")).to_have_text("Қазақша")
    expect(page.get_by_role("button", name="Мені тіркеу")).to_be_visible()
    expect(page.locator("#event-when")).to_contain_text("2027 ж. 10 наурыз")
    _no_sideways_scroll(page)
    shot(page, "kk-registration")

    page.goto(f"{live}/cohorts/public/programs/{program_id}")  # the choice is kept
    expect(page.get_by_role("heading", name="Алдағы іс-шаралар")).to_be_visible()
    expect(page.get_by_role("link", name="Мені тіркеу")).to_be_visible()
    _no_sideways_scroll(page)
    shot(page, "kk-programme")

    call = a_call(system, h, program_id, budget="5000000", min_award="500000", max_award="2000000")
    page.goto(f"{live}/fairs/grants/{call['id']}/apply")
    expect(page.get_by_role("button", name="Өтінімді жіберу")).to_be_visible()
    expect(page.locator("#call-dates")).to_contain_text("500\u00a0000\u00a0₸")
    expect(page.get_by_label("Сіздің ұйымыңыз")).to_be_visible()
    _no_sideways_scroll(page)
    shot(page, "kk-application")
    page.get_by_role("button", name="Өтінімді жіберу").click()  # nothing filled: the messages in Kazakh, by their fields
    expect(page.locator(".field-error").first).to_contain_text("Бұл өріс міндетті түрде керек.")  # WTForms' own Kazakh
