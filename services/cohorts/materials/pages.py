"""An event's materials page (coordinators): add a document or a link, in its language."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from services.cohorts.events.operations import get_event
from services.cohorts.materials import operations, rules
from services.cohorts.materials.views import shown
from shared.errors import UseCaseError
from shared.web import limits
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import Choice, apply_errors, valid
from shared.web.idempotency import idempotent

pages = Blueprint("material_pages", __name__, url_prefix="/cohorts", template_folder="templates")

# the form names a material's language in the reader's words (the public page by each language's own name)
LANGUAGE_CHOICES = [("ru", lazy_gettext("Russian")), ("kk", lazy_gettext("Kazakh")), ("en", lazy_gettext("English"))]


class MaterialForm(FlaskForm):
    idempotency_key = HiddenField()
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=rules.TITLE_LENGTH)])
    language = Choice(lazy_gettext("Language"), choices=LANGUAGE_CHOICES, default="ru")
    url = StringField(lazy_gettext("Or a link"), validators=[Optional(), Length(max=1000)])
    file = FileField(lazy_gettext("A document (PDF, Word, Excel, PowerPoint, OpenDocument; up to 10 MB)"))  # product names


def event_note(uow, event):
    """On an event's page: its materials (how many), where they are added."""
    n = len(operations.of_event(uow, event.id))
    return (gettext("Materials: %(n)s.", n=n), gettext("Materials"), url_for("material_pages.materials", event_id=event.id))


@pages.route("/events/<int:event_id>/materials", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
@limits.accepts_upload(rules.MAX_BYTES + 64 * 1024)
def materials(event_id):
    uow = current_uow()
    event = get_event(uow, event_id)
    form = MaterialForm()
    status = 200
    if request.method == "POST":
        try:
            valid(form)
            data = {"title": form.title.data, "language": form.language.data}
            upload = request.files.get("file")
            if upload is not None and upload.filename:
                operations.add_file(uow, event.id, data, upload.filename, upload.read(rules.MAX_BYTES + 1))
            else:
                operations.add_link(uow, event.id, {**data, "url": form.url.data})
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Material added."), "success")
            return redirect(url_for("material_pages.materials", event_id=event.id), 303)
    items = [shown(m) for m in operations.of_event(uow, event.id)]
    return render_template("materials/materials.html", event=event, form=form, items=items, languages=dict(LANGUAGE_CHOICES)), status
