from marshmallow import Schema, fields, validate

from services.fairs.grants import rules

ID = validate.Range(min=1, max=2**63 - 1)
# the rules say what an amount may be (positive, within the columns and the call's limits) in their own words
AMOUNT = dict(required=True, places=2, allow_nan=False)
MONEY = dict(as_string=True, places=2)


class CallInSchema(Schema):
    program_id = fields.Integer(required=True, strict=True, validate=ID)
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    eligibility = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10000))
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)
    budget = fields.Decimal(**AMOUNT)
    min_award = fields.Decimal(**AMOUNT)
    max_award = fields.Decimal(**AMOUNT)
    reviews_per_application = fields.Integer(required=True, strict=True, validate=validate.Range(min=-(2**31), max=2**31 - 1))


class CallPatchSchema(Schema):
    state = fields.String(required=True, validate=validate.OneOf(rules.STATES),
                          metadata={"description": "one step at a time: draft, open, review, decided, published"})


class CallSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    name = fields.String()
    eligibility = fields.String(allow_none=True)
    opens_at = fields.DateTime()
    closes_at = fields.DateTime()
    budget = fields.Decimal(**MONEY)
    min_award = fields.Decimal(**MONEY)
    max_award = fields.Decimal(**MONEY)
    reviews_per_application = fields.Integer()
    state = fields.String()
    version = fields.Integer()


class CriterionInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    weight = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=-10**6, max=10**6))
    max_score = fields.Integer(required=True, strict=True, validate=validate.Range(min=-(2**31), max=2**31 - 1))
    not_applicable = fields.Boolean(load_default=False, metadata={"description": "an expert may say it does not apply"})


class CriterionSchema(Schema):
    id = fields.Integer()
    call_id = fields.Integer()
    name = fields.String()
    weight = fields.Float()
    max_score = fields.Integer()
    not_applicable = fields.Boolean()
    position = fields.Integer()


class PartnerSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(max=300))
    inn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))


class BudgetLineSchema(Schema):
    item = fields.String(required=True, validate=validate.Length(max=300))
    amount = fields.Decimal(**AMOUNT)


class ApplicationInSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=300))
    summary = fields.String(required=True, validate=validate.Length(max=20000))
    organisation = fields.String(required=True, validate=validate.Length(max=300))
    inn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    partners = fields.List(fields.Nested(PartnerSchema), load_default=list, validate=validate.Length(max=20))
    contact_name = fields.String(required=True, validate=validate.Length(max=200))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    requested_amount = fields.Decimal(**AMOUNT)
    budget_lines = fields.List(fields.Nested(BudgetLineSchema), required=True, validate=validate.Length(max=rules.MAX_LINES + 1))
    team_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=ID)


class ApplicationSchema(Schema):
    id = fields.Integer()
    call_id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    organisation = fields.String()
    inn = fields.String(allow_none=True)
    partners = fields.List(fields.Dict())
    contact_name = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    requested_amount = fields.Decimal(**MONEY)
    budget_lines = fields.List(fields.Dict())
    team_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True, metadata={"description": "the contact person in the register, once cohorts has matched them"})
    organisation_id = fields.Integer(allow_none=True, metadata={"description": "the organisation in the register, once matched"})
    partner_organisation_ids = fields.List(fields.Integer(), allow_none=True)
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SentApplicationSchema(ApplicationSchema):
    link = fields.String(metadata={"description": "the applicant's private link: shown once, to see and change the application"})


class CallStateSchema(CallSchema):
    short = fields.Dict(keys=fields.String(), values=fields.Integer(),
                        metadata={"description": "when the review starts: application -> how many experts it still lacks"})


class ExpertInSchema(Schema):
    account_id = fields.Integer(required=True, strict=True, validate=ID)
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300),
                                 metadata={"description": "the expert's own: its applications and partnerships are conflicts"})
    inn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))


class ExpertSchema(Schema):
    id = fields.Integer()
    call_id = fields.Integer()
    account_id = fields.Integer()
    name = fields.String()
    organisation = fields.String(allow_none=True)
    link_token = fields.String(metadata={"description": "the expert's personal link: a bearer credential for this call"})
    link_version = fields.Integer()


class ConflictInSchema(Schema):
    application_id = fields.Integer(required=True, strict=True, validate=ID)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ConflictSchema(Schema):
    id = fields.Integer()
    expert_id = fields.Integer()
    application_id = fields.Integer()
    reason = fields.String(allow_none=True)


class AssignmentSchema(Schema):
    application_id = fields.Integer()
    expert_id = fields.Integer()
    title = fields.String()
    reason = fields.String(allow_none=True)
    scored = fields.Integer()
    criteria = fields.Integer()
    complete = fields.Boolean()
    saved_at = fields.DateTime(allow_none=True)


