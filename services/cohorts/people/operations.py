"""People use cases: register once, update, search, archive, merge, erase."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.cohorts.people import rules
from services.cohorts.people.models import Person
from shared.db import utcnow
from shared.events.replicas import move_person_references
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import normalise
from shared.uow import UnitOfWork

# Tables that refer to a person, moved to the kept record by a merge. Each
# entry: (table, person column, columns that together with it must stay unique).
# Filled by the modules that own those tables (see services/cohorts/models.py).
PERSON_REFERENCES: list[tuple[sa.Table, str, tuple[str, ...]]] = []


def _publish(uow: UnitOfWork, person: Person, verb: str) -> None:
    uow.publish(f"cohorts.person.{verb}", person.event_body(), entity_version=person.version)


def _keys(data: dict) -> dict:
    keys = {}
    try:
        if "phone" in data:
            keys["phone"] = rules.phone_key(data["phone"])
    except rules.InvalidPhone as exc:
        raise invalid("phone", str(exc)) from exc
    if "email" in data:
        keys["email"] = rules.email_key(data["email"])
    return keys


def _refuse_duplicates(uow: UnitOfWork, keys: dict, except_id: int | None = None) -> None:
    errors = {}
    for field in ("phone", "email"):
        value = keys.get(field)
        if not value:
            continue
        query = sa.select(Person).where(getattr(Person, field) == value, Person.merged_into_id.is_(None))
        if except_id is not None:
            query = query.where(Person.id != except_id)
        other = uow.session.execute(query).scalars().first()
        if other is not None:
            message = (
                N_("This phone belongs to %(name)s (#%(id)d).") if field == "phone" else N_("This e-mail belongs to %(name)s (#%(id)d).")
            )
            errors[field] = [Msg(message, name=other.full_name, id=other.id)]
            existing_id = other.id
    if errors:
        raise conflict(N_("This person is already registered."), errors, person_id=existing_id)


def namesakes(uow: UnitOfWork, full_name: str, except_id: int | None = None) -> list[Person]:
    query = sa.select(Person).where(
        Person.name_key == rules.name_key(full_name), Person.merged_into_id.is_(None), Person.erased_at.is_(None)
    )
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return list(uow.session.execute(query.order_by(Person.id)).scalars())


def _consent(data: dict, person: Person) -> None:
    for field in ("consent_on", "consent_method", "consent_guardian"):
        if field in data:
            setattr(person, field, data[field])
    if person.consent_on and rules.is_minor(person.birth_year, dt.date.today().year) and not person.consent_guardian:
        raise invalid("consent_guardian", N_("For a minor the consent is given by a parent or guardian: name them."))


def register_person(uow: UnitOfWork, data: dict) -> tuple[Person, list[Person]]:
    """Refused on the same phone or e-mail; namesakes come back as a warning."""
    keys = _keys(data)
    _refuse_duplicates(uow, keys)
    full_name = " ".join(data["full_name"].split())
    person = Person(
        full_name=full_name,
        name_key=rules.name_key(full_name),
        phone=keys.get("phone"),
        email=keys.get("email"),
        settlement=data.get("settlement"),
        organisation=data.get("organisation"),
        birth_year=data.get("birth_year"),
        sex=data.get("sex"),
        archived=False,
        version=1,
    )
    _consent(data, person)
    warnings = namesakes(uow, full_name)
    uow.session.add(person)
    uow.flush()
    _publish(uow, person, "registered")
    return person, warnings


def get_person(uow: UnitOfWork, person_id: int, *, for_update: bool = False) -> Person:
    person = uow.session.get(Person, person_id, with_for_update=for_update or None)
    if person is None:
        raise not_found(N_("No such person."))
    return person


def _editable(person: Person) -> None:
    if person.erased_at is not None:
        raise conflict(N_("This person's data was erased."))
    if person.merged_into_id is not None:
        raise conflict(Msg(N_("This record was merged into #%(id)d."), id=person.merged_into_id))


def update_person(uow: UnitOfWork, person_id: int, data: dict) -> Person:
    person = get_person(uow, person_id, for_update=True)
    _editable(person)
    keys = _keys(data)
    _refuse_duplicates(uow, keys, except_id=person.id)
    for field, value in keys.items():
        setattr(person, field, value)
    if "full_name" in data:
        person.full_name = " ".join(data["full_name"].split())
        person.name_key = rules.name_key(person.full_name)
    for field in ("settlement", "organisation", "birth_year", "sex", "archived"):
        if field in data:
            setattr(person, field, data[field])
    _consent(data, person)
    person.version += 1
    uow.flush()
    _publish(uow, person, "updated")
    return person


def search(query_text: str | None, *, include_archived: bool = False) -> sa.Select:
    query = sa.select(Person).where(Person.merged_into_id.is_(None))
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    if query_text:
        needle = normalise(query_text)
        digits = "".join(ch for ch in query_text if ch.isdigit())
        conditions = [Person.name_key.contains(needle, autoescape=True), Person.email.contains(needle, autoescape=True)]
        if len(digits) >= 4:
            conditions.append(Person.phone.contains(digits[-10:], autoescape=True))
        query = query.where(sa.or_(*conditions))
    return query.order_by(Person.name_key, Person.id)


def merge_preview(uow: UnitOfWork, person_id: int, into_id: int) -> dict:
    merged, kept = _merge_pair(uow, person_id, into_id)
    moves = {}
    for table, column, _unique in PERSON_REFERENCES:
        count = uow.session.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c[column] == merged.id)
        ).scalar_one()
        moves[table.name] = count
    filled = {f: getattr(merged, f) for f in ("phone", "email", "settlement", "organisation", "birth_year", "sex") if getattr(kept, f) is None and getattr(merged, f) is not None}
    return {"kept": kept, "merged": merged, "references": moves, "fills": filled}


def _merge_pair(uow: UnitOfWork, person_id: int, into_id: int) -> tuple[Person, Person]:
    if person_id == into_id:
        raise invalid("into", N_("A person cannot be merged into themselves."))
    merged = get_person(uow, person_id, for_update=True)
    kept = uow.session.get(Person, into_id, with_for_update=True)
    if kept is None:
        raise invalid("into", N_("No such person."))
    _editable(merged)
    _editable(kept)
    return merged, kept


def merge(uow: UnitOfWork, person_id: int, into_id: int) -> Person:
    """Fold ``person_id`` into ``into_id``: every reference follows, the folded record stays as a pointer."""
    merged, kept = _merge_pair(uow, person_id, into_id)
    merged.merged_into_id = kept.id
    merged.archived = True
    uow.flush()  # the folded record leaves the unique phone/e-mail indexes first
    for field in ("phone", "email", "settlement", "organisation", "birth_year", "sex", "consent_on", "consent_method", "consent_guardian"):
        if getattr(kept, field) is None and getattr(merged, field) is not None:
            setattr(kept, field, getattr(merged, field))
    # a row the kept person already has (same cohort, same session...) is dropped, not duplicated
    move_person_references(uow, PERSON_REFERENCES, merged.id, kept.id)
    merged.version += 1
    kept.version += 1
    uow.flush()
    uow.publish("cohorts.person.merged", {"id": kept.id, "merged_id": merged.id}, entity_version=merged.version)
    _publish(uow, kept, "updated")
    return kept


def erase(uow: UnitOfWork, person_id: int) -> Person:
    """Anonymise here and, by event, in every replica; the person still counts once."""
    person = get_person(uow, person_id, for_update=True)
    if person.erased_at is not None:
        return person
    person.full_name = "—"
    person.name_key = ""
    for field in ("phone", "email", "settlement", "organisation", "birth_year", "sex", "consent_guardian"):
        setattr(person, field, None)
    person.erased_at = utcnow()
    person.archived = True
    person.version += 1
    uow.flush()
    _publish(uow, person, "erased")
    return person
