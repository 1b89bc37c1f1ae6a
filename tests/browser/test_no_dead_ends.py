"""No dead ends on a phone: the team form's territory (blank first, a way to add one and back), several
projects nominated at once from the cohort's team list."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, register_team, token

pytestmark = pytest.mark.browser


def test_team_form_territory_and_nominating_several_teams(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", json={"name": "Акселератор", "starts_on": "2026-03-01", "ends_on": "2026-11-30",
                                                      "timezone": "Asia/Kamchatka"}, headers=h).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Поток 2026"}, headers=h).json
    milkovo = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    sign_in(page, live, coordinator)

    # the territory is chosen, never taken silently from the top of the list
    page.goto(f"{live}/cohorts/cohorts/{cohort['id']}/teams")
    territory = page.get_by_label("Территория")
    expect(territory).to_have_value("")
    page.get_by_label("Название команды").fill("Эссо-тур")
    page.get_by_role("button", name="Зарегистрировать").click()
    expect(page.locator(".has-error").get_by_label("Территория")).to_be_visible()
    expect(page.get_by_label("Название команды")).to_have_value("Эссо-тур")  # what was typed stays

    # the settlement is missing: add it and come back to the form, where it is offered
    add = page.get_by_role("link", name="+ Добавить территорию")
    assert add.bounding_box()["height"] >= 44
    shot(page, "team-form")
    add.click()
    page.get_by_label("Муниципальный район").fill("Быстринский МР")
    page.get_by_label("Населённый пункт").fill("с. Эссо")
    page.get_by_role("button", name="Добавить").click()
    expect(page).to_have_url(f"{live}/cohorts/cohorts/{cohort['id']}/teams")
    expect(page.get_by_text("Территория добавлена.")).to_be_visible()
    page.get_by_label("Название команды").fill("Эссо-тур")
    page.get_by_label("Территория").select_option(label="Быстринский МР / с. Эссо")
    page.get_by_label("Название проекта").fill("Этнотропа")
    page.get_by_role("button", name="Зарегистрировать").click()
    expect(page.get_by_text("Команда «Эссо-тур» зарегистрирована.")).to_be_visible()

    # several projects nominated from the list at once; a team without a project is named, not lost
    for name, title in (("Мильковские волонтёры", "Тропа здоровья"), ("Шаромская молодёжь", None)):
        register_team(system, h, cohort["id"], milkovo["id"], name, **({"project_title": title} if title else {}))
    page.reload()
    for name in ("Эссо-тур", "Мильковские волонтёры", "Шаромская молодёжь"):
        page.get_by_role("checkbox", name=f"Выдвинуть {name}").check()
    shot(page, "teams-ticked")
    page.get_by_role("button", name="Выдвинуть отмеченные проекты на ярмарку").click()
    expect(page.get_by_text("2 проекта выдвинуто на ярмарку.")).to_be_visible()
    expect(page.get_by_text("«Шаромская молодёжь»: Назовите проект, прежде чем выдвигать его.")).to_be_visible()
    expect(page.locator("#teams .tag", has_text="выдвинут")).to_have_count(2)
    expect(page.get_by_role("checkbox")).to_have_count(1)  # only the one not nominated is offered again
    shot(page, "teams-nominated")


def test_an_invitation_opened_again_after_the_password_is_set_leads_to_sign_in(page, live, system, shot):
    from services.cohorts.accounts import operations as accounts

    person = create_account(system, roles=("mentor",), name="Мария Наставник", password=None)
    with system.runtime("cohorts").uow() as uow:
        _account, link = accounts.issue_link(uow, person["id"], "invite", actor_id=None)
        uow.commit()
    page.goto(f"{live}/cohorts/set-password/{link}")
    page.get_by_label("Новый пароль").fill("тёплый вечер у реки")
    page.get_by_label("Повторите пароль").fill("тёплый вечер у реки")
    page.get_by_role("button", name="Задать пароль").click()
    expect(page).to_have_url(re.compile(r"/cohorts/sign-in"))

    page.goto(f"{live}/cohorts/set-password/{link}")  # the link from the letter, opened again
    expect(page.get_by_role("heading", name="Пароль по этой ссылке уже задан. Войдите с ним.")).to_be_visible()
    shot(page, "link-used")
    expect(page.locator("nav.nav").get_by_role("link", name="Войти")).to_be_visible()  # signed out: nothing folded
    page.locator("main").get_by_role("link", name="Войти").click()
    expect(page.get_by_role("heading", name="Войти")).to_be_visible()
