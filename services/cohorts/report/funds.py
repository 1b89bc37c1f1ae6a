"""Funds for the funder: what the fairs raised (money and in-kind apart; pledged, confirmed, received) per project and
per partner, beside the grant and the co-financing the programme brings.

Partners are grouped by the name recorded at the pledge desk (one who asked not to be named, apart), and by kind
(business, authority, NGO, person). The kind is the partner's as fairs last announced it: correcting a partner's kind
announces its pledges again, so a kind mistyped at the desk is put right in the report too. Pledges known from events
older than the kind are counted under ``unknown`` until their next event.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from services.cohorts.figures import pledges as pledge_figures
from services.cohorts.figures.models import PledgeFact
from services.cohorts.report import indicators as ind
from services.cohorts.report.scope import Scope
from services.cohorts.teams.models import Team

ANONYMOUS = "anonymous"
PARTNER_KINDS = (*ind.KNOWN_PARTNER_KINDS, "unknown")  # the order they are shown in


def _plain(sums: dict) -> dict:
    return {k: float(v) for k, v in sums.items()}


def funds(session, scope: Scope) -> dict:
    # plain rows of the columns the sums read (thousands of pledges: no ORM objects to build)
    columns = (PledgeFact.team_id, PledgeFact.partner, PledgeFact.anonymous, PledgeFact.partner_kind, PledgeFact.kind,
               PledgeFact.status, PledgeFact.amount, PledgeFact.received_amount)
    rows = session.execute(ind._pledges(scope).with_only_columns(*columns, Team.name, Team.project_title)
                           .outerjoin(Team, Team.id == PledgeFact.team_id).order_by(PledgeFact.id)).all()
    # each pledge counted once into the totals and into its project's, partner's and kind's sums
    totals = pledge_figures.empty()
    by_project, by_partner, by_kind = (defaultdict(pledge_figures.empty) for _ in range(3))
    names, counts = {}, {"partner": defaultdict(int), "kind": defaultdict(int)}
    for fact in rows:
        partner = ANONYMOUS if fact.anonymous else fact.partner
        kind = fact.partner_kind if fact.partner_kind in PARTNER_KINDS else "unknown"
        for into in (totals, by_project[fact.team_id], by_partner[partner], by_kind[kind]):
            pledge_figures.add(into, fact)
        names[fact.team_id] = (fact.name, fact.project_title)
        counts["partner"][partner] += 1
        counts["kind"][kind] += 1
    program = scope.program
    grant = Decimal(program.grant_amount or 0)
    cofinancing = Decimal(program.cofinancing_amount or 0)
    projects = [{"team_id": tid, "team": names[tid][0], "project_title": names[tid][1], **_plain(sums)}
                for tid, sums in by_project.items()]
    projects.sort(key=lambda p: (-(p["money_pledged"] + p["in_kind_pledged"]), p["team"] or ""))
    partners = [{"partner": None if name == ANONYMOUS else name, "anonymous": name == ANONYMOUS, "pledges": counts["partner"][name],
                 **_plain(sums)} for name, sums in by_partner.items()]
    partners.sort(key=lambda p: (-(p["money_pledged"] + p["in_kind_pledged"]), p["partner"] or ""))
    # withdrawn pledges are in the count of pledges but in none of the sums, as for partners
    kinds = [{"partner_kind": kind, "pledges": counts["kind"][kind], **_plain(by_kind[kind])} for kind in PARTNER_KINDS if kind in by_kind]
    return {
        "grant": float(grant),
        "cofinancing": float(cofinancing),
        # co-financing as a share of the grant, as funders ask for it
        "cofinancing_percent_of_grant": round(float(cofinancing * 100 / grant), 1) if grant else None,
        "raised": _plain(totals),
        "by_project": projects,
        "by_partner": partners,
        "by_partner_kind": kinds,
        "withdrawn": sum(1 for fact in rows if fact.status == "cancelled"),
    }
