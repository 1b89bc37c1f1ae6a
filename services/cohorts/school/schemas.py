from marshmallow import Schema, ValidationError, fields, validate, validates

from shared.errors import N_


class SessionWriteSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    starts_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True, strict=True)
    place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    trainer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))

    @validates("duration_minutes")
    def _duration(self, value, **_):
        if value <= 0:
            raise ValidationError(N_("The duration must be positive."))
        if value > 1440:
            raise ValidationError(N_("A session lasts at most a day (1440 minutes)."))


class SessionUpdateSchema(SessionWriteSchema):
    class Meta:
        partial = True


class SessionSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    duration_minutes = fields.Integer()
    place = fields.String(allow_none=True)
    trainer = fields.String(allow_none=True)
    version = fields.Integer()


class AttendanceSchema(Schema):
    person_ids = fields.List(fields.Integer(strict=True), required=True)


class AttendanceChangeSchema(Schema):
    account_name = fields.String()
    added = fields.List(fields.Integer())
    removed = fields.List(fields.Integer())
    changed_at = fields.DateTime()
