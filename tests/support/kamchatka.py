"""The model case: the Kamchatka accelerator, 7 initiative groups of 4 from two municipal districts."""
from __future__ import annotations

import io

from openpyxl import Workbook

TERRITORIES = [
    ("Мильковский МР", "с. Мильково"),
    ("Мильковский МР", "с. Шаромы"),
    ("Мильковский МР", "с. Долиновка"),
    ("Мильковский МР", "с. Атласово"),
    ("Быстринский МР", "с. Эссо"),
    ("Быстринский МР", "с. Анавгай"),
]
TEAMS = [
    ("Мильковские волонтёры", "с. Мильково", "Тропа здоровья"),
    ("Шаромская молодёжь", "с. Шаромы", "Детская площадка"),
    ("Долиновка вместе", "с. Долиновка", "Музей села"),
    ("Атласовский очаг", "с. Атласово", "Клуб пожилых"),
    ("Эссо-тур", "с. Эссо", "Этнотропа"),
    ("Анавгайские ремёсла", "с. Анавгай", "Мастерская"),
    ("Быстринские истоки", "с. Эссо", "Фестиваль"),
]
FIRST = ["Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Злата", "Иван", "Ксения", "Лев", "Мария", "Никита", "Ольга"]
LAST = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Волкова", "Ёлкина", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов", "Павлова"]
HEADER = ["ФИО", "Телефон", "Email", "Район", "Населённый пункт", "Год рождения", "Пол", "Команда", "Роль", "Проект"]


def district_of(settlement: str) -> str:
    return next(d for d, s in TERRITORIES if s == settlement)


def people_rows() -> list[list]:
    rows = []
    n = 0
    for team, settlement, project in TEAMS:
        for k in range(4):
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 3) % len(LAST)]}"
            rows.append([
                name, f"8 914 {200 + n:03d}-{10 + k:02d}-{30 + n % 60:02d}", f"p{n}@kamchatka.example.ru",
                district_of(settlement), settlement, 1985 + n % 25, "ж" if n % 2 == 0 else "м",
                team, "лидер" if k == 0 else "участник", project,
            ])
            n += 1
    return rows


def xlsx(rows: list[list], header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_cp1251(rows: list[list], header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")
