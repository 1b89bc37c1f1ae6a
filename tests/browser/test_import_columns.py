"""The import preview on a phone: a Google Forms export, how each column is read, a column changed before import."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, setup_cohort, token
from tests.support.sheets import GOOGLE_FORM, xlsx

pytestmark = pytest.mark.browser


def test_a_forms_export_shows_its_columns_and_one_is_changed_before_import(page, live, system, shot, tmp_path):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    ids = setup_cohort(system, h)
    sign_in(page, live, coordinator)
    page.goto(f"{live}/cohorts/cohorts/{ids['cohort']['id']}/import")
    sheet = tmp_path / "Ответы на форму.xlsx"
    sheet.write_bytes(xlsx(GOOGLE_FORM))
    page.get_by_label("Таблица (.xlsx или .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Показать, что будет импортировано").click()
    expect(page.locator("#unplaced")).to_contain_text("Столбец «Откуда вы узнали о школе?» не импортируется")
    expect(page.locator("#column-list")).to_contain_text("Фамилия, имя, отчество → ФИО")
    expect(page.locator("#column-list")).to_contain_text("Отметка времени → Отметка времени формы: не импортируется")
    shot(page, "preview-columns")
    page.get_by_label("Откуда вы узнали о школе?").select_option("organisation")
    page.get_by_role("button", name="Перечитать таблицу с этими столбцами").click()
    expect(page.get_by_text("Предпросмотр перечитан с этими столбцами.")).to_be_visible()
    expect(page.locator("#unplaced")).to_have_count(0)
    expect(page.locator("#column-list")).to_contain_text("Откуда вы узнали о школе? → Организация")
    shot(page, "preview-remapped")
