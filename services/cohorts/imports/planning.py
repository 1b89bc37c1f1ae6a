"""The preview of an import: row by row, what will be created, linked to an existing record, or refused and why.

Nothing is written here. Messages are kept as [message id, values] so the
preview shows in the reader's language.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from marshmallow import ValidationError, validate

from services.cohorts.membership.models import TeamMember
from services.cohorts.people import rules
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Territory
from services.cohorts.teams.models import Team
from shared.errors import N_
from shared.text import InvalidPhone, normalise
from shared.uow import UnitOfWork

# the words centres use for the two roles in a team
ROLES = {"лидер": "leader", "руководитель": "leader", "лидер команды": "leader", "руководитель команды": "leader",
         "руководитель проекта": "leader", "капитан": "leader", "leader": "leader", "team leader": "leader",
         "участник": "member", "участница": "member", "член команды": "member", "член": "member", "участник команды": "member",
         "member": "member", "participant": "member", "": "member"}
_EMAIL = validate.Email()
SEXES = {"ж": "female", "жен": "female", "женский": "female", "f": "female", "female": "female",
         "м": "male", "муж": "male", "мужской": "male", "m": "male", "male": "male"}
KINDS = {"": "initiative_group", "иг": "initiative_group", "инициативная группа": "initiative_group", "группа": "initiative_group",
         "initiative group": "initiative_group", "initiative_group": "initiative_group",
         "нко": "ngo", "молодая нко": "ngo", "организация": "ngo", "ngo": "ngo", "young ngo": "ngo"}
CONSENT_METHODS = {"": None, "бумага": "paper", "на бумаге": "paper", "письменно": "paper", "письменное": "paper", "paper": "paper",
                   "онлайн": "online", "онлайн-форма": "online", "online": "online", "online form": "online",
                   "устно": "verbal_recorded", "устное": "verbal_recorded", "устно с записью": "verbal_recorded", "verbal": "verbal_recorded",
                   "verbal_recorded": "verbal_recorded"}
# what the database holds: a longer value is refused, never cut
MAX_LENGTH = {"full_name": 300, "phone": 40, "email": 254, "settlement": 200, "district": 200, "organisation": 300, "team": 300,
              "project_title": 500, "project_summary": 10000, "consent_guardian": 300, "role": 40, "sex": 40, "kind": 60,
              "birth_year": 20, "consent_on": 40, "consent_method": 60}
COLUMN_TITLES = {"full_name": "ФИО", "phone": "Телефон", "email": "Email", "settlement": "Населённый пункт", "district": "Район",
                 "organisation": "Организация", "team": "Команда", "project_title": "Проект", "project_summary": "Описание проекта",
                 "consent_guardian": "Законный представитель", "role": "Роль", "sex": "Пол", "kind": "Тип", "birth_year": "Год рождения",
                 "consent_on": "Согласие", "consent_method": "Способ согласия"}


LINKED = N_("Already registered as %(name)s (#%(id)d): linked, not created.")


def _msg(msgid: str, **values) -> list:
    return [msgid, values]


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _cells(raw: dict, columns: dict, reasons: list) -> dict:
    """The row's cells, each checked for what the database can hold; a bad one is a reason naming its column."""
    cells = {}
    for field, value in raw.items():
        if field.startswith("_"):
            continue
        value = str(value)
        column = columns.get(field) or COLUMN_TITLES.get(field, field)
        if "\x00" in value:
            reasons.append(_msg(N_("Column “%(column)s”: contains a NUL character."), column=column))
            continue
        limit = MAX_LENGTH.get(field)
        if limit and len(value) > limit:
            reasons.append(_msg(N_("Column “%(column)s”: longer than %(max)d characters."), column=column, max=limit))
            continue
        cells[field] = value
    return cells


