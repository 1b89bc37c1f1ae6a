from marshmallow import Schema, fields, validate

from services.fairs.pledges import rules
from shared.web.fields import Id
from shared.web.pagination import PageArgs

MONEY = dict(as_string=True, places=2, allow_none=True)
AMOUNT = "rubles, a number or a string such as \"12 500\"; checked as rubles with at most two decimals, above zero"


class NewPartnerSchema(Schema):
    kind = fields.String(allow_none=True, validate=validate.OneOf(rules.PARTNER_KINDS))
    inn = fields.String(allow_none=True, validate=validate.Length(max=40))
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    email = fields.String(allow_none=True, validate=validate.Length(max=254))
    anonymous = fields.Boolean(load_default=False)


class PartnerInSchema(NewPartnerSchema):
    name = fields.String(required=True, validate=validate.Length(max=300))


class PartnerPatchSchema(NewPartnerSchema):
    name = fields.String(validate=validate.Length(max=300))
    anonymous = fields.Boolean()


class PartnerSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    inn = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    anonymous = fields.Boolean()
    merged_into_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class PartnerArgs(PageArgs):
    q = fields.String(load_default=None, validate=validate.Length(max=300),
                      metadata={"description": "any part of the name; case and ё/е ignored"})


class MergeInSchema(Schema):
    other_id = Id(required=True, metadata={"description": "the partner merged into this one (its pledges move here)"})


class NeedInSchema(Schema):
    pitch_id = Id(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS))
    amount = fields.Raw(allow_none=True, metadata={"description": AMOUNT + "; for in-kind help its estimated value"})
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))


class NeedSchema(Schema):
    id = fields.Integer()
    fair_id = fields.Integer()
    pitch_id = fields.Integer()
    kind = fields.String()
    description = fields.String(allow_none=True)
    amount = fields.Decimal(**MONEY)


class PledgeInSchema(Schema):
    pitch_id = Id(required=True, metadata={"description": "a project of the fair's active lineup"})
    partner_id = Id(allow_none=True)
    partner = fields.String(allow_none=True, validate=validate.Length(max=2000),
                            metadata={"description": "a partner's name: the one partner of that name, or a new one"})
    new_partner = fields.Nested(NewPartnerSchema, allow_none=True,
                                metadata={"description": "the new partner's kind, INN, phone, e-mail, anonymity"})
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS))
    amount = fields.Raw(allow_none=True, metadata={"description": AMOUNT + "; for in-kind help its estimated value"})
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    need_id = Id(allow_none=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))
    status = fields.String(load_default=None, allow_none=True, metadata={
        "description": "pledged (default), confirmed, or received (cash handed over at the desk)"})
    received_amount = fields.Raw(allow_none=True, metadata={"description": "with status received: what came (default: the amount)"})


class PledgePatchSchema(Schema):
    status = fields.String(validate=validate.OneOf(rules.STATUSES),
                           metadata={"description": "pledged -> confirmed -> received, or withdrawn (with a reason)"})
    received_amount = fields.Raw(allow_none=True, metadata={"description": "with status received: what came"})
    amount = fields.Raw(allow_none=True, metadata={"description": "a correction, with a reason"})
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    need_id = Id(allow_none=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))
    reason = fields.String(allow_none=True, validate=validate.Length(max=4000))


class PledgeSchema(Schema):
    id = fields.Integer()
    fair_id = fields.Integer()
    pitch_id = fields.Integer()
    team_id = fields.Integer(allow_none=True)
    team_name = fields.String(allow_none=True)
    project_title = fields.String(allow_none=True)
    partner_id = fields.Integer()
    partner = fields.String(allow_none=True)
    anonymous = fields.Boolean()
    kind = fields.String()
    amount = fields.Decimal(**MONEY)
    description = fields.String(allow_none=True)
    need_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    status = fields.String()
    received_amount = fields.Decimal(**MONEY)
    withdrawn_reason = fields.String(allow_none=True)
    version = fields.Integer()
    created_at = fields.DateTime()
    confirmed_at = fields.DateTime(allow_none=True)
    received_at = fields.DateTime(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()


class PledgeArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(rules.STATUSES))
    outstanding = fields.Boolean(load_default=False, metadata={"description": "not yet received (nor withdrawn), oldest first"})
    pitch_id = Id(load_default=None)
    partner_id = Id(load_default=None)


class PledgeChangeSchema(Schema):
    id = fields.Integer()
    field = fields.String()
    old_value = fields.String(allow_none=True)
    new_value = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    account_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    at = fields.DateTime()


class _Sums(Schema):
    pledges = fields.Integer()
    money = fields.Decimal(**MONEY, metadata={"description": "pledged and not withdrawn (what came, once received)"})
    money_confirmed = fields.Decimal(**MONEY)
    money_received = fields.Decimal(**MONEY)
    in_kind = fields.Decimal(**MONEY, metadata={"description": "in-kind help by its estimated value"})
    in_kind_confirmed = fields.Decimal(**MONEY)
    in_kind_received = fields.Decimal(**MONEY)


class ProjectSummarySchema(_Sums):
    pitch_id = fields.Integer()
    team_id = fields.Integer()
    team_name = fields.String()
    project_title = fields.String(allow_none=True)
    money_needed = fields.Decimal(**MONEY)
    in_kind_needed = fields.Decimal(**MONEY)
    needs = fields.List(fields.Dict())


class PartnerSummarySchema(_Sums):
    partner_id = fields.Integer()
    partner = fields.String()
    kind = fields.String()
    anonymous = fields.Boolean()
