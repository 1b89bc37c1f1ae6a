"""Reading the spreadsheet a centre already has (CSV or XLSX) into rows of named fields."""
from __future__ import annotations

import csv
import io
import itertools
import zipfile
import datetime as dt
from typing import Iterator

from openpyxl import load_workbook

from shared.errors import N_, Msg
from shared.text import normalise

MAX_COLUMNS = 60  # more than any register has; a sheet 16 000 columns wide is read only this far
# an XLSX is a zip: a small file can unpack to gigabytes of XML, so its unpacked size is checked first
MAX_UNPACKED_BYTES = 60 * 1024 * 1024

# column headers as centres write them, in Russian or English
ALIASES = {
    "full_name": ("фио", "ф.и.о.", "имя", "участник", "full name", "name"),
    "phone": ("телефон", "тел", "тел.", "мобильный", "phone"),
    "email": ("email", "e-mail", "почта", "электронная почта", "эл. почта"),
    "settlement": ("населенный пункт", "населённый пункт", "поселение", "село", "settlement"),
    "district": ("район", "муниципальный район", "мр", "district"),
    "organisation": ("организация", "нко", "organisation", "organization"),
    "birth_year": ("год рождения", "birth year"),
    "sex": ("пол", "sex"),
    "team": ("команда", "инициативная группа", "team"),
    "role": ("роль", "роль в команде", "role"),
    "project_title": ("проект", "название проекта", "project"),
    "project_summary": ("описание проекта", "краткое описание", "описание", "project summary", "summary"),
    "kind": ("тип", "тип команды", "вид", "форма", "kind", "team kind"),
    "consent_on": ("согласие", "согласие на обработку пд", "согласие на обработку персональных данных", "дата согласия", "consent", "consent date"),
    "consent_method": ("способ согласия", "как дано согласие", "consent method"),
    "consent_guardian": ("законный представитель", "представитель", "родитель", "guardian"),
}
_BY_HEADER = {normalise(alias): field for field, aliases in ALIASES.items() for alias in aliases}


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


def read_rows(filename: str, content: bytes, *, max_rows: int) -> tuple[dict[str, str], list[dict]]:
    """({recognised field: its column's header as written}, rows as {field: text, "_row": spreadsheet row number}).

    Reading stops at the first row past ``max_rows`` (the header not counted): a file of a million rows
    is refused after max_rows + 2 rows, not after all of them.
    """
    table = list(itertools.islice((row for row in _table(filename, content) if any(row)), max_rows + 2))
    if len(table) > max_rows + 1:
        raise UnreadableFile(Msg(N_("At most %(count)d rows at once."), count=max_rows))
    if not table:
        raise UnreadableFile(N_("The file is empty."))
    header = [_BY_HEADER.get(normalise(h)) for h in table[0]]
    if "full_name" not in header:
        raise UnreadableFile(N_("No “ФИО” (full name) column in the first row."))
    rows = []
    for number, values in enumerate(table[1:], start=2):
        row = {"_row": number}
        for field, value in zip(header, values):
            if field and value:
                row[field] = value
        rows.append(row)
    columns = {}
    for field, title in zip(header, table[0]):
        if field and field not in columns:
            columns[field] = title.replace("\x00", "")[:100]
    return columns, rows
