from marshmallow import Schema, fields, validate

from services.cohorts.accounts.rules import MIN_PASSWORD_LENGTH, ROLES
from shared.errors import N_
from shared.web.fields import Id


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024), load_only=True)


class TokenSchema(Schema):
    token = fields.String()
    expires_in = fields.Integer()
    account_id = fields.Integer()
    roles = fields.List(fields.String())


class AccountCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True, validate=validate.Length(min=1))
    password = fields.String(load_only=True, validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=1024))


class AccountSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    active = fields.Boolean()
    language = fields.String(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    version = fields.Integer()


class AccountUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(min=1))
    active = fields.Boolean()
    language = fields.String(validate=validate.OneOf(("ru", "kk", "en"), error=N_("Unknown language: ru, kk or en.")))
    person_id = Id(allow_none=True, metadata={"description": "the person this account is (a mentor or juror who is also a participant); null unlinks"})


class AccountCreatedSchema(AccountSchema):
    invitation_url = fields.String(allow_none=True)
    mailed = fields.Boolean()


class LinkSchema(Schema):
    url = fields.String()
    mailed = fields.Boolean()
    expires_at = fields.DateTime()


class SetPasswordSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=1024))
