from marshmallow import Schema, fields, validate

from services.cohorts.organisations import rules

TEXT = validate.Length(max=rules.NAME_LENGTH)


class OrganisationWriteSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=rules.NAME_LENGTH))
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS), metadata={"description": ", ".join(rules.KINDS)})
    inn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40),
                        metadata={"description": "10 digits (an organisation) or 12 (an individual entrepreneur), check digits checked"})
    settlement = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class OrganisationPatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=rules.NAME_LENGTH))
    kind = fields.String(validate=validate.OneOf(rules.KINDS))
    inn = fields.String(allow_none=True, validate=validate.Length(max=40))
    settlement = fields.String(allow_none=True, validate=validate.Length(max=200))


class OrganisationRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    settlement = fields.String(allow_none=True)


class OrganisationSchema(Schema):
    id = fields.Integer()
    merged_into_id = fields.Integer(allow_none=True, metadata={"description": "set on a record folded into another"})
    name = fields.String()
    kind = fields.String()
    inn = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class OrganisationCreatedSchema(OrganisationSchema):
    namesakes = fields.List(fields.Nested(OrganisationRefSchema), metadata={
        "description": "organisations of the same normalised name in the same settlement: a warning"})


class OrganisationArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    q = fields.String(load_default=None, validate=validate.Length(max=200), metadata={"description": "part of the name, or the INN"})
    kind = fields.String(load_default=None, validate=validate.OneOf(rules.KINDS))


class MergeSchema(Schema):
    into = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**63 - 1),
                          metadata={"description": "the record kept"})


class MergeArgs(Schema):
    into = fields.Integer(required=True, validate=validate.Range(min=1, max=2**63 - 1), metadata={"description": "the record kept"})


class MergePreviewSchema(Schema):
    kept = fields.Nested(OrganisationSchema)
    merged = fields.Nested(OrganisationSchema)
    people = fields.Integer(metadata={"description": "people who move to the kept record"})
    fills = fields.Dict(metadata={"description": "fields the kept record takes from the folded one"})
