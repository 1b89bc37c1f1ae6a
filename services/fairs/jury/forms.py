"""The jury's forms (Flask-WTF): a juror put on the jury, the chair's decision on a flagged conflict, a score sheet."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from services.fairs.judging.rules import COMMENT_LENGTH
from shared.web.forms import Choice, IdChoice, IdField, Number

REASON_LENGTH = 1000


class JurorForm(FlaskForm):
    # any id a column holds: an account not offered (no juror role, already on the jury) is the use case's to name
    account_id = IdChoice(lazy_gettext("Juror"), validators=[InputRequired()])


class ReviewForm(FlaskForm):
    """The chair confirms a flagged conflict (the juror consulted the team) or clears it."""

    juror_id = IdField(validators=[InputRequired()])
    pitch_id = IdField(validators=[InputRequired()])
    decision = Choice(choices=[("confirmed", "confirmed"), ("cleared", "cleared")])


class SheetForm(FlaskForm):
    """A juror's sheet for one pitch: a score per criterion (``score-<criterion id>``, blank while not scored), a
    comment, or a declared conflict instead. The scores' ranges are the use case's (its messages name the maximum)."""

    comment = TextAreaField(validators=[Optional(), Length(max=COMMENT_LENGTH)])
    conflict = BooleanField(false_values=("", "0"))
    conflict_reason = StringField(validators=[Optional(), Length(max=REASON_LENGTH)])

    @classmethod
    def for_criteria(cls, criteria, **kwargs) -> "SheetForm":
        fields = {f"score_{c.id}": Number(c.name, name=f"score-{c.id}", integer=True) for c in criteria}
        return type("CriteriaSheetForm", (cls,), fields)(**kwargs)

    def scores(self, criteria) -> dict[str, int]:
        return {str(c.id): self[f"score_{c.id}"].data for c in criteria if self[f"score_{c.id}"].data is not None}

    def score_errors(self, criteria) -> dict[str, list]:
        return {str(c.id): list(self[f"score_{c.id}"].errors) for c in criteria if self[f"score_{c.id}"].errors}
