"""Conflicts of interest: a juror's declared ones (their scores for the pitch dropped), the standing ones (mentor,
member) and the flagged ones (consulted), as the chair reads them.

Each takes a unit of work and never commits.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.fair import rules as fair_rules
from services.fairs.fair.lookups import get_fair, get_pitch
from services.fairs.fair.models import Fair
from services.fairs.jury import rules
from services.fairs.jury.consulted import flags
from services.fairs.jury.models import Conflict, Score, Sheet
from services.fairs.jury.operations import JurorSeat, jurors
from services.fairs.jury.recusal import fair_recusals
from services.fairs.jury import sheets
from services.fairs.jury.sheets import record_revision, sheet_scores
from shared.db import utcnow
from shared.errors import N_, conflict, not_found
from shared.uow import UnitOfWork


def _check_conflicts_editable(fair: Fair) -> None:
    """Declaring drops scores: not once scoring has closed."""
    if fair.state in (fair_rules.CLOSED, fair_rules.PUBLISHED):
        message = rules.SHEET_REFUSALS[fair.state]
        raise conflict(message, {"pitch_id": [message]}, reason=fair.state)


def declare_conflict(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, reason: str | None) -> Conflict:
    """The juror declares a conflict for a pitch: their scores for it are dropped. Declaring twice is one declaration."""
    juror = seat.juror
    _check_conflicts_editable(get_fair(uow, juror.fair_id))
    pitch = get_pitch(uow, juror.fair_id, pitch_id)
    existing = uow.session.execute(
        sa.select(Conflict).where(Conflict.juror_id == juror.id, Conflict.pitch_id == pitch.id)
    ).scalar_one_or_none()
    reason = (reason or "").strip() or None
    if existing is not None:
        if reason and reason != existing.reason:
            existing.reason = reason
        return existing
    declared = Conflict(fair_id=juror.fair_id, juror_id=juror.id, pitch_id=pitch.id, reason=reason)
    uow.session.add(declared)
    sheet = uow.session.execute(
        sa.select(Sheet).where(Sheet.juror_id == juror.id, Sheet.pitch_id == pitch.id)
    ).scalar_one_or_none()
    if sheet is not None:
        old = sheet_scores(uow, sheet.id)
        uow.session.execute(sa.delete(Score).where(Score.sheet_id == sheet.id))
        if old:
            record_revision(uow, sheet, "recused", old, {}, sheet.comment, sheet.comment, seat, reason)
        sheet.version += 1
        sheet.updated_at = utcnow()
    uow.flush()
    return declared


def withdraw_conflict(uow: UnitOfWork, fair_id: int, conflict_id: int, *, seat: JurorSeat | None) -> None:
    """The juror withdraws their own declaration (a coordinator, ``seat`` None, any of the fair's)."""
    _check_conflicts_editable(get_fair(uow, fair_id))
    declared = uow.session.get(Conflict, conflict_id)
    if declared is None or declared.fair_id != fair_id or (seat is not None and declared.juror_id != seat.juror.id):
        raise not_found(N_("No such declaration."))
    uow.session.delete(declared)
    uow.flush()


def conflicts(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Declared conflicts, standing ones (mentor, member) and flagged ones (consulted, with the chair's decision)."""
    out = []
    rows = jurors(uow, fair_id)
    names = {row["juror"].id: row["name"] for row in rows}
    for c in uow.session.execute(sa.select(Conflict).where(Conflict.fair_id == fair_id).order_by(Conflict.id)).scalars():
        if c.juror_id in names:
            out.append({"id": c.id, "juror_id": c.juror_id, "juror_name": names[c.juror_id], "pitch_id": c.pitch_id,
                        "kind": rules.DECLARED, "reason": c.reason, "declared_at": c.declared_at, "decision": None})
    for (juror_id, pid), kind in sorted(fair_recusals(uow, fair_id, [r["juror"] for r in rows]).items()):
        if kind in (rules.MENTOR, rules.MEMBER):
            out.append({"id": None, "juror_id": juror_id, "juror_name": names[juror_id], "pitch_id": pid,
                        "kind": kind, "reason": None, "declared_at": None, "decision": None})
    for flag in flags(uow, get_fair(uow, fair_id)):
        out.append({"id": None, "juror_id": flag["juror_id"], "juror_name": names.get(flag["juror_id"], ""),
                    "pitch_id": flag["pitch_id"], "kind": rules.CONSULTED, "reason": None, "declared_at": None,
                    "decision": flag["decision"]})
    return out


def send_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, scores: dict, comment: str | None) -> tuple[dict, bool]:
    """A juror's sheet sent from their sheet page. Scores sent for a pitch the juror had declared a conflict with
    withdraw the declaration (they judge it after all), in the same unit of work as the sheet: a sheet refused
    leaves the declaration standing. Answers the sheet and whether a declaration was withdrawn, for the page to
    say so."""
    declared = uow.session.execute(sa.select(Conflict).where(
        Conflict.juror_id == seat.juror.id, Conflict.pitch_id == pitch_id)).scalar_one_or_none()
    if declared is not None:
        withdraw_conflict(uow, seat.juror.fair_id, declared.id, seat=seat)
    return sheets.save_sheet(uow, seat, pitch_id, scores, comment), declared is not None
