"""What the pledges look like to their readers: each pledge with its partner and project, summaries per project and
per partner, the board, and a cheap fingerprint of it all for ETags. Amounts stay Decimal here; pages format them."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from services.fairs.fair import lookups
from services.fairs.fair.models import Fair
from services.fairs.pledges import rules
from services.fairs.pledges.models import Need, Partner, Pledge, PledgeChange
from shared.uow import UnitOfWork

ZERO = Decimal(0)
NEWEST = 8  # pledges the board lists as they come in


def fingerprint(uow: UnitOfWork, fair_id: int) -> str:
    """Changes whenever a pledge is recorded or changed (each change bumps its version) or a need is added or
    removed: one round trip of aggregates, nothing built."""
    mine = lambda q, model: q.where(model.fair_id == fair_id).scalar_subquery()
    row = uow.session.execute(sa.select(
        mine(sa.select(sa.func.count(Pledge.id)), Pledge),
        mine(sa.select(sa.func.coalesce(sa.func.sum(Pledge.version), 0)), Pledge),
        mine(sa.select(sa.func.coalesce(sa.func.max(Pledge.id), 0)), Pledge),
        mine(sa.select(sa.func.count(Need.id)), Need),
        mine(sa.select(sa.func.coalesce(sa.func.max(Need.id), 0)), Need),
        sa.select(Fair.version).where(Fair.id == fair_id).scalar_subquery(),
    )).one()
    return "pb-" + "-".join(str(v) for v in row)


def describe(uow: UnitOfWork, pledges: list[Pledge]) -> list[dict]:
    """Pledges as the API answers them: with the partner's name and the project (two queries for the page)."""
    partner_ids = {p.partner_id for p in pledges}
    names = {r.id: r for r in uow.session.execute(sa.select(Partner).where(Partner.id.in_(partner_ids))).scalars()} if partner_ids else {}
    teams = {}
    fair_ids = {p.fair_id for p in pledges}
    for fair_id in fair_ids:
        for row in lookups.lineup(uow, fair_id):
            teams[row["id"]] = row
    out = []
    for p in pledges:
        partner = names.get(p.partner_id)
        team = teams.get(p.pitch_id, {})
        out.append({
            "id": p.id, "fair_id": p.fair_id, "pitch_id": p.pitch_id, "team_id": team.get("team_id"),
            "team_name": team.get("team_name"), "project_title": team.get("project_title"),
            "partner_id": p.partner_id, "partner": partner.name if partner else None,
            "anonymous": bool(partner and partner.anonymous), "kind": p.kind, "amount": p.amount,
            "description": p.description, "need_id": p.need_id, "note": p.note, "status": p.status,
            "received_amount": p.received_amount, "withdrawn_reason": p.withdrawn_reason, "version": p.version,
            "created_at": p.created_at, "confirmed_at": p.confirmed_at, "received_at": p.received_at,
            "withdrawn_at": p.withdrawn_at, "updated_at": p.updated_at,
        })
    return out


def _sums(rows) -> dict:
    """Money and in-kind apart: pledged (what counts now), confirmed (confirmed or received), received."""
    out = {k: ZERO for k in ("money", "in_kind", "money_confirmed", "in_kind_confirmed", "money_received", "in_kind_received")}
    count = 0
    for kind, status, amount, received in rows:
        if status == rules.WITHDRAWN:
            continue
        count += 1
        value = rules.counted_value(status, amount, received)
        out[kind] += value
        if status in (rules.CONFIRMED, rules.RECEIVED):
            out[f"{kind}_confirmed"] += value
        if status == rules.RECEIVED:
            out[f"{kind}_received"] += value
    out["pledges"] = count
    return out


def _pledge_rows(uow: UnitOfWork, fair_id: int, *columns):
    return uow.session.execute(sa.select(*columns, Pledge.kind, Pledge.status, Pledge.amount, Pledge.received_amount)
                               .where(Pledge.fair_id == fair_id)).all()


