from marshmallow import Schema, fields, validate

from services.cohorts.teams.models import TEAM_KINDS
from services.cohorts.teams.themes import THEMES
from services.cohorts.validation import name_length
from shared.web.fields import Id


class TeamCreateSchema(Schema):
    name = fields.String(required=True, validate=name_length(300))
    kind = fields.String(required=True, validate=validate.OneOf(TEAM_KINDS))
    theme = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(THEMES),
                          metadata={"description": "a working group's theme (required for one, none for another team)"})
    territory_id = Id(required=True)
    project_title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    project_summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))


class TeamUpdateSchema(Schema):
    name = fields.String(validate=name_length(300))
    kind = fields.String(validate=validate.OneOf(TEAM_KINDS))
    theme = fields.String(allow_none=True, validate=validate.OneOf(THEMES))
    territory_id = Id()
    project_title = fields.String(allow_none=True, validate=validate.Length(max=500))
    project_summary = fields.String(allow_none=True, validate=validate.Length(max=10000))
    archived = fields.Boolean(metadata={"description": "a team that leaves is archived, never deleted"})


class TeamSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    theme = fields.String(allow_none=True)
    territory_id = fields.Integer()
    project_title = fields.String(allow_none=True)
    project_summary = fields.String(allow_none=True)
    archived = fields.Boolean()
    district = fields.Function(lambda t: getattr(t, "territory", None) and t.territory.district)
    settlement = fields.Function(lambda t: getattr(t, "territory", None) and t.territory.settlement)
    nominated = fields.Function(lambda t: t.nominated_at is not None)
    version = fields.Integer()
