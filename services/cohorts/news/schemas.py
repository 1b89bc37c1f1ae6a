from marshmallow import Schema, fields, validate

from services.cohorts.news.operations import BODY_LENGTH
from services.cohorts.validation import name_length
from shared.web.fields import Id


class NewsWriteSchema(Schema):
    title = fields.String(required=True, validate=name_length(300))
    body = fields.String(required=True, validate=validate.Length(min=1, max=BODY_LENGTH))
    team_id = Id(load_default=None, allow_none=True, metadata={"description": "a working group of the programme: its own news"})


class NewsSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    team_id = fields.Integer(allow_none=True)
    title = fields.String()
    body = fields.String()
    author_name = fields.String(allow_none=True)
    published_at = fields.DateTime()
