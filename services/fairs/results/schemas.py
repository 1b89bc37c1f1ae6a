from marshmallow import Schema, fields


class ResultRowSchema(Schema):
    pitch_id = fields.Integer()
    team_id = fields.Integer()
    team_name = fields.String()
    project_title = fields.String(allow_none=True)
    rank = fields.Integer()
    tied = fields.Boolean()
    leader = fields.Boolean()
    total = fields.Float(allow_none=True)
    jury = fields.Float(allow_none=True, metadata={"description": "the jury score the total used (standardised or raw)"})
    jury_raw = fields.Float(allow_none=True)
    audience = fields.Float()
    without_jury_reason = fields.String(allow_none=True, metadata={
        "description": "no juror's sheet counted: ranked on the audience score, for this reason (the chair's)"})


class ResultsSchema(Schema):
    fair_id = fields.Integer()
    fair_name = fields.String()
    published_at = fields.DateTime()
    leaders = fields.List(fields.Integer(), metadata={"description": "team ids, ranks 1 to 3 (ties included)"})
    items = fields.List(fields.Nested(ResultRowSchema), metadata={"description": "the ranking, leaders first"})
    formula = fields.Dict()
    standardised = fields.Boolean()
    stable_top = fields.Boolean(allow_none=True)
