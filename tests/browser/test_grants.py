"""A grants call in Chromium at phone width: an applicant fills the public form (a partner row added, the request
summed as the lines are typed) and lands on their private link; an expert opens their personal link and scores an
application with the network cut, the sheet waiting in the browser until the network is back."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from services.fairs.grants.models import GrantApplication, GrantReview
from tests.browser.pages import back_online, go_offline
from tests.integration.test_grants_calls import a_call, application
from tests.support.jury import replicated, world

pytestmark = pytest.mark.browser

WAIT = 20_000  # ms: a slow machine still gets there


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"


def _call(system) -> tuple[dict, dict]:
    w = world(system)
    replicated(system, accounts=4, nominated=2)
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=w["h"]).json["program_id"]
    return w, a_call(system, w["h"], program_id)


def test_an_applicant_sends_the_public_form_on_a_phone_and_keeps_the_private_link(page, live, system, shot):
    w, call = _call(system)
    page.goto(f"{live}/fairs/grants/{call['id']}/apply")
    expect(page.get_by_role("heading", name="Малые гранты 2027")).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_label("Ваша организация").fill("АНО «Росток»")
    page.get_by_label("Её ИНН", exact=True).fill("7707083893")
    page.locator("#partners-0-name").fill("Школа №1")
    page.get_by_role("button", name="Ещё партнёр").click()
    page.get_by_role("button", name="Ещё партнёр").click()
    expect(page.locator("#partners-3-name")).to_be_visible()  # a fourth row, numbered on
    page.locator("#partners-3-name").fill("Дом культуры")
    page.get_by_label("Контактное лицо").fill("Анна Иванова")
    page.get_by_label("Телефон").fill("+7 914 555 12 34")
    page.get_by_label("Название проекта").fill("Тропа здоровья")
    page.get_by_label("Что делает проект, для кого и с кем").fill("Экотропа для жителей села")
    page.locator("#budget_lines-0-item").fill("Указатели")
    page.locator("#budget_lines-0-amount").fill("100 000")
    page.locator("#budget_lines-1-item").fill("Печать")
    page.locator("#budget_lines-1-amount").fill("50000,50")
    expect(page.locator("#requested")).to_contain_text("Запрошено: 150\u00a0000,5")
    shot(page, "grant-application-filled")
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.locator(".flash-success")).to_contain_text("Заявка отправлена", timeout=WAIT)
    expect(page.locator("#private-link input")).to_have_value(page.url)
    _no_sideways_scroll(page)
    shot(page, "grant-application-private-link")
    with system.runtime("fairs").engine.connect() as conn:
        kept = conn.execute(sa.select(GrantApplication.requested_amount, GrantApplication.partners)).one()
    assert str(kept.requested_amount) == "150000.50"
    assert [p["name"] for p in kept.partners] == ["Школа №1", "Дом культуры"]

    page.get_by_label("Название проекта").fill("Тропа здоровья у реки")
    page.get_by_role("button", name="Сохранить изменения").click()
    expect(page.locator(".flash-success")).to_contain_text("Изменения сохранены", timeout=WAIT)
    expect(page.get_by_label("Название проекта")).to_have_value("Тропа здоровья у реки")


def test_an_expert_scores_with_the_network_cut_and_the_sheet_is_sent_when_it_is_back(page, live, system, shot):
    w, call = _call(system)
    f, h = system.client("fairs"), w["h"]
    sent = f.post(f"/fairs/api/v1/calls/{call['id']}/applications", json=application())
    assert sent.status_code == 201
    expert = f.post(f"/fairs/api/v1/calls/{call['id']}/experts", json={"account_id": w["j1"]["id"]}, headers=h).json
    f.post(f"/fairs/api/v1/calls/{call['id']}/experts", json={"account_id": w["j2"]["id"]}, headers=h)
    assert f.patch(f"/fairs/api/v1/calls/{call['id']}", json={"state": "review"}, headers=h).status_code == 200
    c1, c2 = [c["id"] for c in f.get(f"/fairs/api/v1/calls/{call['id']}/criteria", headers=h).json["items"]]

    page.goto(f"{live}/fairs/x/{expert['link_token']}")
    expect(page.get_by_role("heading", name="Мои экспертизы")).to_be_visible(timeout=WAIT)
    expect(page.locator("#progress")).to_have_text("0 из 1 листов заполнено")
    shot(page, "grant-expert-list")
    page.get_by_role("link", name="Тропа здоровья").click()
    expect(page.locator("#sheet")).to_be_visible()
    _no_sideways_scroll(page)
    go_offline(page)
    page.locator(f"#criterion-{c1}").get_by_text("8", exact=True).click()
    page.locator(f"#criterion-{c2}").get_by_text("Не применимо").click()
    expect(page.locator("#queue-status")).to_contain_text("Нет сети: лист сохранён в этом браузере", timeout=WAIT)
    shot(page, "grant-sheet-offline")
    with system.runtime("fairs").engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(GrantReview.__table__)).scalar_one() == 0

    back_online(page)
    page.reload()  # the sheet survived the page (it waited in the browser) and is sent when a page opens
    expect(page.locator("#queue-status")).to_be_hidden(timeout=WAIT)
    with system.runtime("fairs").engine.connect() as conn:
        scores = conn.execute(sa.select(GrantReview.scores)).scalar_one()
    assert scores == {str(c1): 8, str(c2): None}
    page.goto(f"{live}/fairs/grants/{call['id']}/my-reviews")
    expect(page.locator("#progress")).to_have_text("1 из 1 листов заполнено")
