"""The grants pages' forms: the public application (its partners and budget lines as rows), the coordinator's call,
criterion, state, expert, line and assignment forms, the expert's conflict."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from services.fairs.grants import rules
from shared.web.forms import Choice, IdChoice, IdField, Number

MONEY_LARGEST = rules.MAX_MONEY
PARTNER_ROWS = 2  # rows the form shows; more are added on the page (or sent again with the rows filled)
LINE_ROWS = 3


class PartnerRow(Form):
    name = StringField(lazy_gettext("Partner organisation"), validators=[Optional(), Length(max=300)])
    inn = StringField(lazy_gettext("Its INN (if it has one)"), validators=[Optional(), Length(max=20)])


class BudgetRow(Form):
    item = StringField(lazy_gettext("What for"), validators=[Optional(), Length(max=300)])
    amount = Number(lazy_gettext("Amount"), largest=MONEY_LARGEST)


class ApplicationForm(FlaskForm):
    idempotency_key = HiddenField()
    organisation = StringField(lazy_gettext("Your organisation"), validators=[DataRequired(), Length(max=300)])
    inn = StringField(lazy_gettext("Its INN"), validators=[Optional(), Length(max=20)])
    partners = FieldList(FormField(PartnerRow), min_entries=PARTNER_ROWS, max_entries=20)
    contact_name = StringField(lazy_gettext("Contact person"), validators=[DataRequired(), Length(max=200)])
    phone = StringField(lazy_gettext("Phone"), validators=[Optional(), Length(max=40)])
    email = StringField(lazy_gettext("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    title = StringField(lazy_gettext("Project title"), validators=[DataRequired(), Length(max=300)])
    summary = TextAreaField(lazy_gettext("What the project does, for whom, with whom"), validators=[DataRequired(), Length(max=10000)])
    budget_lines = FieldList(FormField(BudgetRow), min_entries=LINE_ROWS, max_entries=rules.MAX_LINES)

    def data_for_use_case(self) -> dict:
        """The application as the use case takes it; the requested amount is the lines' sum (the page shows it)."""
        lines = [{"item": row.form.item.data or "", "amount": row.form.amount.data} for row in self.budget_lines
                 if (row.form.item.data or "").strip() or row.form.amount.data is not None]
        return {
            "organisation": self.organisation.data, "inn": self.inn.data, "contact_name": self.contact_name.data,
            "phone": self.phone.data or None, "email": self.email.data or None, "title": self.title.data,
            "summary": self.summary.data,
            "partners": [{"name": row.form.name.data, "inn": row.form.inn.data} for row in self.partners
                         if (row.form.name.data or "").strip()],
            "budget_lines": [{**line, "amount": line["amount"] if line["amount"] is not None else 0} for line in lines],
            "requested_amount": sum((line["amount"] or 0 for line in lines), 0),
        }

    def fill(self, application) -> None:
        """The form shows an application as kept (its link's page), with room for one more partner and line."""
        for key in ("organisation", "inn", "contact_name", "phone", "email", "title", "summary"):
            self[key].data = getattr(application, key)
        _rows(self.partners, [{"name": p["name"], "inn": p.get("inn") or ""} for p in application.partners], PARTNER_ROWS)
        _rows(self.budget_lines, [{"item": line["item"], "amount": line["amount"]} for line in application.budget_lines], LINE_ROWS)


def _rows(field_list: FieldList, values: list[dict], at_least: int) -> None:
    while len(field_list):
        field_list.pop_entry()
    for value in values:
        field_list.append_entry(value)
    while len(field_list) < max(at_least, len(values) + 1):
        field_list.append_entry()


