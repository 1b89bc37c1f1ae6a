"""First journeys: sign in, switch language, see only the allowed navigation, be refused, sign out."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account

pytestmark = pytest.mark.browser


def nav_labels(page):
    return page.locator("nav.nav a").all_inner_texts()


def test_coordinator_signs_in_switches_language_and_signs_out(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Ольга Координатор")
    page.goto(f"{live}/cohorts/")
    expect(page).to_have_url(f"{live}/cohorts/sign-in?next=/cohorts/")
    expect(page.get_by_role("heading", name="Войти")).to_be_visible()
    shot(page, "sign-in-ru")

    page.get_by_label("Электронная почта").fill(coordinator["email"])
    page.get_by_label("Пароль").fill("wrong password")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("alert")).to_have_text("Неверная почта или пароль.")

    page.get_by_label("Пароль").fill(coordinator["password"])
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{live}/cohorts/")
    expect(page.get_by_text("Здравствуйте, Ольга Координатор!")).to_be_visible()
    assert nav_labels(page) == ["Программы", "Учётные записи", "Консультации", "Ярмарки", "Гранты"]
    shot(page, "home-ru")

    page.get_by_role("link", name="EN").click()
    expect(page.get_by_role("heading", name="Programmes")).to_be_visible()
    assert nav_labels(page) == ["Programmes", "Accounts", "Consultations", "Fairs", "Grants"]
    shot(page, "home-en")
    # the choice is kept on the one origin: the other services speak English too
    page.goto(f"{live}/consultations/")
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()
    page.goto(f"{live}/cohorts/accounts")
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    shot(page, "accounts-en")

    page.get_by_role("button", name="Menu").click()  # a phone: the navigation is folded behind its menu
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "sign-in-en")
    page.goto(f"{live}/consultations/")
    expect(page).to_have_url(f"{live}/cohorts/sign-in?next=/consultations/")


def test_a_mentor_sees_only_their_navigation_and_is_refused_a_coordinators_page(page, live, system, shot):
    mentor = create_account(system, roles=("mentor",), name="Пётр Наставник")
    sign_in(page, live, mentor)
    # a mentor lands on consultations and sees only what a mentor may use
    expect(page).to_have_url(f"{live}/consultations/")
    expect(page.get_by_role("heading", name="Команды")).to_be_visible()
    assert nav_labels(page) == ["Консультации"]
    shot(page, "consultations-ru")
    response = page.goto(f"{live}/cohorts/accounts")
    assert response.status == 403
    expect(page.get_by_role("heading", name="У вас нет доступа к этому разделу.")).to_be_visible()
    shot(page, "refused-ru")


def test_form_errors_stand_next_to_their_fields(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",))
    sign_in(page, live, coordinator)
    page.goto(f"{live}/cohorts/accounts")
    page.get_by_role("button", name="Пригласить").click()
    name_field = page.locator(".field", has=page.get_by_label("Имя"))
    expect(name_field.locator(".field-error")).to_be_visible()
    shot(page, "invite-errors-ru")
    page.get_by_label("Имя").fill("Мария Эксперт")
    page.get_by_label("Электронная почта").fill("juror@example.ru")
    page.get_by_label("Член жюри").check()
    page.get_by_role("button", name="Пригласить").click()
    expect(page.locator(".flash-link input")).to_have_value(re.compile(r"/cohorts/set-password/"))
    shot(page, "invite-link-ru")
    # the invited juror opens the link on their own phone, sets a password and signs in
    page.locator(".flash-link button").click()
    expect(page.locator(".flash-link button")).to_have_text("Скопировано")
    link = page.locator(".flash-link input").input_value()
    phone = page.context.browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    juror = phone.new_page()
    juror.goto(link)
    juror.get_by_label("Новый пароль").fill("жюри-пароль-2026")
    juror.get_by_label("Повторите пароль").fill("жюри-пароль-2026")
    juror.get_by_role("button", name="Задать пароль").click()
    expect(juror.get_by_label("Электронная почта")).to_have_value("juror@example.ru")  # one field less to type
    juror.get_by_label("Пароль").fill("жюри-пароль-2026")
    juror.get_by_role("button", name="Войти").click()
    expect(juror.get_by_text("Здравствуйте, Мария Эксперт!")).to_be_visible()
    phone.close()
