"""Exports of a fair: the ranking, every sheet with its history, the votes per pitch, as XLSX and CSV.

Every row goes through ``shared.exports``: a team name or comment that starts like a formula stays text.
CSV is UTF-8 with a BOM and ``;`` between fields, as a Russian-locale spreadsheet opens it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import sqlalchemy as sa

from services.fairs.audience.operations import vote_counts
from services.fairs.db import REPLICAS
from services.fairs.zones import programme_zone
from services.fairs.fair.models import Pitch
from services.fairs.jury.models import Juror, Sheet
from services.fairs.fair.lookups import criteria, get_fair, lineup
from services.fairs.jury.sheets import fair_revisions, fair_scores
from services.fairs.leaderboard.operations import leaderboard
from shared.errors import N_
from shared.exports import csv_cell
from shared.uow import UnitOfWork

PARTS = ("ranking", "sheets", "votes")


def _zone(uow: UnitOfWork, cohort_id: int) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(programme_zone(uow, cohort_id))


def _when(value: dt.datetime | None, zone) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def ranking_rows(uow: UnitOfWork, fair_id: int, t) -> list[list]:
    board = leaderboard(uow, fair_id)
    rows = [[t(N_("Place")), t(N_("Tie")), t(N_("Team")), t(N_("Project")), t(N_("Jury (raw)")), t(N_("Jury (standardised)")), t(N_("Audience")),
             t(N_("Votes")), t(N_("Total")), t(N_("Sheets")), t(N_("Recused")), t(N_("Spread")), t(N_("Jurors disagree"))]]
    for r in board["items"]:
        rows.append([r["rank"], t(N_("yes")) if r["tied"] else "", r["team_name"], r["project_title"] or "", r["jury_raw"],
                     r["jury_standardised"], r["audience"], r["votes"], r["total"], r["sheets"], r["recused"], r["spread"],
                     t(N_("yes")) if r["high_spread"] else ""])
    return rows


def sheet_rows(uow: UnitOfWork, fair_id: int, t) -> list[list]:
    """Each sheet as it is now, followed by every change it went through (the line before a change holds its old values)."""
    fair = get_fair(uow, fair_id)
    zone = _zone(uow, fair.cohort_id)
    fair_criteria = criteria(uow, fair_id)
    a, teams = REPLICAS.accounts, REPLICAS.teams
    names = dict(uow.session.execute(
        sa.select(Juror.id, a.c.name).join(a, a.c.id == Juror.account_id, isouter=True).where(Juror.fair_id == fair_id)
    ).all())
    team_of = dict(uow.session.execute(
        sa.select(Pitch.id, teams.c.name).join(teams, teams.c.id == Pitch.team_id, isouter=True).where(Pitch.fair_id == fair_id)
    ).all())
    scores = fair_scores(uow, fair_id)
    history: dict[int, list] = {}
    for rev in fair_revisions(uow, fair_id):
        history.setdefault(rev.sheet_id, []).append(rev)
    kinds = {"sent": t(N_("sent")), "changed": t(N_("changed")), "reopened": t(N_("correction requested")), "recused": t(N_("recused"))}
    rows = [[t(N_("Sheet")), t(N_("Juror")), t(N_("Team")), t(N_("Line")), t(N_("When")), t(N_("By")), t(N_("Reason"))]
            + [c.name for c in fair_criteria] + [t(N_("Comment"))]]
    for sheet in uow.session.execute(sa.select(Sheet).where(Sheet.fair_id == fair_id).order_by(Sheet.pitch_id, Sheet.juror_id)).scalars():
        juror, team = names.get(sheet.juror_id) or f"#{sheet.juror_id}", team_of.get(sheet.pitch_id) or f"#{sheet.pitch_id}"
        now = scores.get(sheet.id, {})
        rows.append([sheet.id, juror, team, t(N_("now")), _when(sheet.updated_at, zone), "", sheet.correction_reason or ""]
                    + [now.get(c.id, "") for c in fair_criteria] + [sheet.comment or ""])
        for rev in history.get(sheet.id, []):
            values = {int(k): v for k, v in (rev.new_scores or {}).items()}
            by = t(N_("chair")) if rev.via == "chair" else juror
            rows.append([sheet.id, juror, team, kinds.get(rev.kind, rev.kind), _when(rev.at, zone), by, rev.reason or ""]
                        + [values.get(c.id, "") for c in fair_criteria] + [rev.new_comment or ""])
    return rows


def vote_rows(uow: UnitOfWork, fair_id: int, t) -> list[list]:
    counts = vote_counts(uow, fair_id)
    rows = [[t(N_("Place in the lineup")), t(N_("Team")), t(N_("Project")), t(N_("Votes"))]]
    for p in lineup(uow, fair_id):
        rows.append([p["position"], p["team_name"], p["project_title"] or "", counts.get(p["id"], 0)])
    return rows


BUILDERS = {"ranking": ranking_rows, "sheets": sheet_rows, "votes": vote_rows}


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell("" if v is None else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


