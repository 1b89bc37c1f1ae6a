"""The cohorts pages on a 360 px phone: everything in view, touch targets of 44 px, the ways back, honest labels."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import create_account, register_team, setup_cohort, token

pytestmark = pytest.mark.browser

WIDTH = 360


def fits(page) -> None:
    """Nothing wider than the phone."""
    wide = page.evaluate("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 360.5)"
                         ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right).slice(0, 5)")
    assert not wide, wide
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b is not None
    return b


def test_cohort_pages_fit_a_phone_and_lead_back(page, live, system, shot):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    ids = setup_cohort(system, h)
    cohort_id, program = ids["cohort"]["id"], ids["program"]
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо-Этно", project_title="Этнотропа")
    other = register_team(system, h, cohort_id, ids["territory"]["id"], "Мильковские волонтёры")
    sign_in(page, live, coordinator)

    # the disclosure marker stays on the line of «Новая программа»
    summary = page.locator("details > summary")
    expect(summary).to_contain_text("Новая программа")
    assert box(summary)["height"] < 60 and box(summary.locator("h2"))["x"] < 60
    shot(page, "home")

    # a cohort without participants says so; no mentor account: a hint to invite one
    page.goto(f"{live}/cohorts/teams/{team['id']}")
    expect(page.get_by_text("В потоке пока нет участников.")).to_be_visible()
    expect(page.get_by_text("Все участники уже в командах.")).to_have_count(0)
    expect(page.locator("#mentors").get_by_role("link", name="пригласите наставника")).to_have_attribute("href", "/cohorts/accounts")

    people = []
    for name, phone in (("Иванова Анна Петровна", "+79145550101"), ("Кириллов Егор Степанович", "+79145550102"),
                        ("Ягодкина Мария Ивановна", "+79145550103")):
        person = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": phone, "settlement": "с. Эссо"}, headers=h).json
        assert c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", json={"person_id": person["id"]}, headers=h).status_code == 201
        people.append(person)
    for person in people[:2]:
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": person["id"], "role": "leader"}, headers=h).status_code == 201

    # the cohort's tabs: every one in view (the current one too), and the way back to the programme
    page.goto(f"{live}/cohorts/cohorts/{cohort_id}/dashboard")
    tabs = page.locator("nav.tabs a")
    expect(tabs).to_have_count(5)
    for i in range(5):
        b = box(tabs.nth(i))
        assert b["x"] >= 0 and b["x"] + b["width"] <= WIDTH and b["height"] >= 44
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("Сводка")
    back = page.locator("#to-program")
    expect(back).to_contain_text(program["name"])
    fits(page)
    shot(page, "dashboard")
    back.click()
    expect(page).to_have_url(f"{live}/cohorts/#program-{program['id']}")

    # the team's members: 44 px buttons apart, a new member is a member, removing asks first
    page.goto(f"{live}/cohorts/teams/{team['id']}")
    expect(page.get_by_label("Роль в команде")).to_have_value("member")
    first = page.locator("#members li").first
    for name in ("Сменить роль", "Перевести", "Вывести"):
        assert box(first.get_by_role("button", name=name))["height"] >= 44
    fits(page)
    shot(page, "team")
    page.once("dialog", lambda d: d.dismiss())
    first.get_by_role("button", name="Вывести").click()
    expect(page.locator("#members li")).to_have_count(2)
    page.once("dialog", lambda d: (d.message.startswith("Вывести Иванова Анна Петровна из команды?") or pytest.fail(d.message), d.accept()))
    first.get_by_role("button", name="Вывести").click()
    expect(page.get_by_text("Выведен(а) из команды", exact=False)).to_be_visible()
    expect(page.locator("#members li")).to_have_count(1)

    # an archived team cannot be nominated: its state instead of the green button
    assert c.patch(f"/cohorts/api/v1/teams/{other['id']}", json={"archived": True}, headers=h).status_code == 200
    page.goto(f"{live}/cohorts/teams/{other['id']}")
    expect(page.get_by_role("button", name="Выдвинуть проект на ярмарку")).to_have_count(0)
    expect(page.locator("#nomination")).to_contain_text("в архиве")
    shot(page, "team-archived")

    # a person's way back leads to the cohort they were opened from
    page.goto(f"{live}/cohorts/cohorts/{cohort_id}/participants")
    page.locator("#participants").get_by_role("link", name="Ягодкина Мария Ивановна").click()
    expect(page.locator("#back")).to_contain_text("Поток 2026")
    page.locator("#back").click()
    expect(page).to_have_url(f"{live}/cohorts/cohorts/{cohort_id}/participants")
    page.goto(f"{live}/cohorts/people/{people[2]['id']}")
    expect(page.locator("#back")).to_have_text("← Люди")

    # the school: buttons apart and aligned; the sign-in sheet fits the phone and has a way back (not printed)
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                     json={"title": "Введение в проектирование", "starts_at": "2026-09-12T10:00:00+12:00", "duration_minutes": 90,
                           "place": "Эссо, Дом культуры", "trainer": "Соколова Е. В."}, headers=h).json
    page.goto(f"{live}/cohorts/cohorts/{cohort_id}/sessions")
    row = page.locator("#sessions li").first
    attendance, sheet, change = (box(row.get_by_role("link", name=n)) for n in ("Посещаемость (0)", "Лист регистрации", "Изменить"))
    apart = attendance["x"] + attendance["width"] + 4 <= sheet["x"] or attendance["y"] + attendance["height"] + 4 <= sheet["y"]
    assert apart, (attendance, sheet)
    assert change["height"] >= 44
    if abs(change["y"] - sheet["y"]) < 30:  # on one line: centred together
        assert abs((change["y"] + change["height"] / 2) - (sheet["y"] + sheet["height"] / 2)) <= 2
    fits(page)
    shot(page, "sessions")
    row.get_by_role("link", name="Лист регистрации").click()
    expect(page.get_by_role("heading", name="Лист регистрации")).to_be_visible()
    fits(page)
    expect(page.get_by_role("link", name="← Школа")).to_be_visible()
    shot(page, "sheet")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="← Школа")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Населённый пункт")).to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="← Школа").click()
    expect(page).to_have_url(f"{live}/cohorts/cohorts/{cohort_id}/sessions")
    assert session["id"]


def test_the_import_preview_fits_a_phone_and_refuses_a_borrowed_phone(page, live, system, shot, tmp_path):
    coordinator = create_account(system, roles=("coordinator",), name="Координатор")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    ivanova = c.post("/cohorts/api/v1/people", json={"full_name": "Иванова Анна Петровна", "phone": "+79145550201"}, headers=h).json
    sheet = tmp_path / "import.csv"
    sheet.write_text("ФИО;Телефон\nПетров Пётр Петрович;+79145550201\nИванова Анна Петровна;+79145550201\n"
                     "Сидорова Ольга;+79145550202\nБез Телефона;abc\n", encoding="utf-8")
    sign_in(page, live, coordinator)
    page.goto(f"{live}/cohorts/cohorts/{cohort_id}/import")
    page.get_by_label("Таблица (.xlsx или .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Показать, что будет импортировано").click()
    expect(page.get_by_role("heading", name="Предпросмотр импорта")).to_be_visible()
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("Импорт")
    refused = page.locator("#plan tr.plan-refused").first
    expect(refused).to_contain_text("Петров Пётр Петрович")
    expect(refused).to_contain_text(f"Столбец «Телефон»: этот телефон принадлежит человеку Иванова Анна Петровна (#{ivanova['id']})")
    # Иванова herself is on row 3 with the same phone: refused as the same phone as row 2 in the file, never linked to Petrov
    expect(page.locator("#summary .stat").nth(1)).to_contain_text("0")
    expect(page.locator("#plan tr").nth(2)).not_to_contain_text("будет связан")
    # the cards hold their labels; short words are never broken
    for i in range(4):
        assert page.locator("#summary .stat").nth(i).evaluate("e => e.scrollWidth <= e.clientWidth")
    for tag in page.locator("#plan .tag").all():
        assert tag.evaluate("e => e.getClientRects().length") == 1  # one line: not broken mid-word
    fits(page)
    shot(page, "import-preview")
