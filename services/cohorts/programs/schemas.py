import zoneinfo

from shared.errors import N_
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

TARGET_CODES = ("participants", "teams", "consultations", "consultation_hours", "leaders", "funds_raised")


class ProgramCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    funder = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    timezone = fields.String(load_default="Europe/Moscow")
    grant_amount = fields.Decimal(load_default=None, allow_none=True, places=2, validate=validate.Range(min=0))
    cofinancing_amount = fields.Decimal(load_default=None, allow_none=True, places=2, validate=validate.Range(min=0))
    targets = fields.Dict(
        keys=fields.String(validate=validate.OneOf(TARGET_CODES)),
        values=fields.Decimal(validate=validate.Range(min=0)),
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


class ProgramSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    funder = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    timezone = fields.String()
    grant_amount = fields.Decimal(as_string=True, allow_none=True)
    cofinancing_amount = fields.Decimal(as_string=True, allow_none=True)
    targets = fields.Dict()


class CohortCreateSchema(Schema):
    program_id = fields.Integer(required=True, strict=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))


class CohortSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer()
    name = fields.String()


class TerritoryCreateSchema(Schema):
    district = fields.String(required=True, validate=validate.Length(min=1, max=200))
    settlement = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TerritorySchema(Schema):
    id = fields.Integer()
    district = fields.String()
    settlement = fields.String()
