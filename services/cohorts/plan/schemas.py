from marshmallow import Schema, fields, validate

from services.cohorts.plan import rules
from services.cohorts.validation import name_length


class PlanLineWriteSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS), metadata={"description": ", ".join(rules.KINDS)})
    title = fields.String(required=True, validate=name_length(300))
    month = fields.String(required=True, validate=validate.Regexp(rules.MONTH, error="A month as 2027-03."),
                          metadata={"description": "2027-03"})
    target_people = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0, max=10_000_000))


class PlannedEventSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()


class PlanLineSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    month = fields.String()
    target_people = fields.Integer(allow_none=True)
    held = fields.Integer(metadata={"description": "events started (consultations held) that carry out this line"})
    people = fields.Integer(metadata={"description": "different people who took part in them"})
    overdue = fields.Boolean(metadata={"description": "the month is over and nothing was held"})
    events = fields.List(fields.Nested(PlannedEventSchema))
