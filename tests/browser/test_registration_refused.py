"""A registration refused for a phone someone else has: the refusal at the top, the ways on, nothing typed lost."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, setup_cohort, token

pytestmark = pytest.mark.browser


def test_a_phone_of_someone_else_is_refused_at_the_top_with_what_to_do(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    anna = c.post("/cohorts/api/v1/people", json={"full_name": "Иванова Анна Петровна", "phone": "+79145550101"}, headers=h).json
    sign_in(page, live, coordinator)
    page.goto(f"{live}/cohorts/cohorts/{ids['cohort']['id']}/participants")
    page.get_by_label("ФИО").fill("Иванов Пётр Сергеевич")
    page.get_by_label("Телефон").fill("8 914 555-01-01")
    page.get_by_label("Населённый пункт").fill("с. Эссо")
    page.get_by_label("Год рождения").fill("1979")
    page.get_by_role("button", name="Зарегистрировать и включить в поток").click()

    refusal = page.locator("#duplicate")
    expect(refusal).to_be_visible()
    page.wait_for_load_state()
    box = refusal.bounding_box()
    assert box["y"] + box["height"] <= 740, box  # the refusal and its ways on, in view without scrolling
    expect(refusal).to_contain_text("телефон +79145550101 уже принадлежит человеку: Иванова Анна Петровна.")
    expect(refusal).to_contain_text("оставьте это поле пустым в форме ниже")
    shot(page, "refused")
    # what was typed is kept
    expect(page.get_by_label("ФИО")).to_have_value("Иванов Пётр Сергеевич")
    expect(page.get_by_label("Населённый пункт")).to_have_value("с. Эссо")
    expect(page.get_by_label("Год рождения")).to_have_value("1979")
    expect(refusal.get_by_role("link", name="Открыть: Иванова Анна Петровна")).to_have_attribute(
        "href", f"/cohorts/people/{anna['id']}?cohort={ids['cohort']['id']}")

    # a family phone: the other person is registered without it
    page.get_by_label("Телефон").fill("")
    page.get_by_role("button", name="Зарегистрировать и включить в поток").click()
    expect(page.get_by_text("Иванов Пётр Сергеевич: зарегистрирован(а) и включен(а) в поток.")).to_be_visible()

    # the same person after all: enrolled from the refusal in one tap
    page.get_by_label("ФИО").fill("Анна Иванова")
    page.get_by_label("Телефон").fill("+7 914 555 01 01")
    page.get_by_role("button", name="Зарегистрировать и включить в поток").click()
    page.locator("#duplicate").get_by_role("button", name="Включить в поток: Иванова Анна Петровна").click()
    expect(page.locator("#participants")).to_contain_text("Иванова Анна Петровна")
