from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.errors import N_
from shared.web.fields import Id


class CascadePeopleArgs(Schema):
    level = fields.Integer(validate=validate.Range(min=1, max=100), metadata={"description": "the people of a level"})
    trainer = Id(strict=False, metadata={"description": "or the people a trainer reached"})

    @validates_schema
    def _one(self, data, **_):
        if ("level" in data) == ("trainer" in data):
            raise ValidationError(N_("Give a level or a trainer."), "level")


class CascadePersonSchema(Schema):
    id = fields.Integer()
    full_name = fields.String(allow_none=True, metadata={"description": "none for a person whose data was erased"})
    erased = fields.Boolean()
    organisation = fields.String(allow_none=True)
