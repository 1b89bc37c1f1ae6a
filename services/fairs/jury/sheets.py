"""Score sheets: a juror's own, saved while the fair is open; every change kept; the chair's correction requests;
which jurors have sent their sheet for each pitch.

A sheet stays editable by its juror until scoring closes. The chair's "reopen" does not unlock anything: it records
a correction request with its reason, which the juror's phone shows and the juror's next change carries into the
sheet's history (then the request is done).
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.fairs.judging import rules as judging_rules
from services.fairs.jury import rules as jury_rules
from services.fairs.fair.models import Criterion, Fair, Pitch
from services.fairs.jury.models import Juror, Score, Sheet, SheetRevision
from services.fairs.fair.lookups import criteria, get_fair, get_pitch, lineup
from services.fairs.jury.operations import JurorSeat, jurors
from services.fairs.jury.recusal import fair_recusals, pitch_recusal, recusal_tests, recusals
from services.fairs.fair import rules as fair_rules
from shared.actor import Actor
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.uow import UnitOfWork


def _sheet(uow: UnitOfWork, juror_id: int, pitch_id: int) -> Sheet | None:
    return uow.session.execute(
        sa.select(Sheet).where(Sheet.juror_id == juror_id, Sheet.pitch_id == pitch_id)
    ).scalar_one_or_none()


def _scores(uow: UnitOfWork, sheet_ids) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    if sheet_ids:
        for s in uow.session.execute(sa.select(Score).where(Score.sheet_id.in_(list(sheet_ids)))).scalars():
            out.setdefault(s.sheet_id, {})[s.criterion_id] = s.value
    return out


def sheet_scores(uow: UnitOfWork, sheet_id: int) -> dict[int, int]:
    return _scores(uow, [sheet_id]).get(sheet_id, {})


def fair_scores(uow: UnitOfWork, fair_id: int) -> dict[int, dict[int, int]]:
    """Every score of the fair, by sheet (one query)."""
    out: dict[int, dict[int, int]] = {}
    for sheet_id, cid, value in uow.session.execute(
        sa.select(Score.sheet_id, Score.criterion_id, Score.value).join(Sheet, Sheet.id == Score.sheet_id).where(Sheet.fair_id == fair_id)
    ):
        out.setdefault(sheet_id, {})[cid] = value
    return out


def _json_scores(scores: dict | None) -> dict | None:
    return None if scores is None else {str(k): v for k, v in sorted(scores.items())}


def record_revision(uow: UnitOfWork, sheet: Sheet, kind: str, old, new, old_comment, new_comment, who, reason=None) -> None:
    """One line of the sheet's history; ``who`` is the juror's seat or the chair (an Actor)."""
    uow.session.add(SheetRevision(**_revision_row(sheet, kind, old, new, old_comment, new_comment, who, reason, utcnow())))


def _revision_row(sheet: Sheet, kind: str, old, new, old_comment, new_comment, who, reason, at) -> dict:
    via = who.via if isinstance(who, JurorSeat) else "chair"
    return dict(sheet_id=sheet.id, fair_id=sheet.fair_id, kind=kind, old_scores=_json_scores(old), new_scores=_json_scores(new),
                old_comment=old_comment, new_comment=new_comment, reason=reason, account_id=who.account_id, via=via, at=at)


def _correction(sheet: Sheet | None) -> dict | None:
    if sheet is None or not sheet.correction_reason:
        return None
    return {"reason": sheet.correction_reason, "requested_at": sheet.correction_requested_at}


def _sheet_body(sheet: Sheet | None, juror: Juror, pitch: Pitch, scores: dict[int, int], n_criteria: int, recused: str | None) -> dict:
    return {
        "id": sheet.id if sheet else None,
        "fair_id": pitch.fair_id,
        "pitch_id": pitch.id,
        "team_id": pitch.team_id,
        "juror_id": juror.id,
        "scores": {str(k): v for k, v in sorted(scores.items())},
        "comment": sheet.comment if sheet else None,
        "state": judging_rules.sheet_state(len(scores), n_criteria, recused is not None),
        "recused": recused is not None,
        "recusal": recused,
        "version": sheet.version if sheet else 0,
        "updated_at": sheet.updated_at if sheet else None,
        "correction": _correction(sheet),
    }


def own_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int) -> dict:
    juror = seat.juror
    pitch = get_pitch(uow, juror.fair_id, pitch_id)
    if not pitch.active:
        raise not_found(N_("This project is no longer in the lineup."))
    sheet = _sheet(uow, juror.id, pitch.id)
    scores = sheet_scores(uow, sheet.id) if sheet else {}
    recused = recusals(uow, juror).get(pitch.id)
    return _sheet_body(sheet, juror, pitch, {} if recused else scores, len(criteria(uow, juror.fair_id)), recused)


@dataclass(frozen=True)
class SheetContext:
    """What a sheet's write needs to know, read by one query: the fair's state (the fair held), the pitch, why this
    juror does not score it, and the fair's criteria with their maxima in order."""

    state: str
    pitch: "_PitchRef | None"
    recused: str | None
    maxima: dict[int, int]


