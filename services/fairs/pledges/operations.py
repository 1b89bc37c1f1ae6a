"""Needs and pledges: recorded at the desk, followed until received, every change kept and announced to cohorts.

Each use case takes a unit of work and never commits; the request commits once.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.fair.models import Fair, Pitch
from services.fairs.pledges import partners, rules
from services.fairs.pledges.models import Need, Partner, Pledge, PledgeChange
from shared.db import utcnow
from shared.errors import N_, invalid, not_found
from shared.uow import UnitOfWork


def _fair(uow: UnitOfWork, fair_id: int, *, hold: bool = False) -> Fair:
    query = sa.select(Fair).where(Fair.id == fair_id)
    if hold:  # shared: publishing waits for a pledge being stored, and a pledge waits for publishing
        query = query.with_for_update(read=True)
    fair = uow.session.execute(query).scalar_one_or_none()
    if fair is None:
        raise not_found(N_("No such fair."))
    return fair


def _lineup_pitch(uow: UnitOfWork, fair_id: int, pitch_id) -> Pitch:
    pitch = uow.session.get(Pitch, pitch_id) if isinstance(pitch_id, int) else None
    if pitch is None or pitch.fair_id != fair_id or not pitch.active:
        raise invalid("pitch_id", N_("No such project in this fair's lineup."))
    return pitch


# --- needs -------------------------------------------------------------------------------------------


def add_need(uow: UnitOfWork, fair_id: int, data: dict) -> Need:
    """A project's need, entered before the fair: money (an amount) or an in-kind item with its estimated value."""
    fair = _fair(uow, fair_id)
    if fair.state == "published":
        message = N_("The fair's results are published: its needs no longer change.")
        raise invalid("pitch_id", message)
    pitch = _lineup_pitch(uow, fair.id, data.get("pitch_id"))
    kind = data.get("kind")
    if kind not in rules.KINDS:
        raise invalid("kind", N_("Choose money or in-kind help."))
    description = rules.clean_text(data.get("description"), "description", limit=500)
    amount = rules.parse_amount(data.get("amount"))
    if amount is None:
        raise invalid("amount", N_("Enter the amount needed (for in-kind help, its estimated value)."))
    if kind == "in_kind" and not description:
        raise invalid("description", N_("Describe the in-kind help (what, how much, for how long)."))
    need = Need(fair_id=fair.id, pitch_id=pitch.id, kind=kind, description=description, amount=amount, created_at=utcnow())
    uow.session.add(need)
    uow.flush()
    return need


def needs(uow: UnitOfWork, fair_id: int) -> list[Need]:
    _fair(uow, fair_id)
    return list(uow.session.execute(sa.select(Need).where(Need.fair_id == fair_id).order_by(Need.pitch_id, Need.id)).scalars())


def delete_need(uow: UnitOfWork, fair_id: int, need_id: int) -> None:
    need = uow.session.get(Need, need_id)
    if need is None or need.fair_id != fair_id:
        raise not_found(N_("No such need."))
    covering = uow.session.execute(sa.select(sa.func.count()).where(Pledge.need_id == need.id)).scalar_one()
    if covering:
        message = N_("Pledges cover this need: it stays.")
        raise invalid("need_id", message)
    uow.session.delete(need)
    uow.flush()


# --- pledges -----------------------------------------------------------------------------------------


def _note(uow: UnitOfWork, pledge: Pledge, field: str, old, new, actor, reason: str | None = None) -> None:
    uow.session.add(PledgeChange(
        pledge_id=pledge.id, field=field, old_value=None if old is None else str(old)[:1000],
        new_value=None if new is None else str(new)[:1000], reason=reason, account_id=actor.account_id,
        actor_name=actor.name, at=utcnow(),
    ))


