"""The reach as a workbook: the figures, then the people and the organisations behind them."""
from __future__ import annotations

import io

from openpyxl import Workbook

from shared.errors import N_


def workbook(figures: dict, people: list, organisations: list, *, words) -> bytes:
    """``words``: the page's translations (labels of figures, activities and sectors)."""
    book = Workbook()
    sheet = book.active
    sheet.title = words(N_("Reach"))[:31]
    rows = [(words(N_("Different people who took part")), figures["people"]),
            (words(N_("Present, not named (never added in)")), figures["anonymous"]),
            (words(N_("Different organisations")), figures["organisations"]),
            (words(N_("Frequent (three contacts or more)")), figures["frequent"])]
    rows += [(words(key), value) for key, value in figures["by_activity"].items()]
    rows += [(words(key), value) for key, value in figures["by_sector"].items()]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 48
    named = book.create_sheet(words(N_("People"))[:31])
    named.append([words(N_("Name")), words(N_("Organisation")), words(N_("Settlement")), words(N_("Contacts"))])
    for p in people:
        named.append([p["full_name"] or words(N_("(data erased)")), p["organisation"], p["settlement"], p["contacts"]])
    orgs = book.create_sheet(words(N_("Organisations"))[:31])
    orgs.append([words(N_("Organisation")), words(N_("Settlement")), words(N_("People"))])
    for o in organisations:
        orgs.append([o["name"], o["settlement"], o["people"]])
    for s in (named, orgs):
        s.column_dimensions["A"].width = 40
        s.column_dimensions["B"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
