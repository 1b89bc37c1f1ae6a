"""Import API and pages: upload → preview row by row → confirm."""
from __future__ import annotations

from flask import Blueprint as FlaskBlueprint, Response, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_babel import gettext, lazy_gettext
from shared.web.blueprint import Blueprint
from flask_smorest.fields import Upload
from flask_wtf import FlaskForm
from marshmallow import Schema, fields
from wtforms import StringField
from wtforms.validators import Length, Optional

from services.cohorts.imports import operations, planning, refused
from services.cohorts.imports.progress import ImportProgress
from services.cohorts.programs.operations import get_cohort
from shared.web.forms import IdList, refusal_text, valid
from shared.errors import UseCaseError
from shared.web import limits
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages

api = Blueprint("imports", __name__, url_prefix="/cohorts/api/v1", description="Importing people and teams from a spreadsheet")
pages = FlaskBlueprint("import_pages", __name__, url_prefix="/cohorts")


class UploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "CSV (UTF-8 or Windows-1251, ; or ,) or XLSX; first row: column names"})


class PlanRowSchema(Schema):
    row = fields.Integer()
    action = fields.String(metadata={"description": "create | existing | refused"})
    full_name = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    team = fields.String(allow_none=True)
    team_action = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    reasons = fields.Function(lambda r: [render(m) for m in r["reasons"]])
    notes = fields.Function(lambda r: [render(m) for m in r["notes"]])


class ColumnSchema(Schema):
    index = fields.Integer()
    header = fields.String()
    field = fields.String(allow_none=True, metadata={"description": "the field the column is read into; null: not imported"})


class ImportSchema(Schema):
    id = fields.Integer()
    columns = fields.Function(lambda b: ColumnSchema(many=True).dump(operations.columns_of(b)))
    cohort_id = fields.Integer()
    filename = fields.String()
    status = fields.String()
    summary = fields.Function(lambda b: planning.summary(b.plan))
    rows = fields.Function(lambda b: PlanRowSchema(many=True).dump(b.plan))


class AppliedSchema(Schema):
    people_created = fields.Integer()
    people_linked = fields.Integer()
    teams_created = fields.Integer()
    members_added = fields.Integer()
    refused = fields.Integer()


# what a column may hold, in the reader's language (the mapping's choices on the preview)
FIELD_LABELS = {
    "full_name": lazy_gettext("Full name"), "surname": lazy_gettext("Surname"), "first_name": lazy_gettext("First name"),
    "patronymic": lazy_gettext("Patronymic"), "phone": lazy_gettext("Phone"), "email": lazy_gettext("E-mail"),
    "settlement": lazy_gettext("Settlement"), "district": lazy_gettext("Municipal district"), "organisation": lazy_gettext("Organisation"),
    "birth_year": lazy_gettext("Year of birth"), "sex": lazy_gettext("Sex"), "team": lazy_gettext("Team"),
    "role": lazy_gettext("Role in the team"), "project_title": lazy_gettext("Project title"),
    "project_summary": lazy_gettext("Project summary"), "kind": lazy_gettext("Team kind"),
    "consent_on": lazy_gettext("Consent to personal data processing, date"), "consent_method": lazy_gettext("How the consent was given"),
    "consent_guardian": lazy_gettext("Parent or guardian (for a minor)"), "ignore": lazy_gettext("Form timestamp: left out"),
}
ROLE_WORDS = {"leader": lazy_gettext("leader"), "member": lazy_gettext("member")}


def render(message) -> str:
    msgid, values = message
    return gettext(msgid) % values if values else gettext(msgid)


def _upload(cohort_id: int, file):
    if file is None or not file.filename:
        raise UseCaseError(422, None, {"file": ["Missing data for required field."]})
    return operations.preview(current_uow(), cohort_id, file.filename, file.read(), account_id=g.principal.account_id)


@api.route("/cohorts/<int:cohort_id>/imports")
class Imports(MethodView):
    upload_limit = limits.UPLOAD_LIMIT  # the only API call that carries a file
    @allow("coordinator")
    @api.arguments(UploadSchema, location="files")
    @api.response(201, ImportSchema)
    def post(self, files, cohort_id):
        """Upload a spreadsheet: the answer is a preview; nothing is written until it is confirmed"""
        return _upload(cohort_id, files.get("file"))


@api.route("/imports/<int:batch_id>")
class ImportItem(MethodView):
    @allow("coordinator")
    @api.response(200, ImportSchema)
    def get(self, batch_id):
        """An import's preview and status"""
        return operations.get_batch(current_uow(), batch_id)


@api.route("/imports/<int:batch_id>/confirm")
class ImportConfirm(MethodView):
    @allow("coordinator")
    @api.response(200, AppliedSchema)
    def post(self, batch_id):
        """Apply the previewed import, all at once (a row that no longer fits undoes it all)"""
        return operations.confirm(current_uow(), batch_id)


