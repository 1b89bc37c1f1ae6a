"""Results: publishing (coordinators), the frozen ranking as API and as a public page."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask.views import MethodView
from shared.web.blueprint import Blueprint as ApiBlueprint

from services.fairs.fair.lookups import get_fair
from services.fairs.results import operations
from services.fairs.results.schemas import ResultsSchema
from shared.web.actor import current_actor
from shared.web.access import PUBLIC, allow
from shared.errors import UseCaseError
from shared.exports import workbook_bytes
from shared.web.boundary import current_uow
from shared.web.forms import refusal_text
from shared.web.idempotency import idempotent

api = ApiBlueprint("results", __name__, url_prefix="/fairs/api/v1", description="Results: publish and read")
pages = Blueprint("results_pages", __name__, url_prefix="/fairs", template_folder="templates")


def body(fair, result) -> dict:
    leaders = set(result.leaders)
    return {
        "fair_id": fair.id, "fair_name": fair.name, "published_at": result.published_at, "leaders": result.leaders,
        "formula": result.formula, "standardised": result.standardised, "stable_top": result.stable_top,
        "items": [{**{k: row.get(k) for k in ("pitch_id", "team_id", "team_name", "project_title", "rank", "tied", "total",
                                                "jury_raw", "audience", "without_jury_reason")},
                   "jury": row.get("jury_standardised"), "leader": row["team_id"] in leaders} for row in result.ranking],
    }


@api.route("/fairs/<int:fair_id>/results")
class Results(MethodView):
    @allow(PUBLIC)
    @api.response(200, ResultsSchema)
    def get(self, fair_id):
        """The published results (anyone): the frozen ranking, leaders first"""
        uow = current_uow()
        return body(get_fair(uow, fair_id), operations.results(uow, fair_id))

    @allow("coordinator")
    @idempotent
    @api.response(201, ResultsSchema)
    def post(self, fair_id):
        """Publish: closes scoring if still open, freezes the ranking (later sheets and votes are refused), shows the
        public results page and tells cohorts (``fairs.results.published``)"""
        uow = current_uow()
        result = operations.publish(uow, fair_id, current_actor())
        return body(get_fair(uow, fair_id), result)


@pages.route("/<int:fair_id>/results")
@allow(PUBLIC)
def public_results(fair_id):
    """The public results page: the leaders first, then the whole ranking."""
    uow = current_uow()
    fair = get_fair(uow, fair_id)
    data = body(fair, operations.results(uow, fair_id))
    return render_template("results/results.html", fair=fair, results=data,
                           leaders=[r for r in data["items"] if r["leader"]])


@pages.route("/<int:fair_id>/results", methods=["POST"])
@allow("coordinator")
def publish(fair_id):
    """The chair publishes from the settings page."""
    uow = current_uow()
    get_fair(uow, fair_id)
    try:
        operations.publish(uow, fair_id, current_actor())
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        return redirect(url_for("setup_pages.settings", fair_id=fair_id) + "#state", 303)
    flash(gettext("The results are published."), "success")
    return redirect(url_for("results_pages.public_results", fair_id=fair_id), 303)


# --- exports -----------------------------------------------------------------------------------------


def _export_parts(fair_id: int) -> list[tuple[str, list[list]]]:
    from services.fairs.results import exports

    uow = current_uow()
    get_fair(uow, fair_id)
    titles = {"ranking": gettext("Ranking"), "sheets": gettext("Sheets"), "votes": gettext("Votes")}
    return [(titles[part], exports.BUILDERS[part](uow, fair_id, gettext)) for part in exports.PARTS]


def _csv(fair_id: int, part: str):
    from services.fairs.results import exports

    uow = current_uow()
    get_fair(uow, fair_id)
    return Response(exports.csv_bytes(exports.BUILDERS[part](uow, fair_id, gettext)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="fair-{fair_id}-{part}.csv"'})


@api.route("/fairs/<int:fair_id>/export.xlsx")
class ExportWorkbook(MethodView):
    @allow("coordinator")
    @api.response(200, description="An XLSX workbook: ranking, sheets with their history, votes")
    def get(self, fair_id):
        """The fair as an XLSX workbook: the ranking, every sheet with its history, the votes per pitch"""
        return Response(workbook_bytes(_export_parts(fair_id)),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="fair-{fair_id}.xlsx"'})


@api.route("/fairs/<int:fair_id>/ranking.csv")
class RankingCsv(MethodView):
    @allow("coordinator")
    @api.response(200, description="CSV (UTF-8, ';')")
    def get(self, fair_id):
        """The ranking as CSV"""
        return _csv(fair_id, "ranking")


@api.route("/fairs/<int:fair_id>/sheets.csv")
class SheetsCsv(MethodView):
    @allow("coordinator")
    @api.response(200, description="CSV (UTF-8, ';')")
    def get(self, fair_id):
        """Every sheet as it is now, each followed by its history, as CSV"""
        return _csv(fair_id, "sheets")


@api.route("/fairs/<int:fair_id>/votes.csv")
class VotesCsv(MethodView):
    @allow("coordinator")
    @api.response(200, description="CSV (UTF-8, ';')")
    def get(self, fair_id):
        """The votes per pitch as CSV"""
        return _csv(fair_id, "votes")
