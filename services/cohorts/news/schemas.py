from marshmallow import Schema, fields, validate

from services.cohorts.news.operations import BODY_LENGTH
from services.cohorts.validation import name_length


class NewsWriteSchema(Schema):
    title = fields.String(required=True, validate=name_length(300))
    body = fields.String(required=True, validate=validate.Length(min=1, max=BODY_LENGTH))


class NewsSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    title = fields.String()
    body = fields.String()
    author_name = fields.String(allow_none=True)
    published_at = fields.DateTime()
