from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.directory import queries
from services.cohorts.people import operations
from services.cohorts.directory.schemas import (
    MergePreviewArgs,
    MergePreviewSchema,
    MergeSchema,
    PeopleArgs,
    PersonCreatedSchema,
    PersonSchema,
    PersonUpdateSchema,
    PersonWriteSchema,
)
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import page_schema, paginate

api = Blueprint("people", __name__, url_prefix="/cohorts/api/v1", description="People, each counted once")


@api.route("/people")
class People(MethodView):
    @allow("coordinator")
    @api.arguments(PeopleArgs, location="query")
    @api.response(200, page_schema(PersonSchema))
    def get(self, args):
        """Find people (name, e-mail or phone; case and ё/е ignored), filtered by cohort, team, territory or role"""
        query = queries.search(
            args.get("q"), include_archived=args["include_archived"], cohort_id=args.get("cohort_id"), team_id=args.get("team_id"),
            territory_id=args.get("territory_id"), role=args.get("role"),
        )
        return paginate(current_uow().session, query, page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(PersonWriteSchema)
    @api.response(201, PersonCreatedSchema)
    def post(self, data):
        """Register a person: refused (409) on a known phone or e-mail; namesakes are returned as a warning"""
        person, namesakes = operations.register_person(current_uow(), data)
        person.namesakes = namesakes  # carried to the answer only
        return person


@api.route("/people/<int:person_id>")
class PersonItem(MethodView):
    @allow("coordinator")
    @api.response(200, PersonSchema)
    def get(self, person_id):
        """A person"""
        return operations.get_person(current_uow(), person_id)

    @allow("coordinator")
    @api.arguments(PersonUpdateSchema)
    @api.response(200, PersonSchema)
    def patch(self, data, person_id):
        """Change a person's details, consent, or archive them"""
        return operations.update_person(current_uow(), person_id, data)


@api.route("/people/<int:person_id>/merge-preview")
class MergePreview(MethodView):
    @allow("coordinator")
    @api.arguments(MergePreviewArgs, location="query")
    @api.response(200, MergePreviewSchema)
    def get(self, args, person_id):
        """What a merge into another record would move and fill, without doing it"""
        return operations.merge_preview(current_uow(), person_id, args["into"])


@api.route("/people/<int:person_id>/merge")
class Merge(MethodView):
    @allow("coordinator")
    @api.arguments(MergeSchema)
    @api.response(200, PersonSchema)
    def post(self, data, person_id):
        """Merge this record into another; every reference follows"""
        return operations.merge(current_uow(), person_id, data["into"])


@api.route("/people/<int:person_id>/erasure")
class Erasure(MethodView):
    @allow("coordinator")
    @api.response(200, PersonSchema)
    def post(self, person_id):
        """Erase a person's data (152-FZ): anonymised here and in every replica, still counted once"""
        return operations.erase(current_uow(), person_id)
