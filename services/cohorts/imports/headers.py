"""Which field a column holds, from its header as people write it: a register's short names ("ФИО",
"Телефон") or a Google / Yandex Forms question ("Ваш номер телефона", "Фамилия, имя, отчество").

Exact names are looked up first; then the header's words decide, in an order where the more specific
question wins ("Роль в команде" is a role, not a team). A header nothing matches is left unplaced, and the
preview names it: a column is never dropped without the coordinator seeing it.
"""
from __future__ import annotations

import re

from shared.text import normalise

# the fields a column may hold; "surname", "first_name" and "patronymic" are joined into the full name,
# "ignore" is a column read and deliberately left out (a form's timestamp)
FIELDS = ("full_name", "surname", "first_name", "patronymic", "phone", "email", "settlement", "district", "organisation",
          "birth_year", "sex", "team", "role", "project_title", "project_summary", "kind", "consent_on", "consent_method",
          "consent_guardian", "ignore")
NAME_PARTS = ("surname", "first_name", "patronymic")

ALIASES = {
    "full_name": ("фио", "ф.и.о.", "ф. и. о.", "участник", "full name", "name"),
    "surname": ("фамилия", "surname", "last name", "family name"),
    "first_name": ("имя", "first name", "given name"),
    "patronymic": ("отчество", "patronymic", "middle name"),
    "phone": ("телефон", "тел", "тел.", "мобильный", "phone"),
    "email": ("email", "e-mail", "почта", "электронная почта", "эл. почта"),
    "settlement": ("населенный пункт", "поселение", "село", "settlement"),
    "district": ("район", "муниципальный район", "мр", "district"),
    "organisation": ("организация", "нко", "organisation", "organization"),
    "birth_year": ("год рождения", "birth year"),
    "sex": ("пол", "sex"),
    "team": ("команда", "инициативная группа", "team"),
    "role": ("роль", "роль в команде", "role"),
    "project_title": ("проект", "название проекта", "project"),
    "project_summary": ("описание проекта", "краткое описание", "описание", "project summary", "summary"),
    "kind": ("тип", "тип команды", "вид", "форма", "kind", "team kind"),
    "consent_on": ("согласие", "согласие на обработку пд", "согласие на обработку персональных данных", "дата согласия",
                   "consent", "consent date"),
    "consent_method": ("способ согласия", "как дано согласие", "consent method"),
    "consent_guardian": ("законный представитель", "представитель", "родитель", "guardian"),
    "ignore": ("отметка времени", "timestamp", "время", "дата и время"),
}
_EXACT = {normalise(alias): field for field, aliases in ALIASES.items() for alias in aliases}
_WORD = re.compile(r"[a-zа-я0-9]+")


def _words(header: str) -> list[str]:
    return _WORD.findall(normalise(header))


def recognise(header: str) -> str | None:
    """The field a column holds, or None when its header says nothing we know."""
    key = normalise(header).strip(" :?*")
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    words = _words(key)

    def has(*stems: str) -> bool:
        return any(w.startswith(stem) for w in words for stem in stems)

    if has("отметк") and has("времен") or has("timestamp"):
        return "ignore"
    if "фио" in words or has("фамили") and (has("имя", "имени") or has("отчеств")):
        return "full_name"
    if has("фамили"):
        return "surname"
    if has("отчеств"):
        return "patronymic"
    if has("телефон", "мобильн", "phone") or "тел" in words:
        return "phone"
    if has("почт", "email", "mail"):
        return "email"
    if has("роль", "роли", "role"):
        return "role"
    if has("согласи", "consent"):
        return "consent_method" if has("способ", "как", "method") else "consent_on"
    if has("представител", "родител", "опекун", "guardian"):
        return "consent_guardian"
    if has("проект", "project"):
        return "project_summary" if has("описан", "кратк", "суть", "summary") else "project_title"
    if has("тип", "kind"):
        return "kind"
    if has("команд", "team") or has("инициативн") and has("групп"):
        return "team"
    if has("рожден", "birth"):
        return "birth_year"
    if "пол" in words:
        return "sex"
    if has("населен", "поселен", "поселок", "село", "город", "settlement"):
        return "settlement"
    if has("район", "округ", "district"):
        return "district"
    if has("организац", "нко", "organi"):
        return "organisation"
    if "имя" in words or "name" in words:
        return "first_name"
    return None


def mapping_for(header: list[str]) -> list[str | None]:
    """Each column's field; a field claimed twice keeps its first column, the later one is left unplaced."""
    taken: set[str] = set()
    out: list[str | None] = []
    for title in header:
        field = recognise(title)
        if field is not None and field != "ignore" and field in taken:
            field = None
        if field is not None:
            taken.add(field)
        out.append(field)
    return out


def names_a_person(mapping: list[str | None]) -> bool:
    """A header row says who each row is: a full name, or at least a surname and a first name."""
    fields = set(mapping)
    return "full_name" in fields or {"surname", "first_name"} <= fields


def row_fields(mapping: list[str | None], values: list[str]) -> dict[str, str]:
    """A row as {field: text}: the parts of a name joined in order (surname, name, patronymic), ignored columns left out."""
    row: dict[str, str] = {}
    parts: dict[str, str] = {}
    for field, value in zip(mapping, values):
        if not field or field == "ignore" or not value:
            continue
        if field in NAME_PARTS:
            parts[field] = value
        else:
            row[field] = value
    if parts and not row.get("full_name"):
        row["full_name"] = " ".join(parts[p] for p in NAME_PARTS if p in parts)
    return row
