from marshmallow import Schema, fields, validate

from services.cohorts.people.rules import CONSENT_METHODS, SEXES
from services.cohorts.validation import name_length
from shared.web.fields import Id
from shared.web.pagination import PageArgs


class PersonWriteSchema(Schema):
    full_name = fields.String(required=True, validate=name_length(300, min_=2))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    settlement = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    organisation_id = Id(load_default=None, allow_none=True, metadata={"description": "an organisation of the register"})
    position = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    birth_year = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1900, max=2100))
    sex = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SEXES))
    consent_on = fields.Date(load_default=None, allow_none=True)
    consent_method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(CONSENT_METHODS))
    consent_guardian = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class PersonUpdateSchema(PersonWriteSchema):
    class Meta:
        partial = True

    full_name = fields.String(validate=name_length(300, min_=2))
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    settlement = fields.String(allow_none=True, validate=validate.Length(max=200))
    organisation = fields.String(allow_none=True, validate=validate.Length(max=300))
    organisation_id = Id(allow_none=True)
    position = fields.String(allow_none=True, validate=validate.Length(max=200))
    birth_year = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1900, max=2100))
    sex = fields.String(allow_none=True, validate=validate.OneOf(SEXES))
    consent_on = fields.Date(allow_none=True)
    consent_method = fields.String(allow_none=True, validate=validate.OneOf(CONSENT_METHODS))
    consent_guardian = fields.String(allow_none=True, validate=validate.Length(max=300))
    archived = fields.Boolean()


class PersonRefSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()
    settlement = fields.String(allow_none=True)


class PersonSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    organisation = fields.String(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    position = fields.String(allow_none=True)
    birth_year = fields.Integer(allow_none=True)
    sex = fields.String(allow_none=True)
    consent_on = fields.Date(allow_none=True)
    consent_method = fields.String(allow_none=True)
    consent_guardian = fields.String(allow_none=True)
    archived = fields.Boolean()
    erased = fields.Function(lambda p: p.erased_at is not None)
    merged_into_id = fields.Integer(allow_none=True)
    version = fields.Integer()


class PersonCreatedSchema(PersonSchema):
    namesakes = fields.List(fields.Nested(PersonRefSchema), metadata={"description": "people with the same normalised name: a warning"})


class PeopleArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "name, e-mail or phone; case and ё/е ignored"})
    include_archived = fields.Boolean(load_default=False)
    cohort_id = Id(strict=False, metadata={"description": "participants of this cohort"})
    team_id = Id(strict=False, metadata={"description": "members of this team"})
    territory_id = Id(strict=False, metadata={"description": "members of this territory's teams"})
    role = fields.String(validate=validate.OneOf(("leader", "member")), metadata={"description": "members with this role in a team"})


class MergeSchema(Schema):
    into = Id(required=True)


class MergePreviewArgs(Schema):
    into = Id(required=True, strict=False)


class MergePreviewSchema(Schema):
    kept = fields.Nested(PersonSchema)
    merged = fields.Nested(PersonSchema)
    references = fields.Dict(keys=fields.String(), values=fields.Integer())
    fills = fields.Dict()
    memberships = fields.List(fields.Dict(), metadata={"description": "each team of the folded record: moved, or already_member (the duplicate membership is removed)"})