@dataclass(frozen=True)
class _PitchRef:
    id: int
    fair_id: int
    team_id: int
    active: bool


def sheet_context(uow: UnitOfWork, juror: Juror, pitch_id: int) -> SheetContext | None:
    """None when the juror's fair is gone. The fair is held (shared): closing scoring waits for a sheet being saved;
    the criteria need no lock of their own, since they change only while the fair is a draft, under the same hold."""
    rows = uow.session.execute(_context_query(), dict(
        fair_id=juror.fair_id, pitch_id=pitch_id, juror_id=juror.id, account_id=juror.account_id)).all()
    if not rows:
        return None
    first = rows[0]
    pitch = None if first.pitch_id is None else _PitchRef(first.pitch_id, juror.fair_id, first.team_id, first.active)
    recused = None if pitch is None else pitch_recusal(uow, juror, pitch.id, pitch.team_id, first)
    return SheetContext(first.state, pitch, recused,
                         {row.criterion_id: row.max_score for row in rows if row.criterion_id is not None})


@functools.cache
def _context_query():
    """The fair, with the pitch (outer: it may not be of this fair) and the criteria, one row per criterion; built
    once (building it cost more than running it)."""
    f, p, c = Fair.__table__, Pitch.__table__, Criterion.__table__
    joined = (f.outerjoin(p, sa.and_(p.c.id == sa.bindparam("pitch_id"), p.c.fair_id == f.c.id))
              .outerjoin(c, c.c.fair_id == f.c.id))
    return (sa.select(f.c.state, p.c.id.label("pitch_id"), p.c.team_id, p.c.active, *recusal_tests(p),
                      c.c.id.label("criterion_id"), c.c.max_score)
            .select_from(joined)
            .where(f.c.id == sa.bindparam("fair_id"))
            .order_by(c.c.position, c.c.id)
            .with_for_update(read=True, of=f))


def save_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, scores: dict, comment: str | None) -> dict:
    """The juror's sheet becomes exactly these scores and this comment (a resend changes nothing).

    Only while the fair is open; a change is kept in the sheet's history, carrying the chair's correction reason.
    """
    juror = seat.juror
    context = sheet_context(uow, juror, pitch_id)
    if context is None:
        raise not_found(N_("No such fair."))
    if context.state != fair_rules.OPEN:
        message = jury_rules.SHEET_REFUSALS[context.state]
        raise conflict(message, {"scores": [message]}, reason=context.state)
    pitch = context.pitch
    if pitch is None:
        raise not_found(N_("No such pitch at this fair."))
    if not pitch.active:
        raise conflict(N_("This project is no longer in the lineup."))
    if context.recused:
        message = jury_rules.RECUSAL_MESSAGES[context.recused]
        raise conflict(message, {"scores": [message]}, reason=context.recused)
    maxima = context.maxima
    clean, errors = judging_rules.check_scores(scores, maxima)
    comment = (comment or "").strip() or None
    if comment and len(comment) > judging_rules.COMMENT_LENGTH:
        errors["comment"] = [Msg(N_("At most %(max)s characters."), max=judging_rules.COMMENT_LENGTH)]
    if errors:
        raise UseCaseError(422, None, errors)
    # the common case of a fair day is a new sheet: made by one statement, the same sheet sent twice at once one row
    sheet = _new_sheet(uow, juror, pitch.id, comment)
    if sheet is not None:
        # its scores and its first history line, one insert each (no ORM objects: nothing reads them back here)
        if clean:
            uow.session.execute(sa.insert(Score.__table__), [
                {"sheet_id": sheet.id, "criterion_id": cid, "value": value, "max_score": maxima[cid]}
                for cid, value in clean.items()])
        uow.session.execute(sa.insert(SheetRevision.__table__), _revision_row(
            sheet, "sent", None, clean, None, comment, seat, None, sheet.updated_at))
        return _sheet_body(sheet, juror, pitch, clean, len(maxima), None)
    sheet = _sheet(uow, juror.id, pitch.id)
    have = {
        s.criterion_id: s for s in uow.session.execute(sa.select(Score).where(Score.sheet_id == sheet.id)).scalars()}
    old = {cid: s.value for cid, s in have.items()}
    old_comment = sheet.comment
    changed = judging_rules.scores_changed(old, clean, old_comment, comment)
    for cid, score in have.items():
        if cid not in clean:
            uow.session.delete(score)
        elif score.value != clean[cid]:
            score.value = clean[cid]
    for cid, value in clean.items():
        if cid not in have:
            uow.session.add(Score(sheet_id=sheet.id, criterion_id=cid, value=value, max_score=maxima[cid]))
    if changed:
        sheet.comment = comment
        record_revision(uow, sheet, "changed", old, clean, old_comment, comment, seat, sheet.correction_reason)
        sheet.correction_reason, sheet.correction_requested_at = None, None
        sheet.version += 1
        sheet.updated_at = utcnow()
    uow.flush()
    return _sheet_body(sheet, juror, pitch, clean, len(maxima), None)