def _announce(uow: UnitOfWork, pledge: Pledge, key: str) -> None:
    """``fairs.pledge.recorded`` / ``.updated``: the pledge as it is now, its version the entity version."""
    fair = uow.session.get(Fair, pledge.fair_id)
    pitch = uow.session.get(Pitch, pledge.pitch_id)
    partner = uow.session.get(Partner, pledge.partner_id)
    uow.publish(key, {
        "id": pledge.id, "fair_id": fair.id, "cohort_id": fair.cohort_id, "team_id": pitch.team_id, "pitch_id": pitch.id,
        "partner": partner.name, "partner_id": partner.id, "anonymous": partner.anonymous, "partner_kind": partner.kind,
        "kind": pledge.kind,
        "amount": pledge.amount if pledge.amount is not None else 0, "received_amount": pledge.received_amount,
        "status": rules.event_status(pledge.status), "description": pledge.description, "pledged_at": pledge.created_at,
    }, entity_version=pledge.version)


def _need(uow: UnitOfWork, need_id, pitch: Pitch) -> int | None:
    if need_id is None:
        return None
    need = uow.session.get(Need, need_id) if isinstance(need_id, int) else None
    error = rules.need_error(need.pitch_id if need is not None else None, pitch.id)
    if error:
        raise error
    return need.id


def record(uow: UnitOfWork, fair_id: int, data: dict, actor) -> Pledge:
    """A pledge called out in the hall, recorded at the desk: the partner by id, or by name (new if unknown)."""
    fair = _fair(uow, fair_id, hold=True)
    rules.refuse_new_pledge(fair.state)
    pitch = _lineup_pitch(uow, fair.id, data.get("pitch_id"))
    kind = data.get("kind")
    if kind not in rules.KINDS:
        raise invalid("kind", N_("Choose money or in-kind help."))
    amount = rules.parse_amount(data.get("amount"))
    description = rules.clean_text(data.get("description"), "description", limit=500)
    rules.check_content(kind, amount, description)
    note = rules.clean_text(data.get("note"), "note", limit=1000)
    need_id = _need(uow, data.get("need_id"), pitch)
    status = data.get("status") or rules.PLEDGED
    rules.check_initial_status(status)
    received = rules.parse_amount(data.get("received_amount"), "received_amount") if data.get("received_amount") is not None else None
    rules.check_received_amount(status, rules.PLEDGED, received)
    if data.get("partner_id") is not None:
        partner = partners.get(uow, data["partner_id"], field="partner_id")
    else:
        name = rules.clean_text(data.get("partner"), "partner", limit=300, required=True,
                                message=N_("Choose a partner or type a new partner's name."))
        partner = partners.by_name(uow, name, data.get("new_partner") or {})
    now = utcnow()
    pledge = Pledge(
        fair_id=fair.id, pitch_id=pitch.id, partner_id=partner.id, need_id=need_id, kind=kind, amount=amount,
        description=description, note=note, status=status, version=1, created_at=now, updated_at=now,
        created_by=actor.account_id,
        # confirmed on the spot, or handed over at the desk (cash): as a PATCH would have done a moment later
        confirmed_at=now if status in (rules.CONFIRMED, rules.RECEIVED) else None,
        received_at=now if status == rules.RECEIVED else None,
        received_amount=(amount if received is None else received) if status == rules.RECEIVED else None,
    )
    uow.session.add(pledge)
    uow.flush()
    _note(uow, pledge, "recorded", None, status, actor)
    _announce(uow, pledge, "fairs.pledge.recorded")
    return pledge


def get(uow: UnitOfWork, pledge_id: int, *, lock: bool = False) -> Pledge:
    query = sa.select(Pledge).where(Pledge.id == pledge_id)
    pledge = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if pledge is None:
        raise not_found(N_("No such pledge."))
    return pledge


