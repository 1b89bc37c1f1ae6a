"""Materials: the API (coordinators add; anyone downloads a programme's, as on its public page)."""
from __future__ import annotations

from flask import Response, url_for
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.materials import operations, rules
from services.cohorts.materials.schemas import FileFormSchema, FileSchema, LinkInSchema, MaterialSchema
from shared.errors import UseCaseError
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow

api = Blueprint("materials", __name__, url_prefix="/cohorts/api/v1", description="Events' materials: files and links")


def shown(material) -> dict:
    """A material as answered: a file's ``url`` is where it is downloaded."""
    url = material.url or url_for("materials.MaterialFile", material_id=material.id)
    return {**{k: getattr(material, k) for k in ("id", "event_id", "title", "language", "filename", "content_type", "size",
                                                  "created_at")}, "url": url}


@api.route("/events/<int:event_id>/materials")
class Materials(MethodView):
    @allow("coordinator")
    @api.response(200, MaterialSchema(many=True))
    def get(self, event_id):
        """The event's materials"""
        return [shown(m) for m in operations.of_event(current_uow(), event_id)]

    @allow("coordinator")
    @api.arguments(LinkInSchema)
    @api.response(201, MaterialSchema)
    def post(self, data, event_id):
        """A link as a material (a video, a document kept elsewhere), in its language"""
        return shown(operations.add_link(current_uow(), event_id, data))


@api.route("/events/<int:event_id>/materials/file")
class MaterialUpload(MethodView):
    upload_limit = rules.MAX_BYTES + 64 * 1024  # the file and the form around it; larger is refused before it is read
    @allow("coordinator")
    @api.arguments(FileFormSchema, location="form")
    @api.arguments(FileSchema, location="files")
    @api.response(201, MaterialSchema)
    def post(self, data, files, event_id):
        """A document as a material (PDF, Word, Excel, PowerPoint, OpenDocument; at most 10 MB), in its language"""
        file = files.get("file")
        if file is None or not file.filename:
            raise UseCaseError(422, None, {"file": ["Missing data for required field."]})
        return shown(operations.add_file(current_uow(), event_id, data, file.filename, file.read(rules.MAX_BYTES + 1)))


@api.route("/materials/<int:material_id>/file")
class MaterialFile(MethodView):
    @allow(PUBLIC)
    @api.response(200, description="the document")
    def get(self, material_id):
        """Download a material's file (public: a programme's manuals are for anyone)"""
        material = operations.get_file(current_uow(), material_id)
        response = Response(material.content, mimetype=material.content_type)
        response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(material.filename)}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name or "material", safe="")

