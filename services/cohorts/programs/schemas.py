import zoneinfo

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from services.cohorts.validation import money_range, name_length
from shared.errors import N_
from shared.events.contracts import CURRENCIES, DEFAULT_TIMEZONE
from shared.web.fields import Id
from shared.web.pagination import PageArgs

TARGET_CODES = ("participants", "teams", "consultations", "consultation_hours", "leaders", "funds_raised")


class ProgramCreateSchema(Schema):
    name = fields.String(required=True, validate=name_length(300))
    funder = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    timezone = fields.String(load_default=DEFAULT_TIMEZONE, validate=validate.Length(max=64))
    currency = fields.String(load_default="RUB", validate=validate.OneOf(CURRENCIES, error=N_("Unknown currency: RUB, KZT, EUR or USD.")),
                             metadata={"description": "what the programme spends and raises in (pledges, awards, the report)"})
    grant_currency = fields.String(load_default=None, validate=validate.OneOf(CURRENCIES, error=N_("Unknown currency: RUB, KZT, EUR or USD.")),
                                   metadata={"description": "what the grant and co-financing come in (default: currency)"})
    grant_amount = fields.Decimal(load_default=None, allow_none=True, places=2, allow_nan=False, validate=money_range)
    cofinancing_amount = fields.Decimal(load_default=None, allow_none=True, places=2, allow_nan=False, validate=money_range)
    targets = fields.Dict(
        keys=fields.String(validate=validate.OneOf(TARGET_CODES)),
        values=fields.Decimal(allow_nan=False, validate=money_range),
        load_default=dict,
    )

    @validates("timezone")
    def _timezone(self, value, **_):
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(N_("Unknown time zone."))

    @validates_schema
    def _dates(self, data, **_):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(N_("The end is before the start."), "ends_on")


class ProgramUpdateSchema(ProgramCreateSchema):
    """Any of a programme's fields; ``targets`` replaces the whole set of targets."""

    name = fields.String(validate=name_length(300))
    starts_on = fields.Date()
    ends_on = fields.Date()
    funder = fields.String(allow_none=True, validate=validate.Length(max=300))
    timezone = fields.String(validate=validate.Length(max=64))
    currency = fields.String(validate=validate.OneOf(CURRENCIES, error=N_("Unknown currency: RUB, KZT, EUR or USD.")))
    grant_currency = fields.String(validate=validate.OneOf(CURRENCIES, error=N_("Unknown currency: RUB, KZT, EUR or USD.")))
    grant_amount = fields.Decimal(allow_none=True, places=2, allow_nan=False, validate=money_range)
    cofinancing_amount = fields.Decimal(allow_none=True, places=2, allow_nan=False, validate=money_range)
    targets = fields.Dict(keys=fields.String(validate=validate.OneOf(TARGET_CODES)), values=fields.Decimal(allow_nan=False, validate=money_range))


class ProgramSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    funder = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    timezone = fields.String()
    currency = fields.String()
    grant_currency = fields.String()
    grant_amount = fields.Decimal(as_string=True, allow_none=True)
    cofinancing_amount = fields.Decimal(as_string=True, allow_none=True)
    targets = fields.Dict()


class CohortCreateSchema(Schema):
    program_id = Id(required=True)
    name = fields.String(required=True, validate=name_length(300))
    region = fields.String(allow_none=True, validate=validate.Length(max=200), metadata={"description": "where it works: an oblast, a region"})
    parent_cohort_id = Id(allow_none=True, metadata={"description": "a cascade: the cohort whose participants train this one"})
    trainer_ids = fields.List(Id(), validate=validate.Length(max=200),
                              metadata={"description": "people who were participants of the parent cohort and lead this one"})


class CohortUpdateSchema(Schema):
    name = fields.String(validate=name_length(300))
    region = fields.String(allow_none=True, validate=validate.Length(max=200))
    parent_cohort_id = Id(allow_none=True)
    trainer_ids = fields.List(Id(), validate=validate.Length(max=200))


class CohortArgs(PageArgs):
    program_id = Id(strict=False, metadata={"description": "only the cohorts of this programme"})


class CohortSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    name = fields.String()
    region = fields.String(allow_none=True)
    parent_cohort_id = fields.Integer(allow_none=True)
    trainer_ids = fields.List(fields.Integer(), metadata={"description": "a single cohort's answer only"})
    version = fields.Integer()


class TerritoryCreateSchema(Schema):
    district = fields.String(required=True, validate=name_length(200))
    settlement = fields.String(required=True, validate=name_length(200))


class TerritoryUpdateSchema(Schema):
    district = fields.String(validate=name_length(200))
    settlement = fields.String(validate=name_length(200))


class TerritorySchema(Schema):
    id = fields.Integer()
    district = fields.String()
    settlement = fields.String()
