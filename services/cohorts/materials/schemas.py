from marshmallow import Schema, fields, validate

from services.cohorts.materials import rules


class LinkInSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=rules.TITLE_LENGTH))
    language = fields.String(required=True, metadata={"description": "ru, kk or en"})
    url = fields.String(required=True, validate=validate.Length(max=1000))


class FileFormSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=rules.TITLE_LENGTH))
    language = fields.String(required=True, metadata={"description": "ru, kk or en"})


class FileSchema(Schema):
    file = fields.Raw(metadata={"type": "string", "format": "binary"})


class MaterialSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    title = fields.String()
    language = fields.String()
    url = fields.String(allow_none=True, metadata={"description": "a link, or where the file is downloaded"})
    filename = fields.String(allow_none=True)
    content_type = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