def plan_rows(uow: UnitOfWork, cohort_id: int, rows: list[dict], columns: dict | None = None, *, today: dt.date) -> list[dict]:
    """The preview of each row: what it would create or link, and why it is refused. The register is read once
    per batch (people by the sheet's phones, e-mails and names; the cohort's teams and members), never per row;
    ``today`` (the caller's clock) says who is a minor."""
    s = uow.session
    columns = columns or {}
    plan = [_read_row(original, columns, today.year) for original in rows]
    known = _known_people(s, plan)
    teams = {t.name_key: t for t in s.execute(sa.select(Team).where(Team.cohort_id == cohort_id)).scalars()}
    territories = list(s.execute(sa.select(Territory)).scalars())
    memberships = {
        m.person_id: m.team_id for m in s.execute(sa.select(TeamMember).where(TeamMember.cohort_id == cohort_id)).scalars()
    }
    seen_phone: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    new_teams: dict[str, dict] = {}
    for item in plan:
        raw = item.pop("_raw")
        name = item["full_name"]
        # the same person twice in the file
        for key, seen, message in (
            ("phone", seen_phone, N_("Same phone as row %(row)d.")),
            ("email", seen_email, N_("Same e-mail as row %(row)d.")),
        ):
            value = item.get(key)
            if value and value in seen:
                item["reasons"].append(_msg(message, row=seen[value]))
                if key == "phone":
                    item["family_phone"] = True  # the coordinator may import the row without it
            elif value:
                seen[value] = item["row"]

        # a person already registered: linked, never created twice (and never an archived one: confirm would refuse it)
        item["action"], item["person_id"] = "create", None
        # a phone or e-mail of someone with another name is refused, never linked: it would quietly drop this row's person
        matches, by_column = set(), {}
        for key in ("phone", "email"):
            if item[key]:
                found = {p.id for p in known[key].get(item[key], [])}
                matches |= found
                for person_id in found:
                    by_column.setdefault(person_id, key)
        if len(matches) > 1:
            item["reasons"].append(_msg(N_("The phone and the e-mail belong to two different people.")))
        elif matches and name and not same_name(known["id"][next(iter(matches))].full_name, name):
            other = known["id"][next(iter(matches))]
            column = by_column[other.id]
            message = (N_("Column “%(column)s”: this phone belongs to %(name)s (#%(id)d), another name: not imported. Check the row.")
                       if column == "phone" else
                       N_("Column “%(column)s”: this e-mail belongs to %(name)s (#%(id)d), another name: not imported. Check the row."))
            item["reasons"].append(_msg(message, column=columns.get(column) or COLUMN_TITLES[column], name=other.full_name, id=other.id))
            if column == "phone":
                item["family_phone"] = True
        elif matches:
            item["action"], item["person_id"] = "existing", matches.pop()
            existing = known["id"][item["person_id"]]
            if existing.archived or existing.erased_at is not None:
                item["reasons"].append(_msg(N_("%(name)s (#%(id)d) is archived: bring them back from the archive first."),
                                            name=existing.full_name, id=existing.id))
            else:
                item["notes"].append(_msg(LINKED, name=existing.full_name, id=existing.id))
        elif name:
            for other in known["name"].get(rules.name_key(name), []):
                item["notes"].append(_msg(N_("Same name as %(name)s (#%(id)d): check it is not the same person."), name=other.full_name, id=other.id))

        # the team, existing or new (a new one needs a known territory; an archived one takes nobody)
        item["team"], item["team_action"], item["team_id"], item["territory_id"] = None, None, None, None
        team_name = " ".join((raw.get("team") or "").split())
        if team_name:
            item["team"] = team_name
            key = normalise(team_name)
            if key in teams:
                item["team_action"], item["team_id"] = "existing", teams[key].id
                if teams[key].archived:
                    item["reasons"].append(_msg(N_("Team “%(team)s” is archived: bring it back first."), team=teams[key].name))
            else:
                item["team_action"] = "create"
                territory = _territory(territories, item["district"], item["settlement"])
                if key in new_teams:
                    item["territory_id"] = new_teams[key]["territory_id"]
                elif territory is None:
                    item["reasons"].append(_msg(N_("Team “%(team)s” is new and its territory “%(place)s” is unknown: add the territory first."),
                                                team=team_name, place=" / ".join(p for p in (item["district"], item["settlement"]) if p) or "—"))
                else:
                    item["territory_id"] = territory.id
                    new_teams[key] = item
            if item["person_id"] and item["person_id"] in memberships and memberships[item["person_id"]] != item["team_id"]:
                current = next((t.name for t in teams.values() if t.id == memberships[item["person_id"]]), "?")
                item["reasons"].append(_msg(N_("Already in team “%(team)s” in this cohort."), team=current))
        if item["reasons"]:
            item["action"] = "refused"
            item["notes"] = [n for n in item["notes"] if n[0] != LINKED]  # refused: nothing is linked
    return plan


