from marshmallow import Schema, fields, validate

from services.fairs.fair import rules as fair_rules
from shared.web.pagination import PageArgs

ID = validate.Range(min=1, max=2**63 - 1)
INT4 = validate.Range(min=-(2**31), max=2**31 - 1)
# ranges with their own messages come from the rules; these only keep numbers inside the columns
WEIGHT = dict(validate=validate.Range(min=-10**6, max=10**6), allow_nan=False)
TIE_BREAKS = fields.List(
    fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=len(fair_rules.TIE_BREAKS) + 2),
    metadata={"description": f"ordered; from {', '.join(fair_rules.TIE_BREAKS)}"},
)


class FairInSchema(Schema):
    cohort_id = fields.Integer(required=True, strict=True, validate=ID)
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    held_on = fields.Date(required=True)
    place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    jury_weight = fields.Float(load_default=1.0, **WEIGHT)
    audience_weight = fields.Float(load_default=0.0, **WEIGHT)
    standardise = fields.Boolean(load_default=False)
    audience_mode = fields.String(load_default="device", validate=validate.OneOf(fair_rules.AUDIENCE_MODES))
    tie_breaks = TIE_BREAKS


class FairPatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=300))
    held_on = fields.Date()
    place = fields.String(allow_none=True, validate=validate.Length(max=300))
    jury_weight = fields.Float(**WEIGHT)
    audience_weight = fields.Float(**WEIGHT)
    standardise = fields.Boolean()
    audience_mode = fields.String(validate=validate.OneOf(fair_rules.AUDIENCE_MODES))
    tie_breaks = TIE_BREAKS
    state = fields.String(validate=validate.OneOf(fair_rules.STATES), metadata={
        "description": "open (a draft, or scoring again with a reason), closed (scoring); results publish by POST results"})
    reason = fields.String(allow_none=True, validate=validate.Length(max=fair_rules.REASON_LENGTH))
    voting_open = fields.Boolean(metadata={"description": "the audience vote, while the fair is open"})


class FairSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    name = fields.String()
    held_on = fields.Date()
    place = fields.String(allow_none=True)
    jury_weight = fields.Float()
    audience_weight = fields.Float()
    standardise = fields.Boolean()
    audience_mode = fields.String()
    tie_breaks = fields.List(fields.String())
    state = fields.String(metadata={"description": "draft, open, closed or published"})
    voting_open = fields.Boolean()
    opened_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    formula = fields.Function(fair_rules.formula_of, metadata={"description": "the formula everyone sees, fixed once open"})
    version = fields.Integer()


class FairArgs(PageArgs):
    cohort_id = fields.Integer(validate=ID)


class FairChangeSchema(Schema):
    id = fields.Integer()
    field = fields.String(metadata={"description": "state or voting_open"})
    from_value = fields.String()
    to_value = fields.String()
    reason = fields.String(allow_none=True)
    account_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    at = fields.DateTime()


class WithoutJuryInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=fair_rules.WITHOUT_JURY_REASON_LENGTH), metadata={
        "description": "why the pitch is ranked on its audience score (shown with the results)"})


class WithoutJurySchema(Schema):
    pitch_id = fields.Integer()
    reason = fields.String(allow_none=True)


class CriterionInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    weight = fields.Float(required=True, **WEIGHT)
    max_score = fields.Integer(required=True, strict=True, validate=INT4)


class CriterionPatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    weight = fields.Float(**WEIGHT)
    max_score = fields.Integer(strict=True, validate=INT4)


class CriterionSchema(Schema):
    id = fields.Integer()
    fair_id = fields.Integer()
    name = fields.String()
    weight = fields.Float()
    max_score = fields.Integer()
    position = fields.Integer()


class PitchSchema(Schema):
    id = fields.Integer()
    fair_id = fields.Integer()
    team_id = fields.Integer()
    position = fields.Integer(metadata={"description": "1 = first on stage"})
    team_name = fields.String()
    project_title = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)


class PitchPatchSchema(Schema):
    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10000))