@dataclass(frozen=True)
class _NewSheet:
    """A sheet just made by ``_new_sheet``: what its answer and its first history line say of it."""

    id: int
    fair_id: int
    comment: str | None
    updated_at: dt.datetime
    version: int = 1
    correction_reason: None = None


def _new_sheet(uow: UnitOfWork, juror: Juror, pitch_id: int, comment: str | None) -> _NewSheet | None:
    """The juror's sheet for the pitch made now (version 1, as sent), or None when it exists (made by an earlier
    request, or by a twin of this one a moment ago: the unique pair decides, with no savepoint)."""
    now = utcnow()
    sheet_id = uow.session.execute(_sheet_insert(uow.session.get_bind().dialect.name), dict(
        fair_id=juror.fair_id, juror_id=juror.id, pitch_id=pitch_id, comment=comment, version=1, updated_at=now,
    )).scalar_one_or_none()
    return None if sheet_id is None else _NewSheet(sheet_id, juror.fair_id, comment, now)


@functools.cache
def _sheet_insert(dialect: str):
    """``INSERT … ON CONFLICT (juror, pitch) DO NOTHING RETURNING`` the sheet's id, built once per dialect (a plain
    table insert: nothing reads an ORM object back)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Sheet.__table__
    names = ("fair_id", "juror_id", "pitch_id", "comment", "version", "updated_at")
    return (insert(table).values({name: sa.bindparam(name) for name in names})
            .on_conflict_do_nothing(index_elements=["juror_id", "pitch_id"]).returning(table.c.id))


def get_sheet(uow: UnitOfWork, fair_id: int, sheet_id: int) -> Sheet:
    sheet = uow.session.get(Sheet, sheet_id)
    if sheet is None or sheet.fair_id != fair_id:
        raise not_found(N_("No such sheet at this fair."))
    return sheet


def reopen_sheet(uow: UnitOfWork, fair_id: int, sheet_id: int, reason: str | None, actor: Actor) -> dict:
    """The chair asks a juror to correct a sent sheet, saying why (shown on the juror's phone, kept in the history)."""
    fair = get_fair(uow, fair_id)
    sheet = get_sheet(uow, fair_id, sheet_id)
    reason = (reason or "").strip()
    if fair.state != fair_rules.OPEN:
        message = jury_rules.SHEET_REFUSALS[fair.state] if fair.state != fair_rules.CLOSED else N_(
            "Scoring is closed: reopen scoring first, then ask for the correction.")
        raise conflict(message, {"state": [message]}, reason=fair.state)
    if not reason:
        raise invalid("reason", N_("Say what to correct: the juror sees it on their phone."))
    if len(reason) > fair_rules.REASON_LENGTH:
        raise invalid("reason", Msg(N_("At most %(max)s characters."), max=fair_rules.REASON_LENGTH))
    juror = uow.session.get(Juror, sheet.juror_id)
    if juror.removed:
        message = N_("This juror is no longer on the jury: their sheet is kept as it is.")
        raise conflict(message, {"reason": [message]})
    sheet.correction_reason, sheet.correction_requested_at = reason, utcnow()
    scores = sheet_scores(uow, sheet.id)
    record_revision(uow, sheet, "reopened", scores, scores, sheet.comment, sheet.comment, actor, reason)
    uow.flush()
    recused = recusals(uow, juror).get(sheet.pitch_id)
    pitch = uow.session.get(Pitch, sheet.pitch_id)
    return _sheet_body(sheet, juror, pitch, {} if recused else scores, len(criteria(uow, fair_id)), recused)


def sheet_history(uow: UnitOfWork, fair_id: int, sheet_id: int) -> list[SheetRevision]:
    get_sheet(uow, fair_id, sheet_id)
    return list(uow.session.execute(
        sa.select(SheetRevision).where(SheetRevision.sheet_id == sheet_id).order_by(SheetRevision.at, SheetRevision.id)
    ).scalars())


def fair_revisions(uow: UnitOfWork, fair_id: int) -> list[SheetRevision]:
    return list(uow.session.execute(
        sa.select(SheetRevision).where(SheetRevision.fair_id == fair_id).order_by(SheetRevision.sheet_id, SheetRevision.at, SheetRevision.id)
    ).scalars())


def my_sheets(uow: UnitOfWork, seat: JurorSeat) -> list[dict]:
    """The lineup with the state of this juror's own sheet for each pitch, and any correction the chair asked for."""
    juror = seat.juror
    n_criteria = len(criteria(uow, juror.fair_id))
    sheets = {s.pitch_id: s for s in uow.session.execute(sa.select(Sheet).where(Sheet.juror_id == juror.id)).scalars()}
    scores = _scores(uow, [s.id for s in sheets.values()])
    recused = recusals(uow, juror)
    out = []
    for row in lineup(uow, juror.fair_id):
        sheet = sheets.get(row["id"])
        reason = recused.get(row["id"])
        count = 0 if reason or sheet is None else len(scores.get(sheet.id, {}))
        out.append({**row, "state": judging_rules.sheet_state(count, n_criteria, reason is not None), "recusal": reason,
                    "correction": None if reason else _correction(sheet)})
    return out


def all_sheets(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Every sheet of the fair (the coordinator's view), in a fixed number of queries."""
    get_fair(uow, fair_id)
    n_criteria = len(criteria(uow, fair_id))
    pitches = {p.id: p for p in uow.session.execute(sa.select(Pitch).where(Pitch.fair_id == fair_id)).scalars()}
    rows = jurors(uow, fair_id)
    by_id = {r["juror"].id: r for r in rows}
    recused = fair_recusals(uow, fair_id, [r["juror"] for r in rows])
    scores = fair_scores(uow, fair_id)
    out = []
    sheets = uow.session.execute(
        sa.select(Sheet).where(Sheet.fair_id == fair_id, Sheet.juror_id.in_(list(by_id) or [0])).order_by(Sheet.juror_id, Sheet.pitch_id)
    ).scalars()
    order = {jid: i for i, jid in enumerate(by_id)}
    for sheet in sorted(sheets, key=lambda s: (order[s.juror_id], s.pitch_id)):
        row = by_id[sheet.juror_id]
        reason = recused.get((sheet.juror_id, sheet.pitch_id))
        body = _sheet_body(sheet, row["juror"], pitches[sheet.pitch_id], {} if reason else scores.get(sheet.id, {}), n_criteria, reason)
        out.append({**body, "juror_name": row["name"]})
    return out


def pitch_status(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """For each pitch of the lineup, in stage order: each juror's sheet state (complete, incomplete, not_started,
    recused), who has sent (complete), who is missing (not complete, not recused), who is recused."""
    n_criteria = len(criteria(uow, fair_id))
    rows = jurors(uow, fair_id)
    recused = fair_recusals(uow, fair_id, [r["juror"] for r in rows])
    counts = dict(uow.session.execute(
        sa.select(Sheet.id, sa.func.count(Score.criterion_id)).join(Score, Score.sheet_id == Sheet.id, isouter=True)
        .where(Sheet.fair_id == fair_id).group_by(Sheet.id)
    ).all())
    sheets = {(s.juror_id, s.pitch_id): s for s in uow.session.execute(sa.select(Sheet).where(Sheet.fair_id == fair_id)).scalars()}
    out = []
    for pitch in lineup(uow, fair_id):
        seats, sent, missing, out_of = [], [], [], []
        for r in rows:
            juror = r["juror"]
            sheet = sheets.get((juror.id, pitch["id"]))
            reason = recused.get((juror.id, pitch["id"]))
            state = judging_rules.sheet_state(counts.get(sheet.id, 0) if sheet else 0, n_criteria, reason is not None)
            seats.append({"juror_id": juror.id, "name": r["name"], "state": state, "recusal": reason,
                          "sheet_id": sheet.id if sheet else None, "correction": bool(sheet and sheet.correction_reason)})
            (out_of if reason else sent if state == judging_rules.COMPLETE else missing).append(juror.id)
        out.append({"pitch_id": pitch["id"], "team_id": pitch["team_id"], "team_name": pitch["team_name"],
                    "position": pitch["position"], "jurors": seats, "sent": sent, "missing": missing, "recused": out_of,
                    "expected": len(rows) - len(out_of)})
    return out
