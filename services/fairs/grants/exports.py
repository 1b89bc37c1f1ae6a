"""A call as an XLSX workbook: the ranking with the funding line, every sheet (which count and why not), the
applications with their budgets. Every row goes through ``shared.exports``: an applicant's text that starts like a
formula stays text."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.grants.models import GrantApplication, GrantAssignment, GrantReview
from services.fairs.grants.operations import criteria
from services.fairs.grants.review import conflicted_pairs, experts
from services.fairs.grants.standing import standing
from shared.uow import UnitOfWork


def _sign(uow: UnitOfWork, call_id: int) -> str:
    """The sign of the call's programme's money, for the headings of money columns ("Запрошено, ₸")."""
    from services.fairs.grants.operations import get_call
    from services.fairs.zones import currency_of
    from shared.web.i18n import currency_sign

    return currency_sign(currency_of(uow, program_id=get_call(uow, call_id).program_id))


def ranking_rows(uow: UnitOfWork, call_id: int, _) -> list[list]:
    board = standing(uow, call_id)
    sign = _sign(uow, call_id)
    query = sa.select(GrantApplication.id, GrantApplication.organisation).where(GrantApplication.call_id == call_id)
    orgs = {application_id: organisation for application_id, organisation in uow.session.execute(query)}
    rows = [[_("Place"), _("Application"), _("Title"), _("Organisation"), _("Score"), _("Raw average"), _("Sheets"),
             _("Experts far apart"), f'{_("Requested")}, {sign}', f'{_("Award")}, {sign}', _("Partial")]]
    for r in board["rows"]:
        rows.append([r["rank"], r["application_id"], r["title"], orgs.get(r["application_id"], ""), r["score"], r["raw"], r["sheets"],
                     _("yes") if r["disagreement"] else "", float(r["requested"]),
                     None if r["award"] is None else float(r["award"]), _("yes") if r["partial"] else ""])
    rows.append([])
    rows.append([f'{_("Left in the budget")}, {sign}', float(board["left"])])
    if board["funded_by_hand"] is not None:
        rows.append([_("The line moved by a coordinator: funded from the top"), board["funded_by_hand"]])
    return rows


def sheet_rows(uow: UnitOfWork, call_id: int, _) -> list[list]:
    """Every sheet kept, counted or not: a sheet stops counting when its expert is no longer assigned (swapped,
    removed) or has a conflict there; the history keeps it."""
    specs = criteria(uow, call_id)
    names = {row["expert"].id: row["name"] for row in experts(uow, call_id)}
    assigned = set(uow.session.execute(sa.select(GrantAssignment.expert_id, GrantAssignment.application_id)
                                       .where(GrantAssignment.call_id == call_id)).tuples())
    pairs = conflicted_pairs(uow, call_id)
    rows = [[_("Application"), _("Expert")] + [c.name for c in specs] + [_("Comment"), _("Counts"), _("Saved")]]
    for review in uow.session.execute(sa.select(GrantReview).where(GrantReview.call_id == call_id)
                                      .order_by(GrantReview.application_id, GrantReview.expert_id)).scalars():
        key = (review.expert_id, review.application_id)
        counts = _("conflict of interest") if key in pairs else (_("yes") if key in assigned else _("no longer assigned"))
        scores = review.scores or {}
        cells = [(_("does not apply") if scores[str(c.id)] is None else scores[str(c.id)]) if str(c.id) in scores else ""
                 for c in specs]
        rows.append([review.application_id, names.get(review.expert_id, f"#{review.expert_id}"), *cells, review.comment or "",
                     counts, review.updated_at.replace(tzinfo=None)])
    return rows


def application_rows(uow: UnitOfWork, call_id: int, _) -> list[list]:
    sign = _sign(uow, call_id)
    rows = [[_("Application"), _("Title"), _("Organisation"), _("INN"), _("Partners"), _("Contact person"), _("Phone"),
             _("E-mail"), f'{_("Requested")}, {sign}', f'{_("Budget")}, {sign}']]
    for a in uow.session.execute(sa.select(GrantApplication).where(GrantApplication.call_id == call_id)
                                 .order_by(GrantApplication.id)).scalars():
        rows.append([a.id, a.title, a.organisation, a.inn or "", ", ".join(p["name"] for p in a.partners), a.contact_name,
                     a.phone or "", a.email or "", float(a.requested_amount),
                     "; ".join(f"{line['item']}: {line['amount']}" for line in a.budget_lines)])
    return rows


def parts(uow: UnitOfWork, call_id: int, _) -> list[tuple[str, list[list]]]:
    return [(_("Ranking"), ranking_rows(uow, call_id, _)), (_("Sheets"), sheet_rows(uow, call_id, _)),
            (_("Applications"), application_rows(uow, call_id, _))]
