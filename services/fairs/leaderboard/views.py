"""The leaderboard: the API (coordinators only: jurors never see others' scores) and the chair's page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask.views import MethodView
from flask_babel import lazy_gettext
from shared.web.blueprint import Blueprint as ApiBlueprint

from services.fairs.fair.lookups import get_fair
from services.fairs.jury.rules import RECUSAL_LABELS
from services.fairs.leaderboard import operations
from services.fairs.leaderboard.schemas import LeaderboardSchema
from services.fairs.fair.rules import TIE_BREAK_LABELS
from shared.web.access import allow
from shared.web.boundary import current_uow

api = ApiBlueprint("leaderboard", __name__, url_prefix="/fairs/api/v1", description="The leaderboard (coordinators)")
pages = Blueprint("leaderboard_pages", __name__, url_prefix="/fairs", template_folder="templates")

FALLBACKS = {
    "no_sheets": lazy_gettext("no complete sheets yet"),
    "too_few_sheets": lazy_gettext("every juror has fewer than 3 sheets"),
    "not_connected": lazy_gettext("some jurors share no pitch with the others"),
}


@api.route("/fairs/<int:fair_id>/leaderboard")
class Leaderboard(MethodView):
    @allow("coordinator")
    @api.response(200, LeaderboardSchema)
    def get(self, fair_id):
        """The ranking: rows best first (rank, tied, jury_raw, jury_standardised, audience, total, sheets, recused, spread),
        the formula, whether standardised, and whether the top three survive removing any one juror"""
        return operations.leaderboard(current_uow(), fair_id)


@pages.route("/<int:fair_id>/leaderboard")
@allow("coordinator")
def leaderboard(fair_id):
    board = operations.leaderboard(current_uow(), fair_id)
    return render_template(
        "leaderboard/leaderboard.html", fair=get_fair(current_uow(), fair_id), board=board, fallbacks=FALLBACKS,
        tie_break_labels={k: lazy_gettext(v) for k, v in TIE_BREAK_LABELS.items()},
        recusal_labels={k: lazy_gettext(v) for k, v in RECUSAL_LABELS.items()},
    )
