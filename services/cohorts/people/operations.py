"""People use cases: register once, update, archive, merge, erase (what other packages keep about the person is
reached through ``references``)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.cohorts.people import rules
from services.cohorts.people.models import Person
from services.cohorts.people.references import REFERENCES
from services.cohorts.validation import require_text
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.events.replicas import move_person_references
from shared.text import InvalidPhone
from shared.uow import UnitOfWork


def _publish(uow: UnitOfWork, person: Person, verb: str) -> None:
    uow.publish(f"cohorts.person.{verb}", person.event_body(), entity_version=person.version)


def _keys(data: dict) -> dict:
    keys = {}
    try:
        if "phone" in data:
            keys["phone"] = rules.phone_key(data["phone"])
    except InvalidPhone as exc:
        raise invalid("phone", N_("Not a valid phone number.")) from exc
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
    full_name = require_text("full_name", data.get("full_name"))
    keys = _keys(data)
    _refuse_duplicates(uow, keys)
    person = Person(
        full_name=full_name,
        name_key=rules.name_key(full_name),
        phone=keys.get("phone"),
        email=keys.get("email"),
        settlement=data.get("settlement"),
        organisation=data.get("organisation"),
        position=(data.get("position") or "").strip() or None,
        birth_year=data.get("birth_year"),
        sex=data.get("sex"),
        archived=False,
        version=1,
    )
    _consent(data, person)
    if data.get("organisation_id") is not None:
        _link_organisation(uow, person, data["organisation_id"])
    warnings = namesakes(uow, full_name)
    uow.session.add(person)
    uow.flush()
    _publish(uow, person, "registered")
    return person, warnings


def match_or_register(uow: UnitOfWork, data: dict, *, consent_method: str | None = None,
                      _retried: bool = False) -> tuple[Person, bool]:
    """The person of the register with this phone, else this e-mail; a new record when neither is known. A typed
    organisation links to the register's when exactly one organisation has that name.

    Answers the person and whether they are new. A known person keeps their record: a phone or e-mail they did not
    have is added when nobody else holds it, and an empty settlement or organisation is filled; the name they
    typed today never overwrites the one on record. A merged record answers the record it was folded into. A
    person whose data was erased registers afresh, as a new record."""
    keys = _keys(data)
    if not keys.get("phone") and not keys.get("email"):
        raise invalid("phone", N_("Give a phone or an e-mail."))
    if data.get("organisation_id") is None and not _retried:
        # an organisation typed on a form is the register's when exactly one organisation has that name
        from services.cohorts.organisations.operations import only_match

        data = {**data, "organisation_id": only_match(uow, data.get("organisation"))}
    found = None
    for field in ("phone", "email"):
        if keys.get(field):
            found = uow.session.execute(sa.select(Person).where(
                getattr(Person, field) == keys[field], Person.merged_into_id.is_(None), Person.erased_at.is_(None))
                .with_for_update()).scalars().first()
            if found is not None:
                break
    if found is None:
        fields = {k: data.get(k) for k in ("full_name", "phone", "email", "settlement", "organisation", "organisation_id")}
        if consent_method is not None:
            fields.update(consent_on=utcnow().date(), consent_method=consent_method)
        try:
            with uow.session.begin_nested():
                person, _namesakes = register_person(uow, fields)
        except (IntegrityError, UseCaseError) as exc:
            if _retried or (isinstance(exc, UseCaseError) and exc.status != 409):
                raise
            # the same phone or e-mail registered by another request a moment ago (a form sent twice): that record
            # is this person, whether the other request committed before our duplicate check (409) or after it (the
            # unique index)
            return match_or_register(uow, data, consent_method=consent_method, _retried=True)
        return person, True
    changed = False
    for field in ("phone", "email"):
        value = keys.get(field)
        if value and getattr(found, field) is None:
            taken = uow.session.execute(sa.select(Person.id).where(getattr(Person, field) == value,
                                                                   Person.merged_into_id.is_(None))).first()
            if taken is None:
                setattr(found, field, value)
                changed = True
    for field in ("settlement", "organisation"):
        value = (data.get(field) or "").strip()
        if value and not getattr(found, field):
            setattr(found, field, value)
            changed = True
    if found.organisation_id is None and data.get("organisation_id") is not None:
        _link_organisation(uow, found, data["organisation_id"])
        changed = True
    if consent_method is not None and found.consent_on is None:
        found.consent_on, found.consent_method = utcnow().date(), consent_method
        changed = True
    if changed:
        found.version += 1
        uow.flush()
        _publish(uow, found, "updated")
    return found, False


def _link_organisation(uow: UnitOfWork, person: Person, organisation_id: int) -> None:
    """The person works or volunteers at an organisation of the register; its name fills the written one if empty."""
    from services.cohorts.organisations.models import Organisation

    organisation = uow.session.get(Organisation, organisation_id)
    if organisation is None:
        raise invalid("organisation_id", Msg(N_("No such organisation in the register: #%(id)s."), id=organisation_id))
    person.organisation_id = organisation.id
    if not person.organisation:
        person.organisation = organisation.name


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
        person.full_name = require_text("full_name", data["full_name"])
        person.name_key = rules.name_key(person.full_name)
    for field in ("settlement", "organisation", "birth_year", "sex", "archived"):
        if field in data:
            setattr(person, field, data[field])
    if "position" in data:
        person.position = (data["position"] or "").strip() or None
    if "organisation_id" in data:
        if data["organisation_id"] is None:
            person.organisation_id = None
        else:
            _link_organisation(uow, person, data["organisation_id"])
    _consent(data, person)
    person.version += 1
    uow.flush()
    _publish(uow, person, "updated")
    return person


def merge_preview(uow: UnitOfWork, person_id: int, into_id: int) -> dict:
    merged, kept = _merge_pair(uow, person_id, into_id)
    plans = _plans(uow, merged, kept)
    moves = {}
    for table, column, _unique in REFERENCES.tables():
        count = uow.session.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c[column] == merged.id)
        ).scalar_one()
        moves[table.name] = count
    filled = {f: getattr(merged, f) for f in ("phone", "email", "settlement", "organisation", "organisation_id", "position", "birth_year", "sex")
              if getattr(kept, f) is None and getattr(merged, f) is not None}
    return {"kept": kept, "merged": merged, "references": moves, "fills": filled, **plans}


def _plans(uow: UnitOfWork, merged: Person, kept: Person) -> dict:
    """What each package says a merge would do there (or its refusal, raised before anything moves)."""
    plans: dict = {}
    for holder in REFERENCES.holders():
        if holder.plan is not None:
            plans.update(holder.plan(uow, merged, kept))
    return plans


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
    _plans(uow, merged, kept)
    for holder in REFERENCES.holders():
        if holder.before_merge is not None:
            holder.before_merge(uow, merged, kept)
    uow.flush()
    merged.merged_into_id = kept.id
    merged.archived = True
    uow.flush()  # the folded record leaves the unique phone/e-mail indexes first
    for field in ("phone", "email", "settlement", "organisation", "organisation_id", "position", "birth_year", "sex", "consent_on",
                  "consent_method", "consent_guardian"):
        if getattr(kept, field) is None and getattr(merged, field) is not None:
            setattr(kept, field, getattr(merged, field))
    # a row the kept person already has (same cohort, same session...) is dropped, not duplicated
    move_person_references(uow, REFERENCES.tables(), merged.id, kept.id)
    for holder in REFERENCES.holders():
        if holder.after_merge is not None:
            holder.after_merge(uow, kept)
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
    for holder in REFERENCES.holders():
        if holder.erase is not None:
            holder.erase(uow, person)
    _scrub_stored_answers(uow, person)
    person.full_name = "—"
    person.name_key = ""
    for field in ("phone", "email", "settlement", "organisation", "position", "birth_year", "sex", "consent_guardian"):
        setattr(person, field, None)
    person.erased_at = utcnow()
    person.archived = True
    person.version += 1
    uow.flush()
    _publish(uow, person, "erased")
    return person


def _scrub_stored_answers(uow: UnitOfWork, person: Person) -> None:
    """The stored answers of idempotent requests and the person's own delivered events, which hold their data."""
    import json

    from services.cohorts.db import EVENT_TABLES

    phone, email, name = person.phone, person.email, person.full_name
    # a stored answer is only there to replay a resend: dropping it is harmless, keeping the data is not
    table = EVENT_TABLES.idempotency
    needles = {v for v in (phone, email) if v} | ({name} if len(name) >= 3 else set())
    needles |= {json.dumps(v)[1:-1] for v in set(needles)}  # JSON answers escape non-ASCII
    if needles:
        uow.session.execute(sa.delete(table).where(sa.or_(*(table.c.body.contains(n, autoescape=True) for n in needles))))
    # the person's own events already delivered (kept a week for the record): their copies go now;
    # those not yet sent stay, and the erasure event that follows them anonymises every replica
    outbox = EVENT_TABLES.outbox
    delivered = uow.session.execute(
        sa.select(outbox.c.id, outbox.c.body).where(outbox.c.routing_key.like("cohorts.person.%"), outbox.c.sent_at.is_not(None))
    ).all()
    theirs = [row.id for row in delivered if json.loads(row.body).get("data", {}).get("id") == person.id]
    if theirs:
        uow.session.execute(sa.delete(outbox).where(outbox.c.id.in_(theirs)))
    uow.flush()
