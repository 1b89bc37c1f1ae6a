"""The coordinator's forms for a fair: a new fair, the fair's settings, a criterion (Flask-WTF).

The weights read as people type them here («0,7», «0.7», «1 000»: ``shared.web.forms.Number``); the ranges with their own messages (a
weight above zero, a maximum from 1 to 100, the weights not both zero) are the use case's, shown beside the field.
"""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from services.fairs.fair import rules
from shared.web.errors import translate_messages
from shared.web.forms import Choice, Number


class Day(DateField):
    """A date; left blank it is only missing (``InputRequired`` says so), not also "not a valid date"."""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class TieBreaks(Field):
    """The tie-break list, one select per place (each named ``tie_break``), in order; blanks dropped."""

    def _value(self):
        return self.data or []

    def process_formdata(self, valuelist):
        self.data = [key for key in valuelist if key][: len(rules.TIE_BREAKS) + 2]


class FairForm(FlaskForm):
    """The fair's name, date, place and weights; on the settings page also its formula (while a draft)."""

    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=300)], filters=[lambda v: (v or "").strip()])
    held_on = Day(lazy_gettext("Date"), validators=[InputRequired()])
    place = StringField(lazy_gettext("Place"), validators=[Optional(), Length(max=300)],
                        filters=[lambda v: (v or "").strip() or None])
    jury_weight = Number(lazy_gettext("Jury weight"), blank=Decimal(1))
    audience_weight = Number(lazy_gettext("Audience weight"), blank=Decimal(0))
    standardise = BooleanField(lazy_gettext("Standardise the jurors' scores (take each juror's bias out)"), false_values=("", "0"))
    audience_mode = SelectField(lazy_gettext("Audience vote"), choices=[
        ("device", lazy_gettext("one vote per phone")), ("ticket", lazy_gettext("one vote per printed ticket"))],
        validate_choice=False)
    tie_breaks = TieBreaks(lazy_gettext("Ties are broken by, in this order"), name="tie_break")

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the weights' own rule on those that read as numbers: every message at once."""
        valid = super().validate(extra_validators)
        weights = rules.check_weights(*(None if f.errors else f.data for f in (self.jury_weight, self.audience_weight)))
        for name, messages in translate_messages(weights).items():
            field = getattr(self, name)
            field.errors = list(field.errors) + list(messages)
        return valid and not weights

    def changes(self, formdata) -> dict:
        """What the form says, as the use case takes it: the formula's fields only when the form carried them (the
        new-fair form and a fair no longer a draft keep what they have)."""
        data = {"name": self.name.data, "held_on": self.held_on.data, "place": self.place.data,
                "jury_weight": self.jury_weight.data, "audience_weight": self.audience_weight.data}
        if "audience_mode" in formdata:
            data["standardise"] = bool(self.standardise.data)
            data["audience_mode"] = self.audience_mode.data if self.audience_mode.data in rules.AUDIENCE_MODES else "device"
        if "tie_break" in formdata:
            data["tie_breaks"] = self.tie_breaks.data
        return data


class NewFairForm(FairForm):
    cohort_id = Choice(lazy_gettext("Cohort"), coerce=int, validators=[InputRequired()])  # one of the cohorts known


class CriterionForm(FlaskForm):
    name = StringField(lazy_gettext("Criterion name"), validators=[DataRequired(), Length(max=200)],
                       filters=[lambda v: " ".join((v or "").split())])
    weight = Number(lazy_gettext("Weight"), validators=[InputRequired()])
    max_score = Number(lazy_gettext("Maximum score"), validators=[InputRequired()], integer=True)

    def data_for_use_case(self) -> dict:
        return {"name": self.name.data, "weight": self.weight.data, "max_score": self.max_score.data}


class StateForm(FlaskForm):
    """The chair's buttons: open, close scoring, reopen (with a reason), publish."""

    state = Choice(choices=[(state, state) for state in rules.STATES])
    reason = StringField(lazy_gettext("Why"), validators=[Optional(), Length(max=rules.REASON_LENGTH)])


class VotingForm(FlaskForm):
    voting_open = BooleanField(false_values=("", "0"))


class MoveForm(FlaskForm):
    """A pitch one place earlier (up) or later in the lineup."""

    direction = Choice(choices=[("up", "up"), ("down", "down")], default="down")
