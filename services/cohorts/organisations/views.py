"""The register of organisations: the API (coordinators)."""
from __future__ import annotations

from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.organisations import operations
from services.cohorts.organisations.schemas import (
    MergeArgs, MergePreviewSchema, MergeSchema, OrganisationArgs, OrganisationCreatedSchema, OrganisationPatchSchema, OrganisationSchema,
    OrganisationWriteSchema,
)
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import page_schema, paginate

api = Blueprint("organisations", __name__, url_prefix="/cohorts/api/v1", description="The register of organisations")


@api.route("/organisations")
class Organisations(MethodView):
    @allow("coordinator")
    @api.arguments(OrganisationArgs, location="query")
    @api.response(200, page_schema(OrganisationSchema))
    def get(self, args):
        """The register, alphabetical; ``q`` finds by any part of the name (case and ё ignored) or by INN"""
        return paginate(current_uow().session, operations.search(args.get("q"), args.get("kind")),
                        page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(OrganisationWriteSchema)
    @api.response(201, OrganisationCreatedSchema)
    def post(self, data):
        """Register an organisation: refused (409) on a known INN, naming it; an INN with a wrong check digit is 422;
        organisations of the same name in the same settlement come back as a warning (``namesakes``)"""
        organisation, namesakes = operations.register(current_uow(), data)
        organisation.namesakes = namesakes  # carried to the answer only
        return organisation


@api.route("/organisations/<int:organisation_id>")
class OrganisationItem(MethodView):
    @allow("coordinator")
    @api.response(200, OrganisationSchema)
    def get(self, organisation_id):
        """An organisation"""
        return operations.get(current_uow(), organisation_id)

    @allow("coordinator")
    @api.arguments(OrganisationPatchSchema)
    @api.response(200, OrganisationSchema)
    def patch(self, changes, organisation_id):
        """Correct an organisation (a known INN refused as on registering)"""
        return operations.update(current_uow(), organisation_id, changes)


@api.route("/organisations/<int:organisation_id>/merge-preview")
class MergePreview(MethodView):
    @allow("coordinator")
    @api.arguments(MergeArgs, location="query")
    @api.response(200, MergePreviewSchema)
    def get(self, args, organisation_id):
        """What merging this record into ``into`` would do: the people who move, the fields filled; nothing changes"""
        return operations.merge_preview(current_uow(), organisation_id, args["into"])


@api.route("/organisations/<int:organisation_id>/merge")
class Merge(MethodView):
    @allow("coordinator")
    @api.arguments(MergeSchema)
    @api.response(200, OrganisationSchema)
    def post(self, data, organisation_id):
        """Fold this record into ``into``: its people follow; it stays as a pointer to the kept record"""
        return operations.merge(current_uow(), organisation_id, data["into"])