def _read_row(original: dict, columns: dict, this_year: int) -> dict:
    """One row's cells read and checked on their own (no database): the fields, and why any is refused."""
    item = {"row": original["_row"], "reasons": [], "notes": []}
    raw = _cells(original, columns, item["reasons"])
    item["_raw"] = raw  # the team's cells, read once the batch's look-ups are done
    name = " ".join((raw.get("full_name") or "").split())
    item["full_name"] = name
    full_name_refused = bool(original.get("full_name")) and "full_name" not in raw  # already said why
    if len(name) < 2 and not full_name_refused:
        item["reasons"].append(_msg(N_("No full name.")))
    try:
        item["phone"] = rules.phone_key(raw.get("phone"))
    except InvalidPhone:
        item["phone"] = None
        item["reasons"].append(_msg(N_("Phone “%(value)s” is not a valid number."), value=raw.get("phone")))
    item["email"] = rules.email_key(raw.get("email"))
    if item["email"] and not _valid_email(item["email"]):  # the API's check: kuznetsov.d@mail, a@@b.ru, a@mail,ru refused
        item["reasons"].append(_msg(N_("E-mail “%(value)s” is not valid."), value=item["email"]))
    for field in ("settlement", "organisation", "district", "project_title", "project_summary", "consent_guardian"):
        item[field] = (raw.get(field) or "").strip() or None
    item["birth_year"] = None
    if raw.get("birth_year"):
        try:
            year = int(str(raw["birth_year"]).strip()[:4])
            if not 1900 <= year <= 2100:
                raise ValueError
            item["birth_year"] = year
        except ValueError:
            item["reasons"].append(_msg(N_("Year of birth “%(value)s” is not a year."), value=raw["birth_year"]))
    sex = normalise(raw.get("sex"))
    item["sex"] = SEXES.get(sex) if sex else None
    if sex and item["sex"] is None:
        item["reasons"].append(_msg(N_("Sex “%(value)s” is not understood."), value=raw.get("sex")))
    role = normalise(raw.get("role"))
    item["role"] = ROLES.get(role)
    if item["role"] is None:
        item["reasons"].append(_msg(N_("Role “%(value)s” is not understood: write “лидер” (or руководитель) or “участник” (or член команды)."),
                                    value=raw.get("role")))
    kind = normalise(raw.get("kind"))
    item["kind"] = KINDS.get(kind)
    if item["kind"] is None:
        item["reasons"].append(_msg(N_("Team kind “%(value)s” is neither an initiative group nor an NGO."), value=raw.get("kind")))

    # consent to the processing of personal data (152-FZ)
    item["consent_on"], item["consent_method"] = None, None
    if raw.get("consent_on"):
        consent = _date(raw["consent_on"])
        if consent is None:
            item["reasons"].append(_msg(N_("Consent date “%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY)."), value=raw["consent_on"]))
        else:
            item["consent_on"] = consent.isoformat()
    method = normalise(raw.get("consent_method"))
    if method not in CONSENT_METHODS:
        item["reasons"].append(_msg(N_("Consent method “%(value)s” is not understood (on paper, online, verbally)."), value=raw.get("consent_method")))
    else:
        item["consent_method"] = CONSENT_METHODS[method]
    if item["consent_on"] and rules.is_minor(item["birth_year"], this_year) and not item["consent_guardian"]:
        item["reasons"].append(_msg(N_("For a minor the consent is given by a parent or guardian: name them.")))
    return item


def _known_people(session, plan: list[dict]) -> dict:
    """The register's people the sheet may mean, in three queries for the whole batch: by its phones, its e-mails
    and its names (records folded into another by a merge left out)."""
    out = {"phone": {}, "email": {}, "name": {}, "id": {}}
    wanted = {"phone": {i["phone"] for i in plan if i["phone"]}, "email": {i["email"] for i in plan if i["email"]},
              "name": {rules.name_key(i["full_name"]) for i in plan if i["full_name"]}}
    for key, column in (("phone", Person.phone), ("email", Person.email), ("name", Person.name_key)):
        values = sorted(wanted[key])
        for chunk in (values[i:i + 500] for i in range(0, len(values), 500)):
            for person in session.execute(sa.select(Person).where(column.in_(chunk), Person.merged_into_id.is_(None))
                                          .order_by(Person.id)).scalars():
                out[key].setdefault(getattr(person, column.key), []).append(person)
                out["id"][person.id] = person
    return out


def _valid_email(value: str) -> bool:
    try:
        _EMAIL(value)
    except ValidationError:
        return False
    return True


def same_name(a: str | None, b: str | None) -> bool:
    """One person's name however written: case, ё/е, spaces and the order of the words ignored."""
    return sorted(rules.name_key(a or "").split()) == sorted(rules.name_key(b or "").split())


def _territory(territories, district, settlement):
    if not settlement:
        return None
    candidates = [t for t in territories if t.settlement_key == normalise(settlement)]
    if district:
        candidates = [t for t in candidates if t.district_key == normalise(district)]
    return candidates[0] if len(candidates) == 1 else None


def summary(plan: list[dict]) -> dict:
    return {
        "rows": len(plan),
        "create": sum(1 for p in plan if p["action"] == "create"),
        "existing": sum(1 for p in plan if p["action"] == "existing"),
        "refused": sum(1 for p in plan if p["action"] == "refused"),
        "new_teams": len({normalise(p["team"]) for p in plan if p["action"] != "refused" and p["team_action"] == "create"}),
    }
