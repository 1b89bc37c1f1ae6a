from marshmallow import Schema, fields, validate

from services.cohorts.teams.models import TEAM_KINDS


class TeamCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=validate.OneOf(TEAM_KINDS))
    territory_id = fields.Integer(required=True, strict=True)
    project_title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    project_summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))


class TeamUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=300))
    kind = fields.String(validate=validate.OneOf(TEAM_KINDS))
    territory_id = fields.Integer(strict=True)
    project_title = fields.String(allow_none=True, validate=validate.Length(max=500))
    project_summary = fields.String(allow_none=True, validate=validate.Length(max=10000))
    archived = fields.Boolean(metadata={"description": "a team that leaves is archived, never deleted"})


class TeamSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    territory_id = fields.Integer()
    project_title = fields.String(allow_none=True)
    project_summary = fields.String(allow_none=True)
    archived = fields.Boolean()
    nominated = fields.Function(lambda t: t.nominated_at is not None)
    version = fields.Integer()
