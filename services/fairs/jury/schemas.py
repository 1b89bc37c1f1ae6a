from marshmallow import Schema, fields, validate

from services.fairs.judging import rules as judging_rules

ID = validate.Range(min=1, max=2**63 - 1)
INT4 = validate.Range(min=-(2**31), max=2**31 - 1)
# ranges with their own messages come from the rules; these only keep numbers inside the columns
WEIGHT = dict(validate=validate.Range(min=-10**6, max=10**6), allow_nan=False)


class JurorInSchema(Schema):
    account_id = fields.Integer(required=True, strict=True, validate=ID)


class JurorSchema(Schema):
    id = fields.Integer()
    fair_id = fields.Integer()
    account_id = fields.Integer()
    name = fields.String()
    link_url = fields.String(metadata={"description": "the personal link: opens the juror's sheets without an account"})
    link_token = fields.String(metadata={"description": "the same link as a bearer credential for the API"})
    qr_url = fields.String(metadata={"description": "the link as a QR code (SVG)"})
    link_version = fields.Integer()


class SheetInSchema(Schema):
    scores = fields.Dict(
        keys=fields.String(validate=validate.Length(max=20)), values=fields.Raw(), required=True,
        metadata={"description": "criterion id -> score 0..max_score; criteria left out are not scored yet"},
    )
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=judging_rules.COMMENT_LENGTH))


class SheetSchema(Schema):
    id = fields.Integer(allow_none=True)
    fair_id = fields.Integer()
    pitch_id = fields.Integer()
    team_id = fields.Integer()
    juror_id = fields.Integer()
    juror_name = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    comment = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "not_started, incomplete, complete or recused"})
    recused = fields.Boolean()
    recusal = fields.String(allow_none=True, metadata={"description": "declared, mentor or member"})
    version = fields.Integer()
    updated_at = fields.DateTime(allow_none=True)
    correction = fields.Dict(allow_none=True, metadata={"description": "the chair's open request to correct this sheet: reason, requested_at"})


class ConflictInSchema(Schema):
    pitch_id = fields.Integer(required=True, strict=True, validate=ID)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ConflictSchema(Schema):
    id = fields.Integer(allow_none=True, metadata={"description": "none for a standing conflict"})
    juror_id = fields.Integer()
    juror_name = fields.String()
    pitch_id = fields.Integer()
    kind = fields.String(metadata={"description": "declared, mentor or member"})
    reason = fields.String(allow_none=True)
    declared_at = fields.DateTime(allow_none=True)
    decision = fields.String(allow_none=True, metadata={"description": "consulted only: confirmed, cleared, or none while undecided"})


class ReviewInSchema(Schema):
    juror_id = fields.Integer(required=True, strict=True, validate=ID)
    pitch_id = fields.Integer(required=True, strict=True, validate=ID)
    decision = fields.String(required=True, validate=validate.OneOf(("confirmed", "cleared")))


class ReopenInSchema(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class SheetRevisionSchema(Schema):
    id = fields.Integer()
    sheet_id = fields.Integer()
    kind = fields.String(metadata={"description": "sent, changed, reopened (by the chair) or recused (scores dropped)"})
    old_scores = fields.Dict(allow_none=True)
    new_scores = fields.Dict(allow_none=True)
    old_comment = fields.String(allow_none=True)
    new_comment = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    account_id = fields.Integer(allow_none=True)
    via = fields.String(metadata={"description": "link, account or chair"})
    at = fields.DateTime()


class SeatStatusSchema(Schema):
    juror_id = fields.Integer()
    name = fields.String()
    state = fields.String(metadata={"description": "complete, incomplete, not_started or recused"})
    recusal = fields.String(allow_none=True)
    sheet_id = fields.Integer(allow_none=True)
    correction = fields.Boolean()


class PitchStatusSchema(Schema):
    pitch_id = fields.Integer()
    team_id = fields.Integer()
    team_name = fields.String()
    position = fields.Integer()
    expected = fields.Integer(metadata={"description": "jurors who score this pitch (the jury less the recused)"})
    sent = fields.List(fields.Integer(), metadata={"description": "jurors whose sheet is complete"})
    missing = fields.List(fields.Integer())
    recused = fields.List(fields.Integer())
    jurors = fields.List(fields.Nested(SeatStatusSchema))



