"""The refused rows of an import as a workbook: the sheet's own columns as they were, and why each row was
refused, to fix and import again."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from shared.exports import append_row


def workbook(plan: list[dict], header: list[str], why_title: str, render) -> bytes:
    book = Workbook()
    sheet = book.active
    append_row(sheet, [*header, why_title])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in plan:
        if item.get("action") != "refused" or item.get("erased"):
            continue
        cells = (list(item.get("cells") or []) + [""] * len(header))[:len(header)]
        append_row(sheet, [*cells, " ".join(render(m) for m in item.get("reasons", []))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
