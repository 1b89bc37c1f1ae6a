"""Exports on real servers: the ranking, every sheet with its history and the votes per pitch, as XLSX and CSV;
a value that starts like a formula stays text in both."""
from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from tests.support.fair_day import day_fair, day_world, send, hall_code

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def test_ranking_sheets_with_history_and_votes_as_xlsx_and_csv(system):
    w = day_world(system, teams=2, jurors=2)
    fair = day_fair(system, w, audience_weight=1)
    f = system.client("fairs")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    a, b = (str(c["id"]) for c in fair["criteria"])
    link = {"Authorization": f"Bearer {fair['jurors'][0]['link_token']}"}
    url = f"{base}/pitches/{fair['pitches'][0]['id']}/scores"
    assert f.put(url, json={"scores": {a: 9, b: 8}, "comment": "=HYPERLINK(\"http://evil.example\")"}, headers=link).status_code == 200
    sheet_id = f.get(url, headers=link).json["id"]
    assert f.post(f"{base}/sheets/{sheet_id}/reopen", json={"reason": "-проверьте бюджет"}, headers=w["h"]).status_code == 200
    assert f.put(url, json={"scores": {a: 9, b: 6}, "comment": "@исправлено"}, headers=link).status_code == 200
    assert send(system, fair, 1, 0, 7, 7).status_code == 200
    assert send(system, fair, 1, 1, 5, 5).status_code == 200
    phone = system.app("fairs").test_client()
    token = CSRF.search(phone.get(f"/fairs/{fair['id']}/vote").text).group(1)
    assert phone.post(f"{base}/votes", json={"pitch_id": fair["pitches"][1]["id"], "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token}).status_code == 200

    book = f.get(f"{base}/export.xlsx", headers=w["h"])
    assert book.status_code == 200 and book.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(book.data))
    assert wb.sheetnames == ["Рейтинг", "Листы", "Голоса"]
    ranking = [[c.value for c in row] for row in wb["Рейтинг"].iter_rows()]
    assert ranking[0][:4] == ["Место", "Ничья", "Команда", "Проект"] and [r[2] for r in ranking[1:]] == ["Анавгайские ремёсла", "Эссо-тур"]  # the audience lifts the second
    sheets = wb["Листы"]
    lines = [[c.value for c in row] for row in sheets.iter_rows()]
    first = [r for r in lines[1:] if r[0] == sheet_id]
    assert [r[3] for r in first] == ["сейчас", "отправлен", "запрошено исправление", "изменён"]
    assert first[0][7:10] == [9, 6, "@исправлено"] and first[1][7:10] == [9, 8, '=HYPERLINK("http://evil.example")']
    assert first[2][6] == "-проверьте бюджет" and first[2][5] == "председатель"
    for row in sheets.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.data_type == "s" and cell.quotePrefix, cell.value
    votes = [[c.value for c in row] for row in wb["Голоса"].iter_rows()]
    assert votes[1:] == [[1, "Эссо-тур", "Этнотропа", 0], [2, "Анавгайские ремёсла", "Мастерская", 1]]

    sheets_csv = f.get(f"{base}/sheets.csv", headers=w["h"])
    assert sheets_csv.status_code == 200 and sheets_csv.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(sheets_csv.data.decode("utf-8-sig")), delimiter=";"))
    assert "'=HYPERLINK(\"http://evil.example\")" in [r[-1] for r in rows] and "'-проверьте бюджет" in [r[6] for r in rows]
    ranking_csv = list(csv.reader(io.StringIO(f.get(f"{base}/ranking.csv", headers=w["h"]).data.decode("utf-8-sig")), delimiter=";"))
    assert ranking_csv[0][0] == "Место" and len(ranking_csv) == 3
    votes_csv = list(csv.reader(io.StringIO(f.get(f"{base}/votes.csv?lang=en", headers=w["h"]).data.decode("utf-8-sig")), delimiter=";"))
    assert votes_csv == [["Place in the lineup", "Team", "Project", "Votes"], ["1", "Эссо-тур", "Этнотропа", "0"],
                         ["2", "Анавгайские ремёсла", "Мастерская", "1"]]
    for path in ("export.xlsx", "ranking.csv", "sheets.csv", "votes.csv"):
        assert f.get(f"{base}/{path}", headers=link).status_code == 403, path
        assert f.get(f"{base}/{path}").status_code == 401, path
