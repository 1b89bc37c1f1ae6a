from marshmallow import Schema, fields, validate

from shared.web.fields import Id


class MemberAddSchema(Schema):
    person_id = Id(required=True)
    role = fields.String(load_default="member", validate=validate.OneOf(("leader", "member")))


class MemberRoleSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(("leader", "member")))


class MemberMoveSchema(Schema):
    to_team_id = Id(required=True)


class MemberSchema(Schema):
    team_id = fields.Integer()
    person_id = fields.Integer()
    role = fields.String()
    full_name = fields.String()
    settlement = fields.String(allow_none=True)


class ParticipantAddSchema(Schema):
    person_id = Id(required=True)


class ParticipantSchema(Schema):
    cohort_id = fields.Integer()
    person_id = fields.Integer()
    full_name = fields.String()
    settlement = fields.String(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    role = fields.String(allow_none=True)


class MentorAssignSchema(Schema):
    account_id = Id(required=True)


class MentorSchema(Schema):
    team_id = fields.Integer()
    account_id = fields.Integer()
    name = fields.String()


class NominationSchema(Schema):
    team_id = fields.Integer(attribute="id")
    nominated = fields.Function(lambda t: t.nominated_at is not None)
    nominated_at = fields.DateTime(allow_none=True)
    version = fields.Integer()
