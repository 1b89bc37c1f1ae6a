"""News: the API (coordinators write; anyone reads, as on the public page)."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.news import operations
from services.cohorts.news.schemas import NewsSchema, NewsWriteSchema
from services.cohorts.programs.operations import get_program
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent

api = Blueprint("news", __name__, url_prefix="/cohorts/api/v1", description="A programme's news")


@api.route("/programs/<int:program_id>/news")
class News(MethodView):
    @allow(PUBLIC)
    @api.response(200, NewsSchema(many=True))
    def get(self, program_id):
        """The latest news, newest first (public, as on the programme's page)"""
        uow = current_uow()
        get_program(uow, program_id)
        return uow.session.execute(operations.news(program_id)).scalars().all()

    @allow("coordinator")
    @idempotent
    @api.arguments(NewsWriteSchema)
    @api.response(201, NewsSchema)
    def post(self, data, program_id):
        """Publish a news item on the programme's page and in its Atom feed"""
        principal = g.get("principal")
        return operations.publish(current_uow(), program_id, data, author_name=getattr(principal, "name", None))
