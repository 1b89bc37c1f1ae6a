from flask_babel import gettext
from marshmallow import Schema, fields, validate

from services.consultations.log.models import KINDS
from services.consultations.log.rules import MAX_ANONYMOUS, TOPIC_LENGTH
from shared.web.pagination import PageArgs

# bounds that match the columns: BIGINT ids, INTEGER counts, the strings' lengths
ID = validate.Range(min=1, max=2**63 - 1)
INT4 = validate.Range(min=-(2**31), max=2**31 - 1)


def _id(**kw):
    return fields.Integer(strict=True, validate=ID, **kw)


def _ids(most: int, **kw):
    return fields.List(_id(), validate=validate.Length(max=most), **kw)


class NextStepInSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=500))
    owner = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    due_on = fields.Date(load_default=None, allow_none=True)


class VisitorInSchema(Schema):
    full_name = fields.String(required=True, validate=validate.Length(min=2, max=300))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class VisitorSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()
    person_id = fields.Integer(allow_none=True, metadata={"description": "the person of the register, once cohorts has answered"})
    matched = fields.Boolean()


class ConsultationInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    started_at = fields.AwareDateTime(required=True)
    # range checks (positive, at most 8 hours, headcount) come from the rules with their own messages
    duration_minutes = fields.Integer(required=True, strict=True, validate=INT4)
    team_ids = _ids(50, load_default=list)
    cohort_id = _id(load_default=None, allow_none=True, metadata={"description": "needed for a webinar without teams"})
    attendee_ids = _ids(2000, load_default=list)
    anonymous_attendees = fields.Integer(strict=True, load_default=0, validate=INT4, metadata={"description": f"0..{MAX_ANONYMOUS}, webinars only"})
    topics = fields.List(fields.String(validate=validate.Length(max=TOPIC_LENGTH)), load_default=list, validate=validate.Length(max=30))
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    online_url = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                               metadata={"description": "an online meeting's link (a working group's meeting)"})
    next_steps = fields.List(fields.Nested(NextStepInSchema), load_default=list, validate=validate.Length(max=20))
    mentor_account_id = _id(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("planned", "held")))
    visitors = fields.List(fields.Nested(VisitorInSchema), load_default=list, validate=validate.Length(max=50), metadata={
        "description": "people who walked in, typed at the desk: each becomes one person of the register (matched by phone "
                       "or e-mail, or created) and an attendee once cohorts answers. With no team and no cohort the "
                       "consultation is the centre's own"})


class ConsultationAmendSchema(Schema):
    kind = fields.String(validate=validate.OneOf(KINDS))
    started_at = fields.AwareDateTime()
    duration_minutes = fields.Integer(strict=True, validate=INT4)
    team_ids = _ids(50)
    cohort_id = _id(metadata={"description": "a webinar without teams moves to another cohort"})
    attendee_ids = _ids(2000)
    anonymous_attendees = fields.Integer(strict=True, validate=INT4)
    topics = fields.List(fields.String(validate=validate.Length(max=TOPIC_LENGTH)), validate=validate.Length(max=30))
    notes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    online_url = fields.String(allow_none=True, validate=validate.Length(max=500))
    next_steps = fields.List(fields.Nested(NextStepInSchema), validate=validate.Length(max=20))
    status = fields.String(validate=validate.OneOf(("planned", "held")),
                           metadata={"description": "held: a planned one took place (once its time has passed); a held one never goes back to planned"})


class NextStepSchema(Schema):
    id = fields.Integer()
    consultation_id = fields.Integer()
    text = fields.String()
    owner = fields.String(allow_none=True)
    due_on = fields.Date(allow_none=True)
    status = fields.String()
    closed_at = fields.DateTime(allow_none=True)


class ConsultationSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer(allow_none=True, metadata={"description": "none: the centre's own consultation"})
    visitors = fields.List(fields.Nested(VisitorSchema))
    kind = fields.String()
    status = fields.String()
    started_at = fields.DateTime()
    duration_minutes = fields.Integer()
    mentor_account_id = fields.Integer()
    team_ids = fields.List(fields.Integer())
    attendee_ids = fields.List(fields.Integer())
    anonymous_attendees = fields.Integer()
    # a starter topic is stored once by its message id and answered in the caller's language
    topics = fields.Function(lambda c: sorted((gettext(t) for t in (c.get("topics") if isinstance(c, dict) else c.topics) or []),
                                              key=lambda name: name.casefold().replace("ё", "е")))
    notes = fields.String(allow_none=True)
    online_url = fields.String(allow_none=True)
    next_steps = fields.List(fields.Nested(NextStepSchema))
    version = fields.Integer()


class ConsultationArgs(PageArgs):
    team_id = fields.Integer(validate=ID)
    mentor_account_id = fields.Integer(validate=ID)
    status = fields.String(validate=validate.OneOf(("planned", "held", "cancelled")))
    kind = fields.String(validate=validate.OneOf(KINDS))


class NextStepArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(("open", "closed")))
    team_id = fields.Integer(validate=ID)
    mine = fields.Boolean(load_default=False)
    overdue = fields.Boolean(load_default=False)


class NextStepPatchSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("open", "closed")))


class ChangeSchema(Schema):
    account_name = fields.String()
    action = fields.String(metadata={"description": "logged, amended, cancelled, step_closed, step_opened"})
    changes = fields.Dict(metadata={"description": "field: [before, after] (a step: its text)"})
    at = fields.DateTime()


class StepWithTeamsSchema(NextStepSchema):
    team_names = fields.List(fields.String())
    overdue = fields.Boolean()


class TimelineItemSchema(Schema):
    type = fields.String(metadata={"description": "consultation, school or nomination"})
    at = fields.DateTime()
    title = fields.String(allow_none=True)
    consultation = fields.Nested(ConsultationSchema, allow_none=True)
    present = fields.Integer(allow_none=True)
    of = fields.Integer(allow_none=True)


class TimelineSchema(Schema):
    team_id = fields.Integer()
    team_name = fields.String()
    timezone = fields.String()
    items = fields.List(fields.Nested(TimelineItemSchema))
    open_steps = fields.List(fields.Nested(NextStepSchema))


class QuietTeamSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    last_held_at = fields.DateTime(allow_none=True)


class MonthHoursSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM in the programme's time zone"})
    hours = fields.Float()


class SummaryArgs(Schema):
    quiet_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=365))


class SummarySchema(Schema):
    quiet_days = fields.Integer()
    timezone = fields.String()
    open_steps = fields.List(fields.Nested(StepWithTeamsSchema))
    overdue = fields.Integer()
    quiet_teams = fields.List(fields.Nested(QuietTeamSchema))
    hours_by_month = fields.List(fields.Nested(MonthHoursSchema))
    planned = fields.List(fields.Nested(ConsultationSchema))


class TopicSchema(Schema):
    id = fields.Integer()
    name = fields.Function(lambda t: gettext(t.name))
    uses = fields.Integer()
