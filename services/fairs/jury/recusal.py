"""Who scores nothing for which pitch, for a whole fair at once (a fixed number of queries, whatever the jury's size).

Standing conflicts come from cohorts' replicas (the juror mentors the team, or is in it) and from consultations'
(the juror logged a consultation with the team: flagged to the chair, recused until the chair clears it);
declared ones from the jurors themselves.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from services.fairs.jury import rules as jury_rules
from services.fairs.fair.models import Fair, Pitch
from services.fairs.jury.models import Conflict, ConsultationReplica, Juror, RecusalReview
from shared.uow import UnitOfWork


def active_jurors(uow: UnitOfWork, fair_id: int) -> list[Juror]:
    return list(uow.session.execute(
        sa.select(Juror).where(Juror.fair_id == fair_id, Juror.removed.is_(False)).order_by(Juror.id)
    ).scalars())


def consulted(uow: UnitOfWork, fair_id: int, jurors: list[Juror], pitch_by_team: dict[int, int]) -> set[tuple[int, int]]:
    """(juror id, pitch id) where the juror logged a consultation (not cancelled) with the pitch's team.

    Once the fair is published, only what fairs knew by then: a consultation logged (or changed) later raises no
    recusal the chair could no longer decide.
    """
    by_account: dict[int, list[int]] = {}
    for j in jurors:
        by_account.setdefault(j.account_id, []).append(j.id)
    if not by_account or not pitch_by_team:
        return set()
    found: set[tuple[int, int]] = set()
    query = (sa.select(ConsultationReplica.mentor_account_id, ConsultationReplica.team_ids)
             .where(ConsultationReplica.mentor_account_id.in_(list(by_account)), ConsultationReplica.status != "cancelled"))
    fair = uow.session.get(Fair, fair_id)
    if fair is not None and fair.published_at is not None:
        query = query.where(ConsultationReplica.updated_at <= fair.published_at)
    rows = uow.session.execute(query)
    for account_id, team_ids in rows:
        for team_id in team_ids or ():
            if team_id in pitch_by_team:
                for juror_id in by_account[account_id]:
                    found.add((juror_id, pitch_by_team[team_id]))
    return found


def standing(uow: UnitOfWork, jurors: list[Juror], pitch_by_team: dict[int, int]) -> dict[tuple[int, int], str]:
    """Mentor or member of the pitch's team, from cohorts' replicas."""
    out: dict[tuple[int, int], str] = {}
    if not jurors or not pitch_by_team:
        return out
    m, mem, a = REPLICAS.mentors, REPLICAS.members, REPLICAS.accounts
    by_account: dict[int, list[int]] = {}
    for j in jurors:
        by_account.setdefault(j.account_id, []).append(j.id)
    teams = list(pitch_by_team)
    for team_id, account_id in uow.session.execute(
        sa.select(m.c.team_id, m.c.account_id)
        .where(m.c.account_id.in_(list(by_account)), m.c.active.is_(True), m.c.team_id.in_(teams))
    ):
        for juror_id in by_account[account_id]:
            out[(juror_id, pitch_by_team[team_id])] = jury_rules.MENTOR
    persons = dict(uow.session.execute(
        sa.select(a.c.person_id, a.c.id).where(a.c.id.in_(list(by_account)), a.c.person_id.is_not(None))
    ).all())
    if persons:
        for team_id, person_id in uow.session.execute(
            sa.select(mem.c.team_id, mem.c.person_id)
            .where(mem.c.person_id.in_(list(persons)), mem.c.active.is_(True), mem.c.team_id.in_(teams))
        ):
            for juror_id in by_account[persons[person_id]]:
                out.setdefault((juror_id, pitch_by_team[team_id]), jury_rules.MEMBER)
    return out


def reviews(uow: UnitOfWork, fair_id: int) -> dict[tuple[int, int], str]:
    return {(r.juror_id, r.pitch_id): r.decision for r in uow.session.execute(
        sa.select(RecusalReview).where(RecusalReview.fair_id == fair_id)
    ).scalars()}


def fair_recusals(uow: UnitOfWork, fair_id: int, jurors: list[Juror] | None = None) -> dict[tuple[int, int], str]:
    """(juror id, pitch id) -> why that juror scores nothing for that pitch (mentor, member, declared, consulted)."""
    jurors = active_jurors(uow, fair_id) if jurors is None else jurors
    pitch_by_team = dict(uow.session.execute(sa.select(Pitch.team_id, Pitch.id).where(Pitch.fair_id == fair_id)).all())
    out = standing(uow, jurors, pitch_by_team)
    ids = [j.id for j in jurors]
    if ids:
        for juror_id, pitch_id in uow.session.execute(
            sa.select(Conflict.juror_id, Conflict.pitch_id).where(Conflict.fair_id == fair_id, Conflict.juror_id.in_(ids))
        ):
            out.setdefault((juror_id, pitch_id), jury_rules.DECLARED)
    flagged = consulted(uow, fair_id, jurors, pitch_by_team)
    if flagged:
        decided = reviews(uow, fair_id)
        for key in flagged:
            if decided.get(key) != "cleared":  # pending or confirmed: recused
                out.setdefault(key, jury_rules.CONSULTED)
    return out


def recusal_tests(pitch: sa.Table) -> list:
    """This juror's recusal for one pitch as four labelled columns, to be selected beside the pitch: ``mentor``,
    ``member`` and ``declared`` (the answer ``recusals`` gives for it, each decided in the database), and ``logged``
    (the juror logged consultations, which may concern the pitch's team: ``pitch_recusal`` then asks). The juror is
    named by the bind parameters ``account_id`` and ``juror_id``. What a sheet's write asks, at every sheet of a fair
    day's burst, in the query that reads the pitch."""
    m, mem, a = REPLICAS.mentors, REPLICAS.members, REPLICAS.accounts
    account, juror = sa.bindparam("account_id"), sa.bindparam("juror_id")
    mentor = sa.exists().where(m.c.account_id == account, m.c.active.is_(True), m.c.team_id == pitch.c.team_id)
    member = sa.exists().where(a.c.id == account, mem.c.person_id == a.c.person_id, mem.c.active.is_(True),
                               mem.c.team_id == pitch.c.team_id)
    declared = sa.exists().where(Conflict.fair_id == pitch.c.fair_id, Conflict.juror_id == juror,
                                 Conflict.pitch_id == pitch.c.id)
    logged = sa.exists().where(ConsultationReplica.mentor_account_id == account, ConsultationReplica.status != "cancelled")
    return [mentor.label("mentor"), member.label("member"), declared.label("declared"), logged.label("logged")]


def pitch_recusal(uow: UnitOfWork, juror: Juror, pitch_id: int, team_id: int, tests) -> str | None:
    """Why this juror does not score the pitch, from a row carrying ``recusal_tests``: in the precedence
    ``fair_recusals`` applies (mentor, member, declared, consulted); a second query only when the juror logged
    consultations."""
    if tests.mentor:
        return jury_rules.MENTOR
    if tests.member:
        return jury_rules.MEMBER
    if tests.declared:
        return jury_rules.DECLARED
    if tests.logged and consulted(uow, juror.fair_id, [juror], {team_id: pitch_id}):
        if reviews(uow, juror.fair_id).get((juror.id, pitch_id)) != "cleared":
            return jury_rules.CONSULTED
    return None


def recusals(uow: UnitOfWork, juror: Juror) -> dict[int, str]:
    """Pitch id -> why this juror does not score it (mentor, member, declared, consulted)."""
    return {pid: kind for (_, pid), kind in fair_recusals(uow, juror.fair_id, [juror]).items()}
