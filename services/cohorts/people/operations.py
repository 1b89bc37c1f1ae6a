"""People use cases: register once, update, search, archive, merge, erase."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.cohorts.people import rules
from services.cohorts.people.models import Person
from services.cohorts.validation import require_text
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
        except IntegrityError:
            if _retried:
                raise
            # the same phone or e-mail registered by another request a moment ago (a form sent twice): that record
            # is this person
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


def search(
    query_text: str | None, *, include_archived: bool = False, cohort_id: int | None = None, team_id: int | None = None,
    territory_id: int | None = None, role: str | None = None,
) -> sa.Select:
    from services.cohorts.membership.models import CohortParticipant, TeamMember
    from services.cohorts.teams.models import Team

    query = sa.select(Person).where(Person.merged_into_id.is_(None))
    if cohort_id is not None:
        query = query.where(Person.id.in_(sa.select(CohortParticipant.person_id).where(
            CohortParticipant.cohort_id == cohort_id, CohortParticipant.withdrawn.is_(False))))
    if team_id is not None or territory_id is not None or role is not None:
        members = sa.select(TeamMember.person_id).join(Team, Team.id == TeamMember.team_id)
        if team_id is not None:
            members = members.where(TeamMember.team_id == team_id)
        if territory_id is not None:
            members = members.where(Team.territory_id == territory_id, Team.archived.is_(False))
        if role is not None:
            members = members.where(TeamMember.role == role)
        if cohort_id is not None:
            members = members.where(TeamMember.cohort_id == cohort_id)
        query = query.where(Person.id.in_(members))
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


def _memberships(uow: UnitOfWork, person_id: int) -> list:
    from services.cohorts.membership.models import TeamMember
    from services.cohorts.teams.models import Team

    return uow.session.execute(
        sa.select(TeamMember.cohort_id, TeamMember.team_id, TeamMember.role, Team.name)
        .join(Team, Team.id == TeamMember.team_id).where(TeamMember.person_id == person_id)
    ).all()


def _membership_plan(uow: UnitOfWork, merged: Person, kept: Person) -> list[dict]:
    """What a merge does to the folded record's team memberships; two different teams of one cohort are refused."""
    kept_teams = {row.cohort_id: row for row in _memberships(uow, kept.id)}
    plan = []
    for row in _memberships(uow, merged.id):
        other = kept_teams.get(row.cohort_id)
        if other is not None and other.team_id != row.team_id:
            message = Msg(
                N_("%(merged)s (#%(merged_id)d) is in the team “%(team)s” and %(kept)s (#%(kept_id)d) in “%(other)s” of the same cohort: "
                   "remove one of them from their team first, then merge."),
                merged=merged.full_name, merged_id=merged.id, team=row.name, kept=kept.full_name, kept_id=kept.id, other=other.name,
            )
            raise conflict(message, {"into": [message]})
        plan.append({"team_id": row.team_id, "team": row.name, "outcome": "already_member" if other is not None else "moved"})
    return plan


def merge_preview(uow: UnitOfWork, person_id: int, into_id: int) -> dict:
    merged, kept = _merge_pair(uow, person_id, into_id)
    memberships = _membership_plan(uow, merged, kept)
    moves = {}
    for table, column, _unique in PERSON_REFERENCES:
        count = uow.session.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c[column] == merged.id)
        ).scalar_one()
        moves[table.name] = count
    filled = {f: getattr(merged, f) for f in ("phone", "email", "settlement", "organisation", "organisation_id", "position", "birth_year", "sex")
              if getattr(kept, f) is None and getattr(merged, f) is not None}
    return {"kept": kept, "merged": merged, "references": moves, "fills": filled, "memberships": memberships}


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


def _follow_merge_elsewhere(uow: UnitOfWork, merged: Person, kept: Person) -> None:
    """What refers to a person outside PERSON_REFERENCES: a team both were in, attendance history, linked accounts."""
    from services.cohorts.membership import operations as membership
    from services.cohorts.membership.models import CohortParticipant
    from services.cohorts.school.models import AttendanceChange, SchoolSession

    # the same team twice: the folded record leaves it, announced, the team's version counting it
    for item in _membership_plan(uow, merged, kept):
        if item["outcome"] == "already_member":
            membership.remove_member(uow, item["team_id"], merged.id)
    # attendance history names the kept record
    sessions = sa.select(SchoolSession.id).where(SchoolSession.cohort_id.in_(
        sa.select(CohortParticipant.cohort_id).where(CohortParticipant.person_id == merged.id)))
    for change in uow.session.execute(sa.select(AttendanceChange).where(AttendanceChange.session_id.in_(sessions))).scalars():
        if merged.id in change.added or merged.id in change.removed:
            change.added = sorted({kept.id if p == merged.id else p for p in change.added})
            change.removed = sorted({kept.id if p == merged.id else p for p in change.removed})
    # an account linked to the folded record is linked to the kept one, and the replicas are told
    # (a juror's standing recusal as a member of the team depends on it)
    from services.cohorts.accounts.operations import relink_person

    relink_person(uow, merged.id, kept.id)
    uow.flush()


def merge(uow: UnitOfWork, person_id: int, into_id: int) -> Person:
    """Fold ``person_id`` into ``into_id``: every reference follows, the folded record stays as a pointer."""
    merged, kept = _merge_pair(uow, person_id, into_id)
    _follow_merge_elsewhere(uow, merged, kept)
    merged.merged_into_id = kept.id
    merged.archived = True
    uow.flush()  # the folded record leaves the unique phone/e-mail indexes first
    for field in ("phone", "email", "settlement", "organisation", "organisation_id", "position", "birth_year", "sex", "consent_on",
                  "consent_method", "consent_guardian"):
        if getattr(kept, field) is None and getattr(merged, field) is not None:
            setattr(kept, field, getattr(merged, field))
    # a row the kept person already has (same cohort, same session...) is dropped, not duplicated
    move_person_references(uow, PERSON_REFERENCES, merged.id, kept.id)
    from services.cohorts.events.operations import recount_seats

    recount_seats(uow, kept.id)  # a registration dropped as a twin of the kept one gives its seat back
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
    _scrub_elsewhere(uow, person)
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


def _scrub_elsewhere(uow: UnitOfWork, person: Person) -> None:
    """Personal data kept beside the record: import previews and the stored answers of idempotent requests."""
    import json

    from services.cohorts.db import EVENT_TABLES
    from services.cohorts.imports.models import ImportBatch

    phone, email, name = person.phone, person.email, person.full_name

    def is_them(item: dict) -> bool:
        return item.get("person_id") == person.id or (phone and item.get("phone") == phone) or (email and item.get("email") == email)

    def scrub_message(message):
        msgid, values = message
        if isinstance(values, dict) and values.get("id") == person.id:
            values = {**values, "name": "—"}
        return [msgid, values]

    for batch in uow.session.execute(sa.select(ImportBatch).with_for_update()).scalars():
        changed, plan = False, []
        for item in batch.plan:
            if is_them(item):
                item = {**item, "full_name": "—", "phone": None, "email": None, "settlement": None, "organisation": None,
                        "birth_year": None, "sex": None, "consent_guardian": None, "reasons": [], "notes": [], "erased": True,
                        "cells": []}
                changed = True
            else:
                notes = [scrub_message(m) for m in item.get("notes", [])]
                reasons = [scrub_message(m) for m in item.get("reasons", [])]
                if notes != item.get("notes") or reasons != item.get("reasons"):
                    item, changed = {**item, "notes": notes, "reasons": reasons}, True
            plan.append(item)
        if changed:
            batch.plan = plan
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
