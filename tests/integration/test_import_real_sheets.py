"""Spreadsheets as centres really have them: a Google Forms export, a title row above the header, separate
surname / name / patronymic columns; the column mapping shown and changed before anything is written."""
from __future__ import annotations

import io
import re

from tests.support.api import coordinator_headers
from tests.support.sheets import GOOGLE_FORM, import_world, upload, xlsx

TITLED = [
    ["Список участников школы социального проектирования, Мильковский МР, 2026"],
    [],
    ["№", "ФИО", "Телефон", "Населённый пункт", "Команда", "Роль"],
    [1, "Соколова Мария Ивановна", "+79146202201", "с. Мильково", "Мильковские волонтёры", "лидер"],
    [2, "Гусев Олег Петрович", "+79146202202", "с. Мильково", "Мильковские волонтёры", "участник"],
]

SPLIT_NAMES = [
    ["Фамилия", "Имя", "Отчество", "Телефон", "Населённый пункт"],
    ["Морозова", "Мария", "Игоревна", "+79146203301", "с. Шаромы"],
    ["Лебедев", "Олег", "", "+79146203302", "с. Шаромы"],
]


def test_a_google_forms_export_is_read_by_its_questions(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "Ответы на форму.xlsx", xlsx(GOOGLE_FORM))
    assert preview.status_code == 201, preview.json
    columns = {col["header"]: col["field"] for col in preview.json["columns"]}
    assert columns == {"Отметка времени": "ignore", "Фамилия, имя, отчество": "full_name", "Ваш номер телефона": "phone",
                       "Адрес электронной почты": "email", "Название инициативной группы": "team", "Ваша роль в команде": "role",
                       "Населённый пункт": "settlement", "Откуда вы узнали о школе?": None}
    plan = {r["row"]: r for r in preview.json["rows"]}
    assert plan[2]["full_name"] == "Кузнецов Дмитрий Олегович" and plan[2]["phone"] == "+79146201101"
    assert plan[2]["reasons"] == ["Почта «kuznetsov.d@mail» указана неверно."]  # checked as the API does
    assert plan[3]["action"] == "create" and plan[3]["role"] == "member"  # член команды
    assert plan[4]["reasons"] == ["Почта «test@@mail.ru» указана неверно."]
    assert "Почта «petrov@mail,ru» указана неверно." in plan[5]["reasons"]
    assert any("«волонтёр» не распознана" in r for r in plan[5]["reasons"])
    page = c.get(f"/cohorts/imports/{preview.json['id']}", headers=h).text
    # the column no field matches is named, never silently dropped; the mapping is there to change
    assert "Столбец «Откуда вы узнали о школе?» не импортируется" in page
    assert 'name="column-0"' in page and "Отметка времени формы: не импортируется" in page
    assert "+79146201102 · belova@mail.ru · участник" in " ".join(page.split())


def test_a_title_row_above_the_header_is_skipped(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "список.xlsx", xlsx(TITLED))
    assert preview.status_code == 201, preview.json
    assert preview.json["summary"] == {"rows": 2, "create": 2, "existing": 0, "refused": 0, "new_teams": 1}
    plan = {r["row"]: r for r in preview.json["rows"]}
    assert plan[4]["full_name"] == "Соколова Мария Ивановна" and plan[4]["role"] == "leader"  # numbered as in the sheet
    assert {col["header"]: col["field"] for col in preview.json["columns"]}["№"] is None


