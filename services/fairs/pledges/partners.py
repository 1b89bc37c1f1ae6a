"""Partners counted once: created with their identity keys checked, found by name, merged two into one.

Each use case takes a unit of work and never commits.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.pledges import rules
from services.fairs.pledges.models import Partner, Pledge
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.uow import UnitOfWork

_DUPLICATE = {
    "inn": N_("A partner with this INN is already recorded: %(name)s."),
    "phone": N_("A partner with this phone is already recorded: %(name)s."),
    "email": N_("A partner with this e-mail is already recorded: %(name)s."),
}


def clean(data: dict) -> dict:
    """The partner's fields from a form or the API, keys normalised; refuses the first bad field."""
    name = rules.clean_text(data.get("name"), "name", limit=300, required=True, message=N_("Enter the partner's name."))
    kind = data.get("kind") or "business"
    if kind not in rules.PARTNER_KINDS:
        raise invalid("kind", N_("Choose the kind: a business, an authority, an NGO or a person."))
    return {
        "name": name, "name_key": rules.name_key(name), "kind": kind,
        "inn": rules.inn_key(data.get("inn")), "phone": rules.phone_key(data.get("phone")),
        "email": rules.email_key(data.get("email")), "anonymous": bool(data.get("anonymous")),
    }


def _check_unique(uow: UnitOfWork, values: dict, *, other_than: int | None = None) -> None:
    for field in ("inn", "phone", "email"):
        if values.get(field) is None:
            continue
        query = sa.select(Partner).where(getattr(Partner, field) == values[field])
        if other_than is not None:
            query = query.where(Partner.id != other_than)
        first = uow.session.execute(query).scalar_one_or_none()
        if first is not None:
            message = Msg(_DUPLICATE[field], name=first.name)
            raise conflict(message, {field: [message]}, partner={"id": first.id, "name": first.name})


def create(uow: UnitOfWork, data: dict) -> Partner:
    values = clean(data)
    _check_unique(uow, values)
    partner = Partner(**values, version=1)
    uow.session.add(partner)
    uow.flush()
    return partner


def update(uow: UnitOfWork, partner_id: int, data: dict, on_partner_changed) -> Partner:
    """Correct a partner (its name, kind, contacts, or a late wish to stay anonymous). Its pledges are announced
    again when what cohorts shows changes: the name (or its absence) and the kind, by which the funder's report splits
    the funds. A kind is corrected far more often than a partner changes its legal form, so the report follows the
    kind as it is now rather than keeping the one typed at the desk."""
    partner = get(uow, partner_id, lock=True)
    current = {"name": partner.name, "kind": partner.kind, "inn": partner.inn, "phone": partner.phone,
               "email": partner.email, "anonymous": partner.anonymous}
    values = clean({**current, **{k: v for k, v in data.items() if k in current}})
    _check_unique(uow, values, other_than=partner.id)
    if all(getattr(partner, k) == v for k, v in values.items()):
        return partner
    shown_elsewhere = any(values[k] != getattr(partner, k) for k in ("name", "anonymous", "kind"))
    for key, value in values.items():
        setattr(partner, key, value)
    partner.version += 1
    uow.flush()
    if shown_elsewhere:
        for pledge in uow.session.execute(sa.select(Pledge).where(Pledge.partner_id == partner.id).with_for_update()).scalars():
            on_partner_changed(pledge)
    return partner


def get(uow: UnitOfWork, partner_id: int, *, field: str | None = None, lock: bool = False) -> Partner:
    """The partner, or its survivor when it was merged into another."""
    for _ in range(20):  # a chain of merges is short; a loop would be a bug, not a reason to hang
        query = sa.select(Partner).where(Partner.id == partner_id)
        partner = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
        if partner is None:
            if field:
                raise invalid(field, N_("No such partner."))
            raise not_found(N_("No such partner."))
        if partner.merged_into_id is None:
            return partner
        partner_id = partner.merged_into_id
    raise UseCaseError(409, N_("No such partner."))


def search(q: str | None) -> sa.Select:
    """Partners not merged away, by name (any part of it, case and ё ignored), alphabetical."""
    query = sa.select(Partner).where(Partner.merged_into_id.is_(None))
    key = rules.name_key(q or "")
    if key:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Partner.name_key.like(f"%{escaped}%", escape="\\"))
    return query.order_by(Partner.name_key, Partner.id)


def desk_labels(uow: UnitOfWork) -> dict[str, int]:
    """What the desk's list offers, label -> partner: the name, or for namesakes the name with a contact or INN
    (so that choosing one of two "Иванов Иван" records the right one)."""
    rows = list(uow.session.execute(sa.select(Partner).where(Partner.merged_into_id.is_(None)).order_by(Partner.name_key, Partner.id)).scalars())
    seen: dict[str, int] = {}
    for p in rows:
        seen[p.name_key] = seen.get(p.name_key, 0) + 1
    labels = {}
    for p in rows:
        if seen[p.name_key] == 1:
            labels[p.name] = p.id
        else:
            hint = p.inn or p.phone or p.email or f"#{p.id}"
            labels[f"{p.name} · {hint}"] = p.id
    return labels


def by_name(uow: UnitOfWork, name: str, extra: dict) -> Partner:
    """The desk typed a name: the one partner of that name, or a new one with what else was typed."""
    key = rules.name_key(name)
    found = list(uow.session.execute(
        sa.select(Partner).where(Partner.name_key == key, Partner.merged_into_id.is_(None)).limit(2)
    ).scalars())
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        message = N_("Several partners have this name: choose one from the search.")
        raise conflict(message, {"partner": [message]})
    return create(uow, {**extra, "name": name})


def merge(uow: UnitOfWork, keep_id: int, other_id: int, actor, on_pledge_moved) -> Partner:
    """``other`` merges into ``keep``: its pledges move (each in its history, each announced), the contacts
    ``keep`` lacks are taken over, and ``other`` stays as a pointer to ``keep``."""
    if keep_id == other_id:
        raise invalid("other_id", N_("Choose another partner to merge."))
    keep, other = get(uow, keep_id, lock=True), get(uow, other_id, field="other_id", lock=True)
    if keep.id == other.id:
        raise invalid("other_id", N_("These two are already one partner."))
    taken = {f: getattr(other, f) for f in ("inn", "phone", "email") if getattr(keep, f) is None and getattr(other, f)}
    for field in ("inn", "phone", "email"):
        setattr(other, field, None)
    other.merged_into_id = keep.id
    other.version += 1
    uow.flush()  # the contacts leave ``other`` before ``keep`` takes them: the unique keys hold throughout
    for field, value in taken.items():
        setattr(keep, field, value)
    keep.anonymous = keep.anonymous or other.anonymous  # one who asked not to be named stays unnamed
    keep.version += 1
    moved = list(uow.session.execute(sa.select(Pledge).where(Pledge.partner_id == other.id).with_for_update()).scalars())
    for pledge in moved:
        on_pledge_moved(pledge, other.id, keep.id)
    uow.flush()
    return keep
