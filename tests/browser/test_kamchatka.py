"""The Kamchatka cohort on a phone: set it up, import its people, take attendance at the away school
(with the network dropping), nominate projects."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import back_online, go_offline, sign_in
from tests.support import kamchatka
from tests.support.api import create_account, token

pytestmark = pytest.mark.browser


def test_kamchatka_cohort_from_setup_to_nominations(page, live, system, shot, tmp_path):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор Камчатки")
    sign_in(page, live, coordinator)

    # the programme and its cohort
    page.get_by_label("Программа").first.fill("Акселератор социальных проектов Камчатки")
    page.get_by_label("Грантодатель").fill("Фонд президентских грантов")
    page.get_by_label("Начало").fill("2026-03-01")
    page.get_by_label("Окончание").fill("2026-11-30")
    page.get_by_label("Часовой пояс").select_option("Asia/Kamchatka")
    page.get_by_label("Цель: участников").fill("50")
    page.get_by_label("Цель: команд").fill("7")
    page.get_by_label("Цель: проектов-лидеров").fill("3")
    page.get_by_role("button", name="Создать программу").click()
    expect(page.get_by_text("Программа создана.")).to_be_visible()
    page.get_by_label("Поток").fill("Камчатка 2026")
    page.get_by_role("button", name="Создать поток").click()
    expect(page.get_by_text("Поток создан.")).to_be_visible()
    cohort_url = page.url

    # territories of the two districts
    page.goto(f"{live}/cohorts/territories")
    for district, settlement in kamchatka.TERRITORIES:
        page.get_by_label("Муниципальный район").fill(district)
        page.get_by_label("Населённый пункт").fill(settlement)
        page.get_by_role("button", name="Добавить").click()
        expect(page.get_by_text("Территория добавлена.")).to_be_visible()
    shot(page, "territories")

    # import the spreadsheet the centre already has
    page.goto(cohort_url)
    page.get_by_role("link", name="Импорт").click()
    sheet = tmp_path / "участники.xlsx"
    sheet.write_bytes(kamchatka.xlsx(kamchatka.people_rows()))
    page.get_by_label("Таблица (.xlsx или .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Показать, что будет импортировано").click()
    expect(page.get_by_role("heading", name="Предпросмотр импорта")).to_be_visible()
    expect(page.locator("#summary .stat").first).to_contain_text("28")
    shot(page, "import-preview")
    page.get_by_role("button", name="Импортировать строк: 28").click()
    expect(page.get_by_text("создано команд — 7")).to_be_visible()
    expect(page.locator("#participants li")).to_have_count(28)

    # a session of the away school in Esso, attendance on the phone
    page.get_by_role("link", name="Школа").click()
    page.get_by_label("Название").fill("Выездная школа: социальное проектирование")
    page.get_by_label("Начало").fill("2026-05-12T10:00")
    page.get_by_label("Продолжительность, минут").fill("240")
    page.get_by_label("Место").fill("с. Эссо, этнический центр")
    page.get_by_role("button", name="Запланировать").click()
    expect(page.get_by_text("запланировано")).to_be_visible()
    page.get_by_role("link", name="Посещаемость (0)").click()
    boxes = page.locator("#participants input[type=checkbox]")
    expect(boxes).to_have_count(28)
    for i in range(20):
        boxes.nth(i).check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text("Посещаемость сохранена: присутствовало 20.")
    shot(page, "attendance-saved")

    # the network drops in Esso: ticking and saving still works, and is sent later, once
    go_offline(page)
    for i in range(20, 24):
        boxes.nth(i).check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Нет сети")
    shot(page, "attendance-offline")
    back_online(page)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("status")).to_have_text("Посещаемость сохранена: присутствовало 24.")
    page.reload()
    expect(page.locator("#participants input:checked")).to_have_count(24)
    expect(page.locator("#changes li")).to_have_count(2)  # two changes, none doubled
    expect(page.locator("#changes li").first.locator(".added")).to_contain_text("+ ")  # who was added, by name
    shot(page, "attendance-history")

    # nominate three projects
    page.goto(cohort_url)
    for name in ("Эссо-тур", "Мильковские волонтёры", "Анавгайские ремёсла"):
        page.get_by_role("link", name=name).click()
        page.get_by_role("button", name="Выдвинуть проект на ярмарку").click()
        expect(page.get_by_text("Проект выдвинут на ярмарку.")).to_be_visible()
        page.goto(cohort_url)
    expect(page.locator("#teams .tag", has_text="выдвинут")).to_have_count(3)
    shot(page, "teams-nominated")

    # a team on a phone: its territory, a role changed, its details edited
    page.get_by_role("link", name="Эссо-тур").click()
    expect(page.locator("#team-facts")).to_contain_text("Быстринский МР / с. Эссо")
    page.locator("#members li").nth(1).get_by_label("Роль", exact=False).select_option("leader")
    page.locator("#members li").nth(1).get_by_role("button", name="Сменить роль").click()
    expect(page.get_by_text("Роль изменена.")).to_be_visible()
    shot(page, "team")
    page.get_by_role("link", name="Изменить команду").click()
    page.get_by_label("Тип").select_option("ngo")
    page.get_by_label("Кратко о проекте").fill("Экологическая тропа по стойбищам с гидами из местной молодёжи")
    shot(page, "team-edit")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Сохранено.")).to_be_visible()
    expect(page.locator("#team-facts")).to_contain_text("Молодая НКО")

    # the programme's co-financing and hours target, changed later
    page.goto(f"{live}/cohorts/")
    page.get_by_role("link", name="Изменить").first.click()
    page.get_by_label("Софинансирование, ₽").fill("300000")
    page.get_by_label("Цель: часов консультаций").fill("40")
    shot(page, "program-edit")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Сохранено.")).to_be_visible()
    page.goto(cohort_url)

    page.get_by_role("link", name="Сводка").click()
    expect(page.locator('[data-indicator="participants"]')).to_contain_text("цель 50 · 56%")
    expect(page.locator('[data-indicator="teams"]')).to_contain_text("цель 7 · 100%")
    shot(page, "dashboard")