class CallForm(FlaskForm):
    idempotency_key = HiddenField()
    program_id = IdChoice(lazy_gettext("Programme"), validators=[InputRequired()])
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=300)])
    eligibility = TextAreaField(lazy_gettext("Who may apply"), validators=[Optional(), Length(max=5000)])
    opens_at = DateTimeLocalField(lazy_gettext("Opens"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    closes_at = DateTimeLocalField(lazy_gettext("Closes"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    budget = Number(lazy_gettext("Budget"), validators=[InputRequired()], largest=MONEY_LARGEST)
    min_award = Number(lazy_gettext("Smallest award"), validators=[InputRequired()], largest=MONEY_LARGEST)
    max_award = Number(lazy_gettext("Largest award"), validators=[InputRequired()], largest=MONEY_LARGEST)
    reviews_per_application = Number(lazy_gettext("Experts per application"), validators=[InputRequired()], integer=True, blank=None)


class CriterionForm(FlaskForm):
    name = StringField(lazy_gettext("Criterion"), validators=[DataRequired(), Length(max=200)])
    weight = Number(lazy_gettext("Weight"), validators=[InputRequired()])
    max_score = Number(lazy_gettext("Highest score"), validators=[InputRequired()], integer=True)
    not_applicable = BooleanField(lazy_gettext("An expert may mark it not applicable"))


class StateForm(FlaskForm):
    state = Choice(choices=[(s, s) for s in rules.STATES])


class ExpertForm(FlaskForm):
    account_id = IdChoice(lazy_gettext("Expert"), validators=[InputRequired()])
    organisation = StringField(lazy_gettext("Their organisation"), validators=[Optional(), Length(max=300)])
    inn = StringField(lazy_gettext("Its INN"), validators=[Optional(), Length(max=20)])


class ExpertActionForm(FlaskForm):
    pass


class AssignForm(FlaskForm):
    application_id = IdField(validators=[InputRequired()])
    expert_id = IdChoice(lazy_gettext("Expert"), validators=[InputRequired()])
    replaces = IdChoice(lazy_gettext("Instead of"), validators=[Optional()])
    reason = StringField(lazy_gettext("Why"), validators=[DataRequired(), Length(max=1000)])


class LineForm(FlaskForm):
    funded = Number(lazy_gettext("Funded from the top"), integer=True, blank=None)
    reason = StringField(lazy_gettext("Why"), validators=[DataRequired(), Length(max=1000)])


class ConflictForm(FlaskForm):
    reason = StringField(lazy_gettext("Why (optional)"), validators=[Optional(), Length(max=1000)])


NOT_APPLICABLE = "na"  # the sheet's value for "does not apply" (a criterion that allows it)


class ScoreOrNotApplicable(Number):
    """A score, or "na" (does not apply); blank is not scored yet."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() == NOT_APPLICABLE:
            self.data = NOT_APPLICABLE
            return
        super().process_formdata(valuelist)

    def _value(self) -> str:
        return NOT_APPLICABLE if self.data == NOT_APPLICABLE else super()._value()


class ReviewSheetForm(FlaskForm):
    """An expert's sheet for one application: ``score-<criterion id>`` a score, "na" or blank; a comment. Ranges and
    which criteria may not apply are the use case's (its messages name them)."""

    comment = TextAreaField(validators=[Optional(), Length(max=5000)])

    @classmethod
    def for_criteria(cls, criteria, **kwargs) -> "ReviewSheetForm":
        fields = {f"score_{c.id}": ScoreOrNotApplicable(c.name, name=f"score-{c.id}", integer=True) for c in criteria}
        return type("GrantSheetForm", (cls,), fields)(**kwargs)

    def scores(self, criteria) -> dict[str, int | None]:
        """criterion id -> score, or None: does not apply (blank ones are left out: not scored yet)."""
        out = {}
        for c in criteria:
            value = self[f"score_{c.id}"].data
            if value is not None:
                out[str(c.id)] = None if value == NOT_APPLICABLE else value
        return out

    def score_errors(self, criteria) -> dict[str, list]:
        return {str(c.id): list(self[f"score_{c.id}"].errors) for c in criteria if self[f"score_{c.id}"].errors}


class ScheduleForm(FlaskForm):
    interim_due = DateField(lazy_gettext("Interim report due"), validators=[Optional()])
    final_due = DateField(lazy_gettext("Final report due"), validators=[Optional()])


class ReportMarkForm(FlaskForm):
    received_on = DateField(lazy_gettext("Received on"), validators=[Optional()])
    accepted_on = DateField(lazy_gettext("Accepted on"), validators=[Optional()])
    note = StringField(lazy_gettext("Note"), validators=[Optional(), Length(max=1000)])


class BudgetForm(FlaskForm):
    budget = Number(lazy_gettext("New budget"), validators=[InputRequired()], largest=MONEY_LARGEST)
    reason = StringField(lazy_gettext("Why"), validators=[DataRequired(), Length(max=1000)])
