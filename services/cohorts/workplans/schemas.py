from marshmallow import Schema, fields, validate

from services.cohorts.workplans import rules
from shared.web.fields import Id


class WorkItemWriteSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=rules.TITLE_LENGTH))
    owner_person_id = Id(required=True, metadata={"description": "a member of the group"})
    due_on = fields.Date(required=True)
    status = fields.String(load_default=rules.PLANNED, validate=validate.OneOf(rules.STATUSES))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class WorkItemPatchSchema(Schema):
    title = fields.String(validate=validate.Length(max=rules.TITLE_LENGTH))
    owner_person_id = Id()
    due_on = fields.Date()
    status = fields.String(validate=validate.OneOf(rules.STATUSES))
    note = fields.String(allow_none=True, validate=validate.Length(max=1000))
    version = fields.Integer(metadata={"description": "the version you saw: a change made meanwhile is refused (409)"})


class WorkItemSchema(Schema):
    id = fields.Integer()
    team_id = fields.Integer()
    team_name = fields.String()
    title = fields.String()
    owner_person_id = fields.Integer()
    owner_name = fields.String()
    due_on = fields.Date()
    status = fields.String()
    note = fields.String(allow_none=True)
    version = fields.Integer()
    overdue = fields.Boolean(metadata={"description": "still to do after its due date (in the programme's time zone)"})
