"""Importing the people and teams a centre already has: preview row by row, then all at once."""
from __future__ import annotations

from tests.support import kamchatka
from tests.support.api import coordinator_headers
from tests.support.sheets import import_world, upload


def test_the_kamchatka_spreadsheet_previews_then_imports_at_once(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    rows = kamchatka.people_rows()
    known = c.post("/cohorts/api/v1/people", json={"full_name": rows[0][0], "phone": rows[0][1]}, headers=h).json
    bad = [
        ["", "+79140000000", "", "Мильковский МР", "с. Мильково", "", "", "", "", ""],
        ["Пётр Ошибкин", "12345", "", "Мильковский МР", "с. Мильково", "", "", "", "", ""],
        ["Новая Команда", "+79149999999", "", "Усть-Камчатский МР", "п. Ключи", "", "", "Ключевская", "лидер", ""],
        ["Двойник Телефона", rows[5][1], "", "", "", "", "", "", "", ""],
    ]
    preview = upload(c, h, cohort_id, "kamchatka.xlsx", kamchatka.xlsx(rows + bad))
    assert preview.status_code == 201, preview.json
    summary = preview.json["summary"]
    assert summary == {"rows": 32, "create": 27, "existing": 1, "refused": 4, "new_teams": 7}
    plan = {r["row"]: r for r in preview.json["rows"]}
    assert plan[2]["action"] == "existing" and f"#{known['id']}" in plan[2]["notes"][0]
    assert plan[30]["reasons"] == ["ФИО не указано."]
    assert plan[31]["reasons"] == ["Телефон «12345» — неверный номер."]
    assert "неизвестна" in plan[32]["reasons"][0]
    assert plan[33]["reasons"] == ["Тот же телефон, что в строке 7."]
    # nothing written yet
    assert c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", headers=h).json["total"] == 0
    applied = c.post(f"/cohorts/api/v1/imports/{preview.json['id']}/confirm", headers=h)
    assert applied.status_code == 200, applied.json
    assert applied.json == {"people_created": 27, "people_linked": 1, "teams_created": 7, "members_added": 28, "refused": 4}
    assert c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", headers=h).json["total"] == 7
    assert c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", headers=h).json["total"] == 28
    leaders = c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/participants?role=leader", headers=h).json
    assert leaders["total"] == 7
    again = c.post(f"/cohorts/api/v1/imports/{preview.json['id']}/confirm", headers=h)
    assert again.status_code == 409  # a confirmed import cannot be applied twice


def test_a_csv_in_windows_1251_with_semicolons_is_read(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    preview = upload(c, h, cohort_id, "список.csv", kamchatka.csv_cp1251(kamchatka.people_rows()[:8]))
    assert preview.status_code == 201, preview.json
    assert preview.json["summary"] == {"rows": 8, "create": 8, "existing": 0, "refused": 0, "new_teams": 2}


def test_an_unreadable_file_is_refused_naming_the_field(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    r = upload(c, h, cohort_id, "photo.jpg", b"\xff\xd8\xff")
    assert r.status_code == 422 and r.json["errors"] == {"file": ["Загрузите файл .csv или .xlsx."]}
    r = upload(c, h, cohort_id, "broken.xlsx", b"not a zip")
    assert r.status_code == 422 and "file" in r.json["errors"]
    r = upload(c, h, cohort_id, "no-names.csv", "Телефон;Команда\r\n+79140000000;А\r\n".encode())
    assert r.status_code == 422 and "ФИО" in r.json["errors"]["file"][0]


def test_a_row_that_no_longer_fits_undoes_the_whole_import(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    rows = kamchatka.people_rows()[:4]
    preview = upload(c, h, cohort_id, "k.xlsx", kamchatka.xlsx(rows)).json
    # meanwhile someone registers the third person by hand
    c.post("/cohorts/api/v1/people", json={"full_name": rows[2][0], "phone": rows[2][1]}, headers=h)
    r = c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h)
    assert r.status_code == 409 and "Строка 4" in r.json["message"]
    assert c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", headers=h).json["total"] == 0
    assert c.get("/cohorts/api/v1/people", headers=h).json["total"] == 1  # only the one registered by hand


def test_progress_is_reported_while_a_large_import_is_written(system, tmp_path):
    from services.cohorts.imports import operations
    from services.cohorts.imports.progress import ImportProgress

    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    rows = [[f"Участник {i}", f"+7914{3000000 + i}", "", "", "", "", "", "", "", ""] for i in range(120)]
    preview = upload(c, h, cohort_id, "big.xlsx", kamchatka.xlsx(rows)).json
    seen = []
    progress = ImportProgress(tmp_path, preview["id"])

    def record(done, total):
        progress(done, total)
        seen.append(progress.read())

    runtime = system.runtime("cohorts")
    with runtime.uow() as uow:
        counts = operations.confirm(uow, preview["id"], progress=record)
        uow.commit()
    assert counts["people_created"] == 120
    written = [s["done"] for s in seen if s]
    assert written[0] == 50 and written[-1] == 120 and written == sorted(written)
    state = c.get(f"/cohorts/imports/{preview['id']}/progress", headers=h).json
    assert state == {"status": "applied", "done": 120, "total": 120}


HEADER_FULL = ["ФИО", "Телефон", "Населённый пункт", "Район", "Команда", "Роль", "Тип", "Проект", "Описание проекта",
               "Год рождения", "Согласие", "Способ согласия", "Законный представитель"]


def test_archived_people_and_teams_are_refused_in_the_preview_as_confirm_would(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    territory = c.get("/cohorts/api/v1/territories", headers=h).json["items"][0]["id"]
    team = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", json={"name": "Ушедшие", "kind": "ngo", "territory_id": territory}, headers=h).json
    assert c.patch(f"/cohorts/api/v1/teams/{team['id']}", json={"archived": True}, headers=h).status_code == 200
    gone = c.post("/cohorts/api/v1/people", json={"full_name": "Архивный Человек", "phone": "+79145550001"}, headers=h).json
    c.patch(f"/cohorts/api/v1/people/{gone['id']}", json={"archived": True}, headers=h)
    rows = [["Архивный Человек", "+79145550001", "", "", "", "", "", "", "", "", "", "", ""],
            ["Новый Участник", "+79145550002", "", "", "Ушедшие", "", "", "", "", "", "", "", ""],
            ["Годный Участник", "+79145550003", "", "", "", "", "", "", "", "", "", "", ""]]
    preview = upload(c, h, cohort_id, "a.xlsx", kamchatka.xlsx(rows, header=HEADER_FULL)).json
    plan = {r["row"]: r for r in preview["rows"]}
    assert plan[2]["action"] == "refused" and plan[2]["reasons"] == [f"Архивный Человек (#{gone['id']}) в архиве: сначала верните его из архива."]
    assert plan[3]["action"] == "refused" and plan[3]["reasons"] == ["Команда «Ушедшие» в архиве: сначала верните её."]
    applied = c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h)
    assert applied.status_code == 200 and applied.json["refused"] == 2 and applied.json["people_created"] == 1


def test_bad_cells_are_refused_naming_their_column_and_bad_files_naming_the_file(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    long_place = "с. " + "Очень" * 50  # 253 characters: the column holds 200
    rows = [["Житель Длинного Села", "+79145550011", long_place, "", "", "", "", "", "", "", "", "", ""],
            ["Имя" * 120, "+79145550012", "", "", "", "", "", "", "", "", "", "", ""],
            ["Нуль\x00Символ", "+79145550013", "", "", "", "", "", "", "", "", "", "", ""],
            ["Обычный Житель", "+79145550014", "", "", "", "", "", "", "", "", "", "", ""]]
    csv_body = "\r\n".join(";".join(r) for r in [HEADER_FULL, *rows]).encode()
    preview = upload(c, h, cohort_id, "bad.csv", csv_body)
    assert preview.status_code == 201, preview.json
    plan = {r["row"]: r for r in preview.json["rows"]}
    assert plan[2]["reasons"] == ["Столбец «Населённый пункт»: длиннее 200 символов."]
    assert plan[3]["reasons"] == ["Столбец «ФИО»: длиннее 300 символов."]
    assert plan[4]["reasons"] == ["Столбец «ФИО»: содержит символ NUL."]
    assert plan[5]["action"] == "create"
    applied = c.post(f"/cohorts/api/v1/imports/{preview.json['id']}/confirm", headers=h)
    assert applied.status_code == 200 and applied.json["people_created"] == 1
    unclosed = ("ФИО;Телефон\r\n\"Анна;+79140000000\r\n" + "x" * 200_000 + "\r\n").encode()
    r = upload(c, h, cohort_id, "quote.csv", unclosed)
    assert r.status_code == 422 and list(r.json["errors"]) == ["file"] and "кавычк" in r.json["errors"]["file"][0]


def test_team_kind_project_summary_and_consent_columns_are_imported(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    rows = [["Анна Согласная", "+79145550021", "с. Эссо", "Быстринский МР", "Эссо НКО", "лидер", "НКО", "Этнотропа", "Тропа по стойбищам",
             "1990", "01.03.2026", "на бумаге", ""],
            ["Юный Участник", "+79145550022", "с. Эссо", "Быстринский МР", "Эссо НКО", "участник", "", "", "", "2012", "2026-03-02", "онлайн", ""],
            ["Странный Тип", "+79145550023", "с. Эссо", "Быстринский МР", "", "", "клуб", "", "", "", "вчера", "голубиной почтой", ""]]
    preview = upload(c, h, cohort_id, "k.xlsx", kamchatka.xlsx(rows, header=HEADER_FULL)).json
    plan = {r["row"]: r for r in preview["rows"]}
    assert plan[2]["action"] == "create"
    assert plan[3]["reasons"] == ["За несовершеннолетнего согласие даёт родитель или законный представитель: укажите его."]
    assert len(plan[4]["reasons"]) == 3 and "клуб" in plan[4]["reasons"][0]
    assert c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h).status_code == 200
    team = c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", headers=h).json["items"][0]
    assert (team["kind"], team["project_title"], team["project_summary"]) == ("ngo", "Этнотропа", "Тропа по стойбищам")
    anna = c.get("/cohorts/api/v1/people?q=Согласная", headers=h).json["items"][0]
    assert (anna["consent_on"], anna["consent_method"]) == ("2026-03-01", "paper")


def test_a_phone_or_email_of_someone_with_another_name_is_refused_not_linked(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    ivanova = c.post("/cohorts/api/v1/people", json={"full_name": "Иванова Анна Петровна", "phone": "+79145550031",
                                                     "email": "anna@example.ru"}, headers=h).json
    rows = [["Петров Пётр Петрович", "+79145550031", "", "", "", "", "", "", "", "", "", "", ""],
            ["иванова  анна петровна", "", "", "", "", "", "", "", "", "", "", "", "Anna@Example.ru"]]
    header = [*HEADER_FULL[:-1], "Email"]  # the same name by e-mail: already registered
    preview = upload(c, h, cohort_id, "a.xlsx", kamchatka.xlsx(rows, header=header)).json
    plan = {r["row"]: r for r in preview["rows"]}
    assert plan[2]["action"] == "refused" and not plan[2]["notes"]
    assert plan[2]["reasons"] == [f"Столбец «Телефон»: этот телефон принадлежит человеку Иванова Анна Петровна (#{ivanova['id']}) "
                                  "с другим именем — строка не импортирована. Проверьте её."]
    assert plan[3]["action"] == "existing" and f"(#{ivanova['id']})" in plan[3]["notes"][0]
    assert preview["summary"] == {"rows": 2, "create": 0, "existing": 1, "refused": 1, "new_teams": 0}

    by_email = "\r\n".join(["ФИО;Телефон;E-mail", "Петров Пётр Петрович;;ANNA@example.ru", "Анна Петровна Иванова;8 914 555-00-31;"]).encode()
    preview = upload(c, h, cohort_id, "b.csv", by_email).json
    plan = {r["row"]: r for r in preview["rows"]}
    assert plan[2]["action"] == "refused" and "«E-mail»" in plan[2]["reasons"][0] and "этот e-mail" in plan[2]["reasons"][0]
    assert f"(#{ivanova['id']})" in plan[2]["reasons"][0]
    assert plan[3]["action"] == "existing"  # the same name in another word order
    applied = c.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm", headers=h).json
    assert applied["people_created"] == 0 and applied["people_linked"] == 1 and applied["refused"] == 1
    assert c.get("/cohorts/api/v1/people", headers=h).json["total"] == 1  # Petrov was not created nor linked


def test_the_organisation_column_links_people_to_the_register(system):
    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    ngo = c.post("/cohorts/api/v1/organisations", json={"name": "АНО «Эссо-Тур»", "kind": "ngo"}, headers=h).json
    for twin in ("ТОС «Ключи»", "тос ключи"):  # two records of one name: nobody is linked to either by guess
        c.post("/cohorts/api/v1/organisations", json={"name": twin, "kind": "initiative_group"}, headers=h)
    csv = ("ФИО;Телефон;Организация\n"
           "Анна Эссо;+79141230001;ано эссо-тур\n"
           "Борис Ключи;+79141230002;ТОС «Ключи»\n"
           "Вера Без;+79141230003;\n").encode("utf-8")
    preview = upload(c, h, cohort_id, "people.csv", csv)
    assert preview.status_code == 201, preview.json
    assert c.post(f"/cohorts/api/v1/imports/{preview.json['id']}/confirm", headers=h).status_code == 200
    people = {p["full_name"]: p for p in c.get("/cohorts/api/v1/people", headers=h).json["items"]}
    assert people["Анна Эссо"]["organisation_id"] == ngo["id"] and people["Анна Эссо"]["organisation"] == "ано эссо-тур"
    assert people["Борис Ключи"]["organisation_id"] is None and people["Борис Ключи"]["organisation"] == "ТОС «Ключи»"
    assert people["Вера Без"]["organisation_id"] is None


def test_the_preview_reads_the_register_once_per_batch_not_per_row(system):
    import sqlalchemy as sa

    h = coordinator_headers(system)
    c, cohort_id = import_world(system, h)
    engine = system.app("cohorts").extensions["rostok.runtime"].engine
    counts = []

    def count(conn, cursor, statement, parameters, context, executemany):
        counts[-1] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for n in (5, 60):
            csv = "ФИО;Телефон;Электронная почта\n" + "".join(
                f"Участник {n}-{i};+7914{n:03d}{i:04d};u{n}.{i}@example.ru\n" for i in range(n))
            counts.append(0)
            assert upload(c, h, cohort_id, f"people-{n}.csv", csv.encode("utf-8")).status_code == 201
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert counts[0] == counts[1], counts  # twelve times the rows, the same statements
