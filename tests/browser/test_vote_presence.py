"""The hall's vote on two phones in Chromium: the phone in the hall votes with the code the projector shows (scanned
with the QR code, or typed), a phone elsewhere without it is refused and told what to do, and a script that opens
new sessions from one address is shown to the chair, who sets its votes aside with a reason."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.fairs.audience import rules
from tests.browser.pages import sign_in
from tests.support.api import create_account
from tests.support.fair_day import day_fair, day_world

pytestmark = pytest.mark.browser

WAIT = 20_000  # ms: a slow machine still gets there


def test_a_phone_votes_with_the_projectors_code_and_one_elsewhere_is_refused(browser, browser_context_args, live, system, shot):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w, audience_weight=1)
    chair = create_account(system, name="Председатель Ярмарки")
    laptop = browser.new_context(**{**browser_context_args, "viewport": {"width": 1280, "height": 800}, "has_touch": False})
    projector = laptop.new_page()
    sign_in(projector, live, chair)
    projector.goto(f"{live}/fairs/{fair['id']}/projector")
    code = projector.locator("#presence-code")
    expect(code).to_have_text(re.compile(r"^\d{4}$"))
    shot(projector, "projector-presence-code")
    # the QR code carries the code of the minute
    qr_link = projector.locator("[data-qr]")
    expect(qr_link).to_be_visible()

    # phone 1 in the hall: scans the QR code (the page opens with the code filled in) and votes
    hall = browser.new_context(**browser_context_args).new_page()
    hall.goto(f"{live}/fairs/{fair['id']}/vote?code={code.inner_text()}")
    expect(hall.get_by_label("Код с экрана в зале")).to_have_value(code.inner_text())
    hall.locator("label", has_text=fair["pitches"][0]["team_name"]).click()
    hall.get_by_role("button", name="Голосовать").click()
    expect(hall.get_by_text("Спасибо: ваш голос учтён.")).to_be_visible()
    shot(hall, "vote-in-the-hall")

    # phone 2 at home: the link without the code, a guess; refused, told what to do, nothing counted
    home = browser.new_context(**browser_context_args).new_page()
    home.goto(f"{live}/fairs/{fair['id']}/vote")
    home.locator("label", has_text=fair["pitches"][1]["team_name"]).click()
    home.get_by_role("button", name="Голосовать").click()
    expect(home.locator(".field-error")).to_have_text("Введите код, который показан на экране в зале.")
    guess = "0000" if code.inner_text() != "0000" else "1111"
    home.get_by_label("Код с экрана в зале").fill(guess)
    home.locator("label", has_text=fair["pitches"][1]["team_name"]).click()
    home.get_by_role("button", name="Голосовать").click()
    expect(home.locator(".field-error")).to_contain_text("Это не тот код, что сейчас на экране")
    shot(home, "vote-away-refused")
    counts = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/vote-counts", headers=w["h"]).json
    assert {c["pitch_id"]: c["votes"] for c in counts["items"]} == {fair["pitches"][0]["id"]: 1, fair["pitches"][1]["id"]: 0}

    # a script in the hall: a new session for each vote, with the code; the chair sees the burst as it happens
    for _ in range(rules.BURST):
        script = browser.new_context(**browser_context_args).new_page()
        script.goto(f"{live}/fairs/{fair['id']}/vote?code={code.inner_text()}")
        script.locator("label", has_text=fair["pitches"][1]["team_name"]).click()
        script.get_by_role("button", name="Голосовать").click()
        expect(script.get_by_text("Спасибо: ваш голос учтён.")).to_be_visible()
        script.context.close()
    console = laptop.new_page()
    console.goto(f"{live}/fairs/{fair['id']}/console")
    bursts = console.locator("#bursts")
    expect(bursts).to_contain_text("Подозрительные всплески голосов", timeout=WAIT)
    form = bursts.locator("form").first
    form.get_by_label("Почему эти голоса откладываются (сохранится в истории ярмарки)").fill("Голоса скриптом из одного телефона")
    shot(console, "console-burst")
    form.get_by_role("button", name="Отложить эти голоса").click()
    expect(console.get_by_text(re.compile(r"Голоса отложены: \d+\."))).to_be_visible()
    counts = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/vote-counts", headers=w["h"]).json["items"]
    # the whole burst from the hall's address is set aside: the honest phone shared that address (the chair was warned)
    assert sum(c["votes"] for c in counts) < rules.BURST
