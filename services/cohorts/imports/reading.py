"""Reading the spreadsheet a centre already has (CSV or XLSX) into rows of named fields."""
from __future__ import annotations

import csv
import io
import itertools
import zipfile
import datetime as dt
from typing import Iterator

from openpyxl import load_workbook

from services.cohorts.imports import headers
from shared.errors import N_, Msg

MAX_COLUMNS = 60  # more than any register has; a sheet 16 000 columns wide is read only this far
# an XLSX is a zip: a small file can unpack to gigabytes of XML, so its unpacked size is checked first
MAX_UNPACKED_BYTES = 60 * 1024 * 1024

HEADER_ROWS = 10  # a title, a date or a note may stand above the header: it is looked for among the first rows


class UnreadableFile(ValueError):
    pass


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _unpacked_size(content: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from exc


def _table(filename: str, content: bytes) -> Iterator[list[str]]:
    """The rows, one at a time: the caller stops reading at its limit."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if _unpacked_size(content) > MAX_UNPACKED_BYTES:
            raise UnreadableFile(Msg(N_("The workbook unpacks to more than %(count)d MB: split it into smaller files."),
                                     count=MAX_UNPACKED_BYTES // (1024 * 1024)))
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from exc
        return _xlsx_rows(sheet)
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableFile(N_("The file is not UTF-8 or Windows-1251 text."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        return _csv_rows(text, dialect)
    raise UnreadableFile(N_("Upload a .csv or .xlsx file."))


def _xlsx_rows(sheet) -> Iterator[list[str]]:
    try:
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell(v) for v in row]
    except UnreadableFile:
        raise
    except Exception as exc:  # a broken sheet is found while reading it
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from exc


def _csv_rows(text: str, dialect) -> Iterator[list[str]]:
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [c.strip() for c in row[:MAX_COLUMNS]]
    except csv.Error as exc:  # an unclosed quote swallows the rest of the file into one field
        raise UnreadableFile(N_("The file is not a readable CSV table (is a quote left unclosed?).")) from exc


def read_sheet(filename: str, content: bytes, *, max_rows: int) -> dict:
    """The sheet as {"header": its column titles, "mapping": each column's field, "rows": [(sheet row number, cells)]}.

    The header is the row among the first HEADER_ROWS that names a person (a full name, or a surname and a
    first name) with the most columns recognised; rows above it (a title, a note) are left out. Reading stops
    past ``max_rows`` data rows: a file of a million rows is refused early, not after all of them.
    """
    numbered = ((n, row) for n, row in enumerate(_table(filename, content), start=1) if any(row))
    table = list(itertools.islice(numbered, max_rows + HEADER_ROWS + 1))
    if not table:
        raise UnreadableFile(N_("The file is empty."))
    best = None
    for index, (_number, row) in enumerate(table[:HEADER_ROWS]):
        mapping = headers.mapping_for(row)
        if headers.names_a_person(mapping):
            known = sum(1 for f in mapping if f)
            if best is None or known > best[1]:
                best = (index, known, mapping)
    if best is None:
        raise UnreadableFile(Msg(N_("No column with the full name (“ФИО”, or “Фамилия” and “Имя”) in the first %(count)d rows."),
                                 count=HEADER_ROWS))
    index, _known, mapping = best
    rows = table[index + 1:]
    if len(rows) > max_rows:
        raise UnreadableFile(Msg(N_("At most %(count)d rows at once."), count=max_rows))
    header = [title.replace("\x00", "")[:100] for title in table[index][1]]

    def used(cells) -> int:  # up to the last filled cell: a sheet's empty trailing columns are no columns
        return max((i + 1 for i, v in enumerate(cells) if v), default=0)
    width = max([used(header)] + [used(cells) for _n, cells in rows])
    header = (header + [""] * width)[:width]
    mapping = (mapping + [None] * width)[:width]
    return {"header": header, "mapping": mapping, "rows": [(n, list(cells)) for n, cells in rows]}


def rows_by_mapping(sheet: dict, mapping: list[str | None]) -> tuple[dict[str, str], list[dict]]:
    """({field: its column's header as written}, rows as {field: text, "_row": sheet row number})."""
    rows = [{"_row": number, **headers.row_fields(mapping, cells)} for number, cells in sheet["rows"]]
    columns: dict[str, str] = {}
    parts = [sheet["header"][i] for i, f in enumerate(mapping) if f in headers.NAME_PARTS]
    for field, title in zip(mapping, sheet["header"]):
        if field and field != "ignore" and field not in columns and field not in headers.NAME_PARTS:
            columns[field] = title
    if parts and "full_name" not in columns:
        columns["full_name"] = " + ".join(parts)
    return columns, rows


def read_rows(filename: str, content: bytes, *, max_rows: int) -> tuple[dict[str, str], list[dict]]:
    sheet = read_sheet(filename, content, max_rows=max_rows)
    return rows_by_mapping(sheet, sheet["mapping"])
