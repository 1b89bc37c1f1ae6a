from marshmallow import Schema, fields, validate

from services.cohorts.validation import name_length
from services.cohorts.visits.models import PURPOSES
from shared.web.fields import Id
from shared.web.pagination import PageArgs


class VisitWriteSchema(Schema):
    person_id = Id(load_default=None, allow_none=True, metadata={"description": "a person of the register, or a visitor's name below"})
    full_name = fields.String(load_default=None, validate=name_length(300, min_=2))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    purpose = fields.String(required=True, validate=validate.OneOf(PURPOSES), metadata={"description": ", ".join(PURPOSES)})
    visited_on = fields.Date(required=True)
    program_id = Id(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class VisitSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    purpose = fields.String()
    visited_on = fields.Date()
    program_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)


class VisitArgs(PageArgs):
    first_day = fields.Date(data_key="from", load_default=None)
    last_day = fields.Date(data_key="to", load_default=None)
