"""Registering and correcting organisations: one record per real organisation. Helpers flush, never commit."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.cohorts.organisations import rules
from services.cohorts.organisations.models import Organisation
from services.cohorts.validation import require_text
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import normalise
from shared.hooks import Hook
from shared.uow import UnitOfWork

# what names an organisation of the register lives in the packages above this one (people register theirs):
# (uow, organisation_id) -> {what: how many}, for a merge's preview
organisation_holders = Hook("what names an organisation")
# (uow, merged_id, kept_id): the rows naming a folded organisation name the kept one
organisation_merged = Hook("an organisation merged into another")


def _publish(uow: UnitOfWork, organisation: Organisation, verb: str) -> None:
    """Other services learn of the register by events (``cohorts.organisation.*``), through the outbox."""
    uow.publish(f"cohorts.organisation.{verb}", organisation.event_body(), entity_version=organisation.version)


def _inn_free(uow: UnitOfWork, inn: str | None, *, except_id: int | None = None) -> None:
    """The same INN is the same organisation: refused, naming the one registered."""
    if inn is None:
        return
    query = sa.select(Organisation).where(Organisation.inn == inn, Organisation.merged_into_id.is_(None))
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    existing = uow.session.execute(query).scalars().first()
    if existing is not None:
        message = Msg(N_("An organisation with this INN is already registered: “%(name)s” (#%(id)s)."), name=existing.name, id=existing.id)
        raise conflict(message, {"inn": [message]}, existing_id=existing.id)


def namesakes(uow: UnitOfWork, name: str, settlement: str | None, *, except_id: int | None = None) -> list[Organisation]:
    """Organisations of the same normalised name in the same settlement: a warning (two village clubs may share a
    name in different villages, rarely in one)."""
    query = sa.select(Organisation).where(Organisation.name_key == rules.name_key(name), Organisation.merged_into_id.is_(None),
                                          Organisation.settlement_key == normalise(settlement))
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return list(uow.session.execute(query.order_by(Organisation.id)).scalars())


def register(uow: UnitOfWork, data: dict) -> tuple[Organisation, list[Organisation]]:
    """Refused on a known INN; namesakes in the same settlement come back as a warning."""
    name = require_text("name", data.get("name"))[:rules.NAME_LENGTH]
    kind = rules.check_kind(data.get("kind"))
    inn = rules.clean_inn(data.get("inn"))
    settlement = (data.get("settlement") or "").strip() or None
    _inn_free(uow, inn)
    warnings = namesakes(uow, name, settlement)
    organisation = Organisation(name=name, name_key=rules.name_key(name), kind=kind, inn=inn, settlement=settlement,
                                settlement_key=normalise(settlement), version=1)
    uow.session.add(organisation)
    uow.flush()
    _publish(uow, organisation, "registered")
    return organisation, warnings


def get(uow: UnitOfWork, organisation_id: int, *, for_update: bool = False) -> Organisation:
    organisation = uow.session.get(Organisation, organisation_id, with_for_update=for_update or None)
    if organisation is None:
        raise not_found(N_("No such organisation."))
    return organisation


def update(uow: UnitOfWork, organisation_id: int, changes: dict) -> Organisation:
    """Correct the name, kind, INN or settlement; the same rules as registering."""
    organisation = get(uow, organisation_id, for_update=True)
    _not_merged(organisation)
    name = require_text("name", changes.get("name", organisation.name))[:rules.NAME_LENGTH]
    kind = rules.check_kind(changes.get("kind", organisation.kind))
    inn = rules.clean_inn(changes["inn"]) if "inn" in changes else organisation.inn
    settlement = ((changes.get("settlement") or "").strip() or None) if "settlement" in changes else organisation.settlement
    if (name, kind, inn, settlement) == (organisation.name, organisation.kind, organisation.inn, organisation.settlement):
        return organisation
    _inn_free(uow, inn, except_id=organisation.id)
    organisation.name, organisation.name_key, organisation.kind = name, rules.name_key(name), kind
    organisation.inn, organisation.settlement, organisation.settlement_key = inn, settlement, normalise(settlement)
    organisation.version += 1
    organisation.updated_at = utcnow()
    uow.flush()
    _publish(uow, organisation, "updated")
    return organisation


def search(q: str | None, kind: str | None):
    """The register, by name (any part, case and ё ignored) or INN, and by kind; alphabetical."""
    query = sa.select(Organisation).where(Organisation.merged_into_id.is_(None))
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        like = f"%{rules.name_key(q)}%"
        query = query.where(sa.or_(Organisation.name_key.like(like), Organisation.inn == digits) if digits else
                            Organisation.name_key.like(like))
    if kind:
        query = query.where(Organisation.kind == kind)
    return query.order_by(Organisation.name_key, Organisation.id)


FILLED = ("inn", "settlement")  # what the kept record takes from the folded one where it has none


def _not_merged(organisation: Organisation) -> None:
    if organisation.merged_into_id is not None:
        message = Msg(N_("This record was merged into #%(id)s."), id=organisation.merged_into_id)
        raise conflict(message, {"id": [message]})


def _merge_pair(uow: UnitOfWork, organisation_id: int, into_id: int) -> tuple[Organisation, Organisation]:
    if organisation_id == into_id:
        raise invalid("into", N_("An organisation cannot be merged into itself."))
    merged = get(uow, organisation_id, for_update=True)
    kept = uow.session.get(Organisation, into_id, with_for_update=True)
    if kept is None:
        raise invalid("into", N_("No such organisation."))
    _not_merged(merged)
    _not_merged(kept)
    return merged, kept


def merge_preview(uow: UnitOfWork, organisation_id: int, into_id: int) -> dict:
    """What a merge would do: the people who move to the kept record, the fields it takes from the folded one."""
    merged, kept = _merge_pair(uow, organisation_id, into_id)
    counts = {what: n for answer in organisation_holders(uow, merged.id) for what, n in answer.items()}
    fills = {f: getattr(merged, f) for f in FILLED if getattr(kept, f) is None and getattr(merged, f) is not None}
    return {"kept": kept, "merged": merged, "people": counts.get("people", 0), "fills": fills}


def merge(uow: UnitOfWork, organisation_id: int, into_id: int) -> Organisation:
    """Fold one record into another: its people follow, the kept record takes its INN or settlement where it has
    none, and the folded record stays as a pointer."""
    merged, kept = _merge_pair(uow, organisation_id, into_id)
    merged.merged_into_id = kept.id
    uow.flush()  # the folded record leaves the unique INN index first
    for field in FILLED:
        if getattr(kept, field) is None and getattr(merged, field) is not None:
            setattr(kept, field, getattr(merged, field))
    kept.settlement_key = normalise(kept.settlement)
    organisation_merged(uow, merged.id, kept.id)
    now = utcnow()
    for record in (merged, kept):
        record.version += 1
        record.updated_at = now
    uow.flush()
    uow.publish("cohorts.organisation.merged", {"id": kept.id, "merged_id": merged.id}, entity_version=merged.version)
    _publish(uow, kept, "updated")
    return kept


def only_match(uow: UnitOfWork, name: str | None) -> int | None:
    """The register's organisation a name typed on a public form means, when exactly one has that normalised name;
    None when none or several do (a person then keeps the name as written, for a coordinator to link)."""
    if not (name or "").strip():
        return None
    ids = uow.session.execute(sa.select(Organisation.id).where(
        Organisation.name_key == rules.name_key(name), Organisation.merged_into_id.is_(None)).limit(2)).scalars().all()
    return ids[0] if len(ids) == 1 else None


def match_or_register(uow: UnitOfWork, name: str, inn: str | None, *, kind: str = "other",
                      _retried: bool = False) -> Organisation:
    """The register's organisation another service met (a grant applicant, a partner it names): by INN, else by its
    name when exactly one organisation has it; a new record when neither finds one (``kind`` a coordinator corrects).
    A known organisation missing its INN gets it when nobody else holds it."""
    clean = rules.clean_inn(inn)
    if clean is not None:
        found = uow.session.execute(sa.select(Organisation).where(
            Organisation.inn == clean, Organisation.merged_into_id.is_(None)).with_for_update()).scalars().first()
        if found is not None:
            return found
    by_name = only_match(uow, name)
    if by_name is not None:
        found = get(uow, by_name, for_update=True)
        if found.inn is None and clean is not None:
            found.inn = clean
            found.version += 1
            uow.flush()
            _publish(uow, found, "updated")
        if found.inn is None or clean is None or found.inn == clean:
            return found
    try:
        with uow.session.begin_nested():
            made, _namesakes = register(uow, {"name": name, "kind": kind, "inn": clean})
    except (IntegrityError, UseCaseError) as exc:
        if _retried or (isinstance(exc, UseCaseError) and exc.status != 409):
            raise
        return match_or_register(uow, name, inn, kind=kind, _retried=True)  # registered a moment ago by another request
    return made
