"""A coordinator on a phone creates a fair, sets its criteria and weights on its settings page; a juror's link that
taps the brand lands on its own sheets."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, register_team, setup_cohort, token
from tests.support.system import wait_until

pytestmark = pytest.mark.browser


def test_a_coordinator_sets_up_criteria_and_weights_on_a_phone(page, browser, browser_context_args, live, system, shot):
    coordinator = create_account(system, name="Координатор Ярмарки")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    ids = setup_cohort(system, h)
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Мильковские волонтёры", project_title="Тропа здоровья")
    system.client("cohorts").post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)
    from services.fairs.db import REPLICAS

    def replicated():
        with system.runtime("fairs").engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams).where(REPLICAS.teams.c.nominated, REPLICAS.teams.c.version > 0)).scalar_one() == 1
    wait_until(replicated, message="the nominated team in fairs")

    sign_in(page, live, coordinator)
    page.goto(f"{live}/fairs/")
    # an empty new fair: the server's messages, in Russian, next to the fields (no browser bubble)
    page.get_by_role("button", name="Создать ярмарку").click()
    expect(page.locator("#new-fair .field-error").first).to_have_text("Обязательное поле.")
    shot(page, "new-fair-errors")
    page.get_by_label("Название").fill("Ярмарка проектов «Росток-2026»")
    page.get_by_label("Дата").fill("2026-12-10")
    page.get_by_role("button", name="Создать ярмарку").click()
    expect(page.get_by_text("Ярмарка создана.")).to_be_visible()
    expect(page.get_by_text("Учётных записей членов жюри пока нет.")).to_be_visible()
    shot(page, "jury-no-accounts")
    page.get_by_role("link", name="Программа выступлений").first.click()
    expect(page.get_by_text("1. Мильковские волонтёры")).to_be_visible()
    expect(page.get_by_role("button", name="Позже")).to_have_count(0)
    shot(page, "lineup-single")
    page.get_by_role("link", name="Критерии и веса").click()

    # criteria: a wrong one, then two right ones
    form = page.locator("#new-criterion")
    form.get_by_label("Название критерия").fill("Социальная значимость")
    form.get_by_label("Вес").fill("0")
    form.get_by_role("button", name="Добавить критерий").click()
    expect(page.locator("#new-criterion .field-error")).to_have_text("Вес должен быть больше нуля.")
    shot(page, "criterion-error")
    form.get_by_label("Вес").fill("2")
    form.get_by_role("button", name="Добавить критерий").click()
    expect(page.get_by_text("Критерий добавлен: Социальная значимость.")).to_be_visible()
    form.get_by_label("Название критерия").fill("Качество выступления")
    form.get_by_label("Вес").fill("1,5")
    form.get_by_label("Максимальный балл").fill("5")
    form.get_by_role("button", name="Добавить критерий").click()
    expect(page.locator("#criteria-list")).to_contain_text("вес 2,0")
    expect(page.locator("#criteria-list")).to_contain_text("вес 1,5")
    shot(page, "settings-criteria")
    page.get_by_role("link", name="Изменить критерий «Качество выступления»").click()
    page.get_by_label("Максимальный балл").fill("10")
    shot(page, "criterion-edit")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#criteria-list")).to_contain_text("от 0 до 10")
    page.get_by_role("button", name="Удалить критерий «Качество выступления»").click()
    expect(page.get_by_text("Критерий удалён: Качество выступления.")).to_be_visible()
    # the fair's weights
    fair_form = page.locator("#edit-fair")
    fair_form.get_by_label("Вес жюри").fill("0,6")
    fair_form.get_by_label("Вес зрителей").fill("0,4")
    fair_form.get_by_role("button", name="Сохранить ярмарку").click()
    expect(page.get_by_text("Ярмарка сохранена.")).to_be_visible()
    expect(page.locator("#edit-fair").get_by_label("Вес жюри")).to_have_value("0,6")
    shot(page, "settings-saved")
    page.goto(f"{live}/fairs/teams")
    expect(page.get_by_role("link", name="← Ярмарки")).to_be_visible()
    shot(page, "teams")


def test_a_jurors_link_that_opens_the_fairs_lands_on_its_sheets(page, live, system, shot):
    coordinator = create_account(system, name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    ids = setup_cohort(system, h)
    juror = create_account(system, roles=("juror",), name="Ирина Жюри")
    from services.fairs.db import REPLICAS

    def known():
        with system.runtime("fairs").engine.connect() as conn:
            return conn.execute(sa.select(REPLICAS.accounts.c.id).where(REPLICAS.accounts.c.id == juror["id"])).first() is not None
    wait_until(known, message="the juror in fairs")
    f = system.client("fairs")
    fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": ids["cohort"]["id"], "name": "Ярмарка", "held_on": "2026-12-10"}, headers=h).json
    link = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors", json={"account_id": juror["id"]}, headers=h).json["link_url"]
    page.goto(link.replace("http://localhost", live))
    page.goto(f"{live}/fairs/")
    expect(page).to_have_url(f"{live}/fairs/{fair['id']}/my-sheets")
    expect(page.get_by_text("Член жюри: Ирина Жюри")).to_be_visible()
    shot(page, "link-home")