@pages.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@allow("coordinator")
@limits.accepts_upload()
def upload(cohort_id):
    cohort = get_cohort(current_uow(), cohort_id)
    if request.method == "POST":
        try:
            batch = _upload(cohort_id, request.files.get("file"))
        except UseCaseError as exc:
            for messages in translate_messages(exc.errors).values():
                for m in messages if isinstance(messages, list) else [messages]:
                    flash(m, "error")
            return render_template("imports/upload.html", cohort=cohort), exc.status
        return redirect(url_for("import_pages.preview", batch_id=batch.id), 303)
    return render_template("imports/upload.html", cohort=cohort)


@pages.route("/imports/<int:batch_id>/progress")
@allow("coordinator")
def progress(batch_id):
    """Rows done so far while the import is written (the page polls it)."""
    batch = operations.get_batch(current_uow(), batch_id)
    state = _progress(batch_id).read() or {"done": len(batch.plan) if batch.status == "applied" else 0, "total": len(batch.plan)}
    return jsonify(status=batch.status, **state)


@pages.route("/imports/<int:batch_id>")
@allow("coordinator")
def preview(batch_id):
    batch = operations.get_batch(current_uow(), batch_id)
    cohort = get_cohort(current_uow(), batch.cohort_id)
    return render_template("imports/preview.html", batch=batch, cohort=cohort, summary=planning.summary(batch.plan), render=render,
                           columns=operations.columns_of(batch), field_labels=FIELD_LABELS, roles=ROLE_WORDS)


@pages.route("/imports/<int:batch_id>/refused.xlsx")
@allow("coordinator")
def refused_rows(batch_id):
    """The refused rows with the sheet's columns and the reason, to fix and import again."""
    batch = operations.get_batch(current_uow(), batch_id)
    header = [c["header"] for c in operations.columns_of(batch)]
    body = refused.workbook(batch.plan, header, gettext("Why it was not imported"), render)
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="import-{batch_id}-refused.xlsx"'})


class RowsForm(FlaskForm):
    row = IdList()  # the sheet's row numbers ticked


@pages.route("/imports/<int:batch_id>/without-phone", methods=["POST"])
@allow("coordinator")
def without_phone(batch_id):
    """Ticked rows whose phone is someone else's (a family phone) are imported without it."""
    form = RowsForm()
    try:
        operations.take_without_phone(current_uow(), batch_id, valid(form).row.data)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        if form.row.data:
            flash(gettext("The ticked rows will be imported without their phone."), "success")
    return redirect(url_for("import_pages.preview", batch_id=batch_id), 303)


# the column mapping: one select per column of the sheet (``column-<index>``), a field's key or blank
@pages.route("/imports/<int:batch_id>/columns", methods=["POST"])
@allow("coordinator")
def columns(batch_id):
    """The coordinator's column mapping: the preview is read again with it; nothing else is written."""
    batch = operations.get_batch(current_uow(), batch_id)
    columns = operations.columns_of(batch)
    form = type("ColumnsForm", (FlaskForm,), {f"column_{c['index']}": StringField(name=f"column-{c['index']}", validators=[
        Optional(), Length(max=60)]) for c in columns})()
    mapping = [form[f"column_{c['index']}"].data or None for c in columns]
    try:
        valid(form)
        operations.remap(current_uow(), batch_id, mapping)
    except UseCaseError as exc:
        for messages in translate_messages(exc.errors).values():
            for m in messages if isinstance(messages, list) else [messages]:
                flash(m, "error")
    else:
        flash(gettext("The preview is read again with these columns."), "success")
    return redirect(url_for("import_pages.preview", batch_id=batch_id), 303)


def _progress(batch_id: int) -> ImportProgress:
    return ImportProgress(current_app.extensions["rostok.runtime"].settings.var_dir, batch_id)


@pages.route("/imports/<int:batch_id>/confirm", methods=["POST"])
@allow("coordinator")
def confirm(batch_id):
    batch = operations.get_batch(current_uow(), batch_id)
    progress = _progress(batch_id)
    try:
        counts = operations.confirm(current_uow(), batch_id, progress=progress)
    except UseCaseError as exc:
        flash(translate_messages(exc.message), "error")
        return redirect(url_for("import_pages.preview", batch_id=batch_id), 303)
    finally:
        progress.clear()
    flash(gettext("Imported: %(created)d people registered, %(linked)d already known, %(teams)d teams created, %(refused)d rows refused.",
                  created=counts["people_created"], linked=counts["people_linked"], teams=counts["teams_created"], refused=counts["refused"]), "success")
    return redirect(url_for("people_pages.participants", cohort_id=batch.cohort_id), 303)
