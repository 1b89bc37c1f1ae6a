"""The cascade's records: the API and the page behind each figure of the report (coordinators)."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask.views import MethodView
from shared.web.blueprint import Blueprint as ApiBlueprint
from marshmallow import ValidationError

from services.cohorts.cascade import operations
from services.cohorts.cascade.schemas import CascadePeopleArgs, CascadePersonSchema
from services.cohorts.programs.operations import get_program
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow

api = ApiBlueprint("cascade", __name__, url_prefix="/cohorts/api/v1", description="A programme's cascade of trainers")
pages = Blueprint("cascade_pages", __name__, url_prefix="/cohorts", template_folder="templates")


def _people(program_id: int, args: dict) -> list[dict]:
    uow = current_uow()
    get_program(uow, program_id)
    return operations.people(uow.session, program_id, level=args.get("level"), trainer_id=args.get("trainer"))


@api.route("/programs/<int:program_id>/cascade/people")
class CascadePeople(MethodView):
    @allow("coordinator")
    @api.arguments(CascadePeopleArgs, location="query")
    @api.response(200, CascadePersonSchema(many=True))
    def get(self, args, program_id):
        """The people behind a cascade figure: at a level (``level``), or reached by a trainer (``trainer``)"""
        return _people(program_id, args)


@pages.route("/programs/<int:program_id>/cascade/people")
@allow("coordinator")
def people(program_id):
    try:
        args = CascadePeopleArgs().load(request.args)
    except ValidationError as exc:
        raise UseCaseError(404, None, exc.messages) from None
    program = get_program(current_uow(), program_id)
    g.timezone = program.timezone
    return render_template("cascade/people.html", program=program, people=_people(program_id, args), args=args)
