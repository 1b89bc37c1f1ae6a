from marshmallow import Schema, fields, validate

from services.consultations.log.models import KINDS
from shared.web.pagination import PageArgs


class NextStepInSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=500))
    owner = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    due_on = fields.Date(load_default=None, allow_none=True)


class ConsultationInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    started_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True, strict=True)
    team_ids = fields.List(fields.Integer(strict=True), load_default=list)
    cohort_id = fields.Integer(strict=True, load_default=None, allow_none=True, metadata={"description": "only for a webinar without teams"})
    attendee_ids = fields.List(fields.Integer(strict=True), load_default=list)
    anonymous_attendees = fields.Integer(strict=True, load_default=0)
    topics = fields.List(fields.String(validate=validate.Length(max=120)), load_default=list)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    next_steps = fields.List(fields.Nested(NextStepInSchema), load_default=list)
    mentor_account_id = fields.Integer(strict=True, load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("planned", "held")))


class ConsultationAmendSchema(Schema):
    kind = fields.String(validate=validate.OneOf(KINDS))
    started_at = fields.AwareDateTime()
    duration_minutes = fields.Integer(strict=True)
    team_ids = fields.List(fields.Integer(strict=True))
    attendee_ids = fields.List(fields.Integer(strict=True))
    anonymous_attendees = fields.Integer(strict=True)
    topics = fields.List(fields.String(validate=validate.Length(max=120)))
    notes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    next_steps = fields.List(fields.Nested(NextStepInSchema))
    status = fields.String(validate=validate.OneOf(("planned", "held")), metadata={"description": "held: a planned one took place"})


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
    cohort_id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    started_at = fields.DateTime()
    duration_minutes = fields.Integer()
    mentor_account_id = fields.Integer()
    team_ids = fields.List(fields.Integer())
    attendee_ids = fields.List(fields.Integer())
    anonymous_attendees = fields.Integer()
    topics = fields.List(fields.String())
    notes = fields.String(allow_none=True)
    next_steps = fields.List(fields.Nested(NextStepSchema))
    version = fields.Integer()


class ConsultationArgs(PageArgs):
    team_id = fields.Integer()
    mentor_account_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(("planned", "held", "cancelled")))
    kind = fields.String(validate=validate.OneOf(KINDS))


class NextStepArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(("open", "closed")))
    team_id = fields.Integer()
    mine = fields.Boolean(load_default=False)
    overdue = fields.Boolean(load_default=False)


class NextStepPatchSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("open", "closed")))


class ChangeSchema(Schema):
    account_name = fields.String()
    action = fields.String()
    changes = fields.Dict()
    at = fields.DateTime()


class TopicSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    uses = fields.Integer()
