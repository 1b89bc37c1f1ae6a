"""The audience vote: tickets, votes by device or ticket, counts per pitch, bursts from one address for the chair."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.fairs.audience import rules
from services.fairs.audience.models import Ticket, Vote, VoteAttempt
from services.fairs.fair.models import Fair, Pitch
from services.fairs.fair.lookups import get_fair
from shared.db import utcnow
from shared.errors import N_, Msg, conflict, invalid, not_found
from shared.uow import UnitOfWork


def vote_counts(uow: UnitOfWork, fair_id: int) -> dict[int, int]:
    """pitch id -> votes it holds now (one query); votes the chair set aside do not count."""
    return dict(uow.session.execute(
        sa.select(Vote.pitch_id, sa.func.count()).where(Vote.fair_id == fair_id, Vote.set_aside_at.is_(None))
        .group_by(Vote.pitch_id)
    ).all())


# --- tickets -----------------------------------------------------------------------------------------


def issue_tickets(uow: UnitOfWork, fair_id: int, count: int) -> list[Ticket]:
    fair = get_fair(uow, fair_id)
    if fair.state == "published":
        message = rules.REFUSALS["published"]
        raise conflict(message, {"count": [message]})
    if not 1 <= count <= rules.MAX_TICKETS:
        raise invalid("count", Msg(N_("From 1 to %(max)s tickets at a time."), max=rules.MAX_TICKETS))
    made = []
    while len(made) < count:
        try:
            with uow.session.begin_nested():  # a code drawn twice (1 in 10^11): draw again
                ticket = Ticket(fair_id=fair_id, code=rules.new_code(), created_at=utcnow())
                uow.session.add(ticket)
        except IntegrityError:
            continue
        made.append(ticket)
    uow.flush()
    return made


def tickets(uow: UnitOfWork, fair_id: int) -> list[dict]:
    get_fair(uow, fair_id)
    used = set(uow.session.execute(sa.select(Vote.ticket_id).where(Vote.fair_id == fair_id, Vote.ticket_id.is_not(None))).scalars())
    return [{"id": t.id, "code": t.code, "pretty": rules.pretty_code(t.code), "used": t.id in used, "created_at": t.created_at}
            for t in uow.session.execute(sa.select(Ticket).where(Ticket.fair_id == fair_id).order_by(Ticket.id)).scalars()]


# --- votes -------------------------------------------------------------------------------------------


def _voting_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    """The fair, held (shared) so that closing the vote or publishing waits for a vote being stored; refused unless open."""
    fair = uow.session.execute(sa.select(Fair).where(Fair.id == fair_id).with_for_update(read=True)).scalar_one_or_none()
    if fair is None:
        raise not_found(N_("No such fair."))
    why = rules.refusal(fair.state, fair.voting_open)
    if why:
        message = rules.REFUSALS[why]
        raise conflict(message, {"pitch_id": [message]}, reason=why)
    return fair


def cast_vote(uow: UnitOfWork, fair_id: int, pitch_id: int, *, device: str | None, ticket: str | None, address: str | None,
              presence: str | None = None, presence_secret: bytes | None = None) -> dict:
    """A device's vote (replacing its earlier one) or a ticket's one vote. Nothing is counted twice.

    A device votes from the hall: with ``presence``, the code the projector shows now (checked with
    ``presence_secret``; ``None`` only where no hall exists, as in the rules' unit tests)."""
    fair = _voting_fair(uow, fair_id)
    pitch = uow.session.get(Pitch, pitch_id)
    if pitch is None or pitch.fair_id != fair.id or not pitch.active:
        raise invalid("pitch_id", N_("No such project in this fair's lineup."))
    if fair.audience_mode == "ticket":
        code = rules.clean_code(ticket)
        if not code:
            raise invalid("ticket", N_("Enter the code printed on your ticket."))
        row = uow.session.execute(sa.select(Ticket).where(Ticket.code == code, Ticket.fair_id == fair.id)).scalar_one_or_none()
        if row is None:
            raise invalid("ticket", N_("No such ticket at this fair: check the code."))
        voter, ticket_id = f"ticket:{row.id}", row.id
    else:
        if not device:
            raise invalid("device", N_("Open the vote page on this phone first, then vote."))
        if presence_secret is not None and not rules.presence_valid(presence_secret, fair.id, presence, utcnow()):
            message = (N_("Enter the code shown on the screen in the hall.") if not rules.clean_presence(presence)
                       else N_("This is not the code on the screen now: look again and type it."))
            raise invalid("presence", message)
        voter, ticket_id = f"device:{device}", None
    vote = uow.session.execute(sa.select(Vote).where(Vote.fair_id == fair.id, Vote.voter == voter).with_for_update()).scalar_one_or_none()
    now = utcnow()
    if vote is None:
        try:
            with uow.session.begin_nested():  # the same phone or ticket twice at once: one vote
                vote = Vote(fair_id=fair.id, pitch_id=pitch.id, voter=voter, ticket_id=ticket_id, address=address,
                            changes=0, created_at=now, updated_at=now)
                uow.session.add(vote)
            return {"fair_id": fair.id, "pitch_id": pitch.id, "changed": False, "counted": True}
        except IntegrityError:
            vote = uow.session.execute(sa.select(Vote).where(Vote.fair_id == fair.id, Vote.voter == voter).with_for_update()).scalar_one()
    if vote.pitch_id == pitch.id:
        return {"fair_id": fair.id, "pitch_id": pitch.id, "changed": False, "counted": True}  # sent again: the same vote
    if ticket_id is not None:
        message = N_("This ticket has already voted.")
        raise conflict(message, {"ticket": [message]}, reason="ticket_used")
    vote.pitch_id, vote.changes, vote.updated_at, vote.address = pitch.id, vote.changes + 1, now, address
    uow.flush()
    return {"fair_id": fair.id, "pitch_id": pitch.id, "changed": True, "counted": True}


def my_vote(uow: UnitOfWork, fair_id: int, device: str | None) -> int | None:
    if not device:
        return None
    return uow.session.execute(
        sa.select(Vote.pitch_id).where(Vote.fair_id == fair_id, Vote.voter == f"device:{device}")
    ).scalar_one_or_none()


# --- the limit per address ---------------------------------------------------------------------------


def note_attempt(session, fair_id: int, address: str) -> int | None:
    """Count a vote attempt from an address (refused ones too: the chair sees them); answer the seconds to wait when
    the address is over the limit, else None. The caller picks the transaction (see ``audience.views._slowed``)."""
    now = utcnow()
    if session.get(Fair, fair_id) is None:
        return None
    recent = list(session.execute(
        sa.select(VoteAttempt.at).where(VoteAttempt.fair_id == fair_id, VoteAttempt.address == address,
                                        VoteAttempt.at > now - rules.WINDOW)
    ).scalars())
    wait = rules.retry_after(recent, now)
    session.add(VoteAttempt(fair_id=fair_id, address=address, at=now, accepted=wait is None))
    session.flush()
    return wait


def vote_bursts(uow: UnitOfWork, fair_id: int, since: dt.datetime | None = None) -> list[dict]:
    """Addresses that sent a burst of votes (at least ``rules.BURST`` within a minute), for the chair."""
    query = sa.select(VoteAttempt.address, VoteAttempt.at, VoteAttempt.accepted).where(VoteAttempt.fair_id == fair_id)
    if since is not None:
        query = query.where(VoteAttempt.at >= since)
    found = rules.bursts([tuple(r) for r in uow.session.execute(query)])
    for burst in found:  # the phone votes each burst holds now, for the chair to set aside
        burst["votes"] = uow.session.execute(
            sa.select(sa.func.count()).where(Vote.fair_id == fair_id, Vote.address == burst["address"], Vote.ticket_id.is_(None),
                                             Vote.set_aside_at.is_(None), Vote.updated_at >= burst["first_at"],
                                             Vote.updated_at <= burst["last_at"] + rules.BURST_VOTE_GRACE)
        ).scalar_one()
    return found


def set_aside_burst(uow: UnitOfWork, fair_id: int, address: str, since: dt.datetime, until: dt.datetime, reason: str | None,
                    actor) -> int:
    """The chair sets aside the phone votes last cast from ``address`` between ``since`` and ``until`` (a burst the
    console showed), with a reason kept in the fair's history. They stay stored and are no longer counted. Answers
    how many were set aside now."""
    from services.fairs.fair.history import record
    from services.fairs.fair.lookups import locked_fair

    reason = (reason or "").strip()[:rules.SET_ASIDE_REASON_LENGTH]
    if not reason:
        raise invalid("reason", N_("Say why these votes are set aside: the reason is kept in the fair's history."))
    fair = locked_fair(uow, fair_id)
    if fair.state == "published":
        message = rules.REFUSALS["published"]
        raise conflict(message, {"address": [message]})
    if until < since:
        raise invalid("until", N_("The end of the burst is before its beginning."))
    votes = list(uow.session.execute(
        sa.select(Vote).where(Vote.fair_id == fair.id, Vote.address == address, Vote.ticket_id.is_(None),
                              Vote.set_aside_at.is_(None), Vote.updated_at >= since,
                              Vote.updated_at <= until + rules.BURST_VOTE_GRACE)
        .with_for_update()
    ).scalars())
    if not votes:
        raise invalid("address", N_("No counted vote from this address in that burst."))
    now = utcnow()
    for vote in votes:
        vote.set_aside_at, vote.set_aside_reason = now, reason
    record(uow, fair, "votes_set_aside", len(votes), "set_aside", actor, f"{address}: {reason}")
    fair.version += 1
    uow.flush()
    return len(votes)
