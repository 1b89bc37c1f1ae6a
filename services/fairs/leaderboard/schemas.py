from marshmallow import Schema, fields


class LeaderboardRowSchema(Schema):
    pitch_id = fields.Integer()
    team_id = fields.Integer()
    team_name = fields.String()
    project_title = fields.String(allow_none=True)
    rank = fields.Integer(metadata={"description": "1 = first; equal ranks where the tie-break list cannot separate"})
    tied = fields.Boolean()
    jury_raw = fields.Float(allow_none=True, metadata={"description": "mean of the complete, non-recused sheets' values (0-100)"})
    jury_standardised = fields.Float(allow_none=True, metadata={"description": "each juror's offset taken out (raw when off or too few sheets)"})
    audience = fields.Float(metadata={"description": "100 x votes / the most votes any pitch got"})
    total = fields.Float(allow_none=True)
    sheets = fields.Integer(metadata={"description": "complete, counted sheets"})
    recused = fields.Integer(metadata={"description": "jurors recused from this pitch"})
    spread = fields.Float(allow_none=True, metadata={"description": "standard deviation of the sheet values"})
    high_spread = fields.Boolean()
    first_places = fields.Integer(metadata={"description": "jurors (with at least two counted sheets) who gave it their best value"})
    votes = fields.Integer()
    without_jury_reason = fields.String(allow_none=True, metadata={
        "description": "no juror's sheet counts for the pitch: the chair ranked it on its audience score, for this reason"})


class NamedJurorSchema(Schema):
    juror_id = fields.Integer()
    name = fields.String()


class OffsetSchema(NamedJurorSchema):
    offset = fields.Float()


class RecusedJurorSchema(NamedJurorSchema):
    why = fields.String(metadata={"description": "mentor, member, declared or consulted"})


class UnscoredSchema(Schema):
    pitch_id = fields.Integer()
    team_name = fields.String()
    recused = fields.List(fields.Nested(RecusedJurorSchema))


class LeaderboardSchema(Schema):
    fair_id = fields.Integer()
    state = fields.String()
    snapshot = fields.Boolean(metadata={"description": "the results as published (frozen), not the live ranking"})
    published_at = fields.DateTime(allow_none=True)
    items = fields.List(fields.Nested(LeaderboardRowSchema))
    formula = fields.Dict()
    standardised = fields.Boolean(metadata={"description": "whether the totals use standardised jury scores"})
    fallback_reason = fields.String(allow_none=True, metadata={
        "description": "why nothing is standardised: no_sheets, too_few_sheets (every juror) or not_connected"})
    stable_top = fields.Boolean(metadata={"description": "the top three stay the same when any one juror's sheets are removed"})
    unstable_jurors = fields.List(fields.Nested(NamedJurorSchema), metadata={"description": "jurors whose removal changes the top three"})
    juror_offsets = fields.List(fields.Nested(OffsetSchema))
    raw_jurors = fields.List(fields.Nested(NamedJurorSchema), metadata={
        "description": "jurors with too few sheets: their values are taken raw while the others are standardised"})
    unscored = fields.List(fields.Nested(UnscoredSchema), metadata={
        "description": "pitches no juror's sheet counts for, not yet decided by the chair: scoring does not close"})