class ReviewInSchema(Schema):
    scores = fields.Dict(keys=fields.String(validate=validate.Length(max=20)), values=fields.Raw(allow_none=True), required=True,
                         validate=validate.Length(max=100),
                         metadata={"description": "criterion id -> score, or null where the criterion allows 'not applicable'"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20000))


class ReviewSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    expert_id = fields.Integer()
    scores = fields.Dict()
    comment = fields.String(allow_none=True)
    version = fields.Integer()
    updated_at = fields.DateTime()


class StandingRowSchema(Schema):
    application_id = fields.Integer()
    title = fields.String()
    rank = fields.Integer()
    score = fields.Float(metadata={"description": "0 to 100, each expert's bias taken out where experts share applications"})
    raw = fields.Float()
    sheets = fields.Integer()
    requested = fields.Decimal(**MONEY)
    disagreement = fields.Boolean()
    award = fields.Decimal(allow_none=True, **MONEY)
    partial = fields.Boolean()


class StandingSchema(Schema):
    call_id = fields.Integer()
    budget = fields.Decimal(**MONEY)
    left = fields.Decimal(**MONEY)
    standardised = fields.Boolean()
    fallback_reason = fields.String(allow_none=True)
    rows = fields.List(fields.Nested(StandingRowSchema))
    unscored = fields.List(fields.Integer())
    tie_at_line = fields.List(fields.Integer())
    stable = fields.Boolean(metadata={"description": "the funded applications stay the same without any one expert"})
    funded_by_hand = fields.Integer(allow_none=True, metadata={"description": "a coordinator's moved line: how many from the top"})
    short = fields.Integer(metadata={"description": "with a moved line: how many above it the budget does not reach"})
    unstable_experts = fields.List(fields.Integer())
    offsets = fields.Dict(keys=fields.Integer(), values=fields.Float())


class LineInSchema(Schema):
    funded = fields.Integer(required=True, allow_none=True, strict=True, validate=validate.Range(min=-(2**31), max=2**31 - 1),
                            metadata={"description": "how many from the top are funded; null: where the budget draws the line"})
    reason = fields.String(required=True, validate=validate.Length(max=1000))


class BudgetInSchema(Schema):
    budget = fields.Decimal(required=True, as_string=True, places=2)
    reason = fields.String(required=True, validate=validate.Length(max=1000))


class LineMoveSchema(Schema):
    id = fields.Integer()
    funded = fields.Integer(allow_none=True)
    reason = fields.String()
    budget_from = fields.Decimal(allow_none=True, **MONEY, metadata={"description": "a change of the budget: from"})
    budget_to = fields.Decimal(allow_none=True, **MONEY)
    actor_name = fields.String(allow_none=True)
    at = fields.DateTime()


class FundingSchema(Schema):
    funded_by_hand = fields.Integer(allow_none=True)
    moves = fields.List(fields.Nested(LineMoveSchema))
    standing = fields.Nested(StandingSchema)


class AwardSchema(Schema):
    application_id = fields.Integer()
    call_id = fields.Integer()
    amount = fields.Decimal(**MONEY)
    partial = fields.Boolean()
    rank = fields.Integer()
    published_at = fields.DateTime()


class AssignmentInSchema(Schema):
    application_id = fields.Integer(required=True, strict=True, validate=ID)
    expert_id = fields.Integer(required=True, strict=True, validate=ID)
    reason = fields.String(required=True, validate=validate.Length(max=1000))
    replaces = fields.Integer(load_default=None, allow_none=True, strict=True, validate=ID,
                              metadata={"description": "the expert this one takes over from (a swap)"})


class AheadSchema(Schema):
    state = fields.String()
    next = fields.String(allow_none=True, metadata={"description": "the state a coordinator may move the call to next"})
    applications = fields.Integer()
    unreviewed = fields.List(fields.Integer(), metadata={"description": "applications whose experts have not all sent a complete sheet"})
    experts_without_assignments = fields.List(fields.Integer())


class ReportArgs(Schema):
    overdue = fields.Boolean(load_default=False, metadata={"description": "only the reports past due and not received"})


class ReportScheduleSchema(Schema):
    interim_due = fields.Date(load_default=None, allow_none=True)
    final_due = fields.Date(load_default=None, allow_none=True)


class ReportMarkSchema(Schema):
    received_on = fields.Date(required=True, allow_none=True)
    accepted_on = fields.Date(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ReportSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    title = fields.String()
    organisation = fields.String()
    kind = fields.String(metadata={"description": "interim or final"})
    due_on = fields.Date()
    received_on = fields.Date(allow_none=True)
    accepted_on = fields.Date(allow_none=True)
    note = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "due, overdue (past due, not received), received, accepted"})
