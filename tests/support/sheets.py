"""Spreadsheets for the import's tests: a cohort to import into, an upload, a workbook built from rows, the columns a
Google Form exports."""
from __future__ import annotations

import io

from openpyxl import Workbook

from tests.support import kamchatka


def import_world(system, h):
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", json={"name": "Акселератор социальных проектов Камчатки", "starts_on": "2026-03-01",
                                                        "ends_on": "2026-11-30", "timezone": "Asia/Kamchatka"}, headers=h).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Камчатка 2026"}, headers=h).json
    for district, settlement in kamchatka.TERRITORIES:
        c.post("/cohorts/api/v1/territories", json={"district": district, "settlement": settlement}, headers=h)
    return c, cohort["id"]


def upload(c, h, cohort_id, name, content):
    return c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/imports", data={"file": (io.BytesIO(content), name)},
                  headers=h, content_type="multipart/form-data")


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOGLE_FORM = [
    ["Отметка времени", "Фамилия, имя, отчество", "Ваш номер телефона", "Адрес электронной почты", "Название инициативной группы",
     "Ваша роль в команде", "Населённый пункт", "Откуда вы узнали о школе?"],
    ["12.03.2026 10:15:02", "Кузнецов Дмитрий Олегович", "8 914 620-11-01", "kuznetsov.d@mail", "Эссо-тур", "руководитель", "с. Эссо", "от друзей"],
    ["12.03.2026 10:17:40", "Белова Ирина Сергеевна", "+7 914 620 11 02", "belova@mail.ru", "Эссо-тур", "член команды", "с. Эссо", "ВКонтакте"],
    ["12.03.2026 11:02:13", "Орлов Максим Андреевич", "89146201103", "test@@mail.ru", "Эссо-тур", "участник", "с. Эссо", ""],
    ["12.03.2026 11:30:00", "Зуева Ольга Павловна", "89146201104", "petrov@mail,ru", "", "волонтёр", "с. Эссо", ""],
]