def change(uow: UnitOfWork, pledge_id: int, data: dict, actor) -> Pledge:
    """PATCH a pledge: its status forward (withdrawn with a reason), the amount received, or a correction of
    amount, description, need or note (with a reason). Each change goes into its history; nothing changed, nothing
    written."""
    pledge = get(uow, pledge_id, lock=True)
    reason = rules.clean_text(data.get("reason"), "reason", limit=1000)
    before = pledge.status
    target = data.get("status") or before
    rules.check_status(before, target, reason=reason)
    received = rules.parse_amount(data.get("received_amount"), "received_amount") if "received_amount" in data else None
    rules.check_received_amount(target, before, received)
    corrections = {}
    if "amount" in data:
        corrections["amount"] = rules.parse_amount(data["amount"])
    if "description" in data:
        corrections["description"] = rules.clean_text(data["description"], "description", limit=500)
    if "note" in data:
        corrections["note"] = rules.clean_text(data["note"], "note", limit=1000)
    if "need_id" in data:
        corrections["need_id"] = _need(uow, data["need_id"], uow.session.get(Pitch, pledge.pitch_id))
    corrections = {k: v for k, v in corrections.items() if v != getattr(pledge, k)}
    if corrections and before == rules.WITHDRAWN:
        field = next(iter(corrections))
        raise invalid(field, N_("This pledge is withdrawn: it is no longer corrected."))
    if ("amount" in corrections or "description" in corrections) and not reason:
        raise invalid("reason", N_("Say why the pledge is corrected."))
    rules.check_content(pledge.kind, corrections.get("amount", pledge.amount), corrections.get("description", pledge.description))
    now = utcnow()
    changed = False
    for field, value in corrections.items():
        _note(uow, pledge, field, getattr(pledge, field), value, actor, reason)
        setattr(pledge, field, value)
        changed = True
    if target != before:
        _note(uow, pledge, "status", before, target, actor, reason)
        pledge.status = target
        if target in (rules.CONFIRMED, rules.RECEIVED) and pledge.confirmed_at is None:
            pledge.confirmed_at = now
        if target == rules.RECEIVED:
            pledge.received_at = now
            if received is None:
                received = pledge.amount  # it came as pledged
        if target == rules.WITHDRAWN:
            pledge.withdrawn_at, pledge.withdrawn_reason = now, reason
        changed = True
    if target == rules.RECEIVED and received is not None and received != pledge.received_amount:
        _note(uow, pledge, "received_amount", pledge.received_amount, received, actor, reason)
        pledge.received_amount = received
        changed = True
    if changed:
        pledge.version += 1
        pledge.updated_at = now
        uow.flush()
        _announce(uow, pledge, "fairs.pledge.updated")
    return pledge


def moved_to_partner(uow: UnitOfWork, actor):
    """What a partners' merge does to each pledge it moves: recorded in its history and announced."""

    def move(pledge: Pledge, old_id: int, new_id: int) -> None:
        _note(uow, pledge, "partner_id", old_id, new_id, actor, "merge")
        pledge.partner_id = new_id
        pledge.version += 1
        pledge.updated_at = utcnow()
        uow.flush()
        _announce(uow, pledge, "fairs.pledge.updated")

    return move


def partner_changed(uow: UnitOfWork):
    """A partner's new name, kind or anonymity reaches cohorts: each of its pledges is announced again, one version on
    (the pledge itself did not change, so its history does not either)."""

    def announce(pledge: Pledge) -> None:
        pledge.version += 1
        pledge.updated_at = utcnow()
        uow.flush()
        _announce(uow, pledge, "fairs.pledge.updated")

    return announce


def history(uow: UnitOfWork, pledge_id: int) -> list[PledgeChange]:
    get(uow, pledge_id)
    return list(uow.session.execute(
        sa.select(PledgeChange).where(PledgeChange.pledge_id == pledge_id).order_by(PledgeChange.at, PledgeChange.id)
    ).scalars())


def listed(fair_id: int, *, status: str | None = None, outstanding: bool = False,
           pitch_id: int | None = None, partner_id: int | None = None) -> sa.Select:
    """The fair's pledges, newest first; ``outstanding``: those not yet received (nor withdrawn), oldest first,
    for the follow-up calls after the fair."""
    query = sa.select(Pledge).where(Pledge.fair_id == fair_id)
    if status:
        query = query.where(Pledge.status == status)
    if pitch_id:
        query = query.where(Pledge.pitch_id == pitch_id)
    if partner_id:
        query = query.where(Pledge.partner_id == partner_id)
    if outstanding:
        return query.where(Pledge.status.in_((rules.PLEDGED, rules.CONFIRMED))).order_by(Pledge.created_at, Pledge.id)
    return query.order_by(Pledge.created_at.desc(), Pledge.id.desc())