def by_project(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Each project of the lineup: its needs, money and in-kind pledged, confirmed and received, against them."""
    lineup = lookups.lineup(uow, fair_id)
    needs: dict[int, list[Need]] = {}
    for need in uow.session.execute(sa.select(Need).where(Need.fair_id == fair_id).order_by(Need.id)).scalars():
        needs.setdefault(need.pitch_id, []).append(need)
    rows: dict[int, list] = {}
    for pitch_id, *rest in _pledge_rows(uow, fair_id, Pledge.pitch_id):
        rows.setdefault(pitch_id, []).append(rest)
    covered: dict[int, Decimal] = {}
    for need_id, kind, status, amount, received in _pledge_rows(uow, fair_id, Pledge.need_id):
        if need_id is not None:
            covered[need_id] = covered.get(need_id, ZERO) + rules.counted_value(status, amount, received)
    out = []
    for pitch in lineup:
        mine = needs.get(pitch["id"], [])
        out.append({
            "pitch_id": pitch["id"], "team_id": pitch["team_id"], "team_name": pitch["team_name"],
            "project_title": pitch["project_title"], "position": pitch["position"],
            "money_needed": sum((n.amount for n in mine if n.kind == "money"), ZERO),
            "in_kind_needed": sum((n.amount for n in mine if n.kind == "in_kind"), ZERO),
            "needs": [{"id": n.id, "kind": n.kind, "description": n.description, "amount": n.amount,
                       "covered": covered.get(n.id, ZERO)} for n in mine],
            **_sums(rows.get(pitch["id"], [])),
        })
    return out


def by_partner(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Each partner who pledged at the fair: how many pledges, money and in-kind, confirmed and received."""
    rows: dict[int, list] = {}
    for partner_id, *rest in _pledge_rows(uow, fair_id, Pledge.partner_id):
        rows.setdefault(partner_id, []).append(rest)
    partners = {p.id: p for p in uow.session.execute(sa.select(Partner).where(Partner.id.in_(list(rows)))).scalars()} if rows else {}
    out = [{"partner_id": pid, "partner": partners[pid].name, "kind": partners[pid].kind, "anonymous": partners[pid].anonymous,
            **_sums(r)} for pid, r in rows.items()]
    return sorted(out, key=lambda r: (-(r["money"] + r["in_kind"]), rules.name_key(r["partner"])))


def board(uow: UnitOfWork, fair_id: int) -> dict:
    """The hall's board: totals (money and in-kind apart), each project against its needs, the newest pledges —
    each pledge once (by its id), withdrawn ones gone, anonymous partners unnamed (``partner`` None)."""
    projects = by_project(uow, fair_id)
    totals = _sums([tuple(r) for r in uow.session.execute(
        sa.select(Pledge.kind, Pledge.status, Pledge.amount, Pledge.received_amount).where(Pledge.fair_id == fair_id)
    ).all()])
    recent = list(uow.session.execute(
        sa.select(Pledge).where(Pledge.fair_id == fair_id, Pledge.status != rules.WITHDRAWN)
        .order_by(Pledge.created_at.desc(), Pledge.id.desc()).limit(NEWEST)
    ).scalars())
    newest = []
    for p in describe(uow, recent):
        newest.append({"id": p["id"], "partner": None if p["anonymous"] else p["partner"], "team_name": p["team_name"],
                       "project_title": p["project_title"], "kind": p["kind"], "description": p["description"],
                       "amount": rules.counted_value(p["status"], p["amount"], p["received_amount"]) if p["amount"] is not None or p["received_amount"] is not None else None,
                       "status": p["status"], "created_at": p["created_at"]})
    return {"totals": totals, "projects": projects, "newest": newest}


def histories(uow: UnitOfWork, pledge_ids: list[int]) -> dict[int, list[PledgeChange]]:
    """Each pledge's changes, oldest first, in one query for a page of pledges."""
    out: dict[int, list[PledgeChange]] = {i: [] for i in pledge_ids}
    if pledge_ids:
        for change in uow.session.execute(sa.select(PledgeChange).where(PledgeChange.pledge_id.in_(pledge_ids))
                                          .order_by(PledgeChange.at, PledgeChange.id)).scalars():
            out[change.pledge_id].append(change)
    return out