def test_surname_name_and_patronymic_columns_make_the_full_name_and_the_mapping_can_be_changed(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "фамилии.xlsx", xlsx(SPLIT_NAMES)).json
    plan = {r["row"]: r for r in preview["rows"]}
    assert plan[2]["full_name"] == "Морозова Мария Игоревна" and plan[3]["full_name"] == "Лебедев Олег"

    # the coordinator reads the settlement column as the organisation instead: the preview changes, nothing is written
    page = c.get(f"/cohorts/imports/{preview['id']}", headers=h).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf, "column-0": "surname", "column-1": "first_name", "column-2": "patronymic", "column-3": "phone",
            "column-4": "organisation"}
    r = c.post(f"/cohorts/imports/{preview['id']}/columns", data=form, headers=h)
    assert r.status_code == 303
    again = c.get(f"/cohorts/api/v1/imports/{preview['id']}", headers=h).json
    assert [col["field"] for col in again["columns"]] == ["surname", "first_name", "patronymic", "phone", "organisation"]
    assert c.get("/cohorts/api/v1/people", headers=h).json["total"] == 0
    # a mapping without a name is refused, and the preview stays as it was
    c.post(f"/cohorts/imports/{preview['id']}/columns", data={**form, "column-0": "", "column-1": ""}, headers=h)
    assert [col["field"] for col in c.get(f"/cohorts/api/v1/imports/{preview['id']}", headers=h).json["columns"]][0] == "surname"
    applied = c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h)
    assert applied.status_code == 200 and applied.json["people_created"] == 2
    people = c.get("/cohorts/api/v1/people?q=Морозова", headers=h).json["items"]
    assert [(p["full_name"], p["organisation"], p["settlement"]) for p in people] == [("Морозова Мария Игоревна", "с. Шаромы", None)]


def test_the_refused_rows_download_with_their_columns_and_reasons(system):
    from openpyxl import load_workbook

    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "Ответы на форму.xlsx", xlsx(GOOGLE_FORM)).json
    assert preview["summary"]["refused"] == 3
    assert c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h).status_code == 200
    assert 'id="download-refused"' in c.get(f"/cohorts/imports/{preview['id']}", headers=h).text
    r = c.get(f"/cohorts/imports/{preview['id']}/refused.xlsx", headers=h)
    assert r.status_code == 200
    rows = [[cell or "" for cell in row] for row in load_workbook(io.BytesIO(r.data)).active.iter_rows(values_only=True)]
    assert rows[0] == [*GOOGLE_FORM[0], "Почему не импортировано"]
    assert [row[1] for row in rows[1:]] == ["Кузнецов Дмитрий Олегович", "Орлов Максим Андреевич", "Зуева Ольга Павловна"]
    assert rows[1][:7] == GOOGLE_FORM[1][:7] and rows[1][-1] == "Почта «kuznetsov.d@mail» указана неверно."


def test_a_family_phone_is_confirmed_in_the_preview_and_the_other_person_comes_without_it(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    mother = c.post("/cohorts/api/v1/people", json={"full_name": "Петрова Анна Ивановна", "phone": "+79146204401"}, headers=h).json
    family = [["ФИО", "Телефон", "Населённый пункт"],
              ["Петров Иван Сергеевич", "+79146204401", "с. Эссо"],     # the mother's phone, already registered
              ["Петрова Мария Ивановна", "+79146204402", "с. Эссо"],
              ["Петров Олег Иванович", "+79146204402", "с. Эссо"]]     # the sister's phone, in the same file
    preview = upload(c, h, cohort_id, "семья.xlsx", xlsx(family)).json
    assert preview["summary"]["refused"] == 2
    page = c.get(f"/cohorts/imports/{preview['id']}", headers=h).text
    assert page.count('name="row"') == 2 and "Семейный телефон: импортировать этого человека без него" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = c.post(f"/cohorts/imports/{preview['id']}/without-phone", data={"csrf_token": csrf, "row": ["2", "4"]}, headers=h)
    assert r.status_code == 303
    again = c.get(f"/cohorts/api/v1/imports/{preview['id']}", headers=h).json
    assert again["summary"] == {"rows": 3, "create": 3, "existing": 0, "refused": 0, "new_teams": 0}
    plan = {row["row"]: row for row in again["rows"]}
    assert plan[2]["phone"] is None and plan[2]["notes"][-1].startswith("Импортируется без телефона")
    assert c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h).json["people_created"] == 3
    ivan = c.get("/cohorts/api/v1/people?q=Петров Иван", headers=h).json["items"][0]
    assert ivan["phone"] is None and c.get(f"/cohorts/api/v1/people/{mother['id']}", headers=h).json["phone"] == "+79146204401"
