from marshmallow import Schema, ValidationError, fields, validate, validates

from services.cohorts.validation import name_length
from shared.errors import N_
from shared.web.fields import Id


class SessionWriteSchema(Schema):
    title = fields.String(required=True, validate=name_length(300))
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
    # a change names only what changes (marshmallow has no "partial" option in Meta: the fields say it)
    title = fields.String(validate=name_length(300))
    starts_at = fields.AwareDateTime()
    duration_minutes = fields.Integer(strict=True)
    place = fields.String(allow_none=True, validate=validate.Length(max=300))
    trainer = fields.String(allow_none=True, validate=validate.Length(max=300))


class SessionSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    duration_minutes = fields.Integer()
    place = fields.String(allow_none=True)
    trainer = fields.String(allow_none=True)
    version = fields.Integer()


class AttendanceWriteSchema(Schema):
    person_ids = fields.List(Id(), required=True)
    base_version = fields.Integer(
        strict=True, validate=validate.Range(min=0, max=2**31 - 1), load_default=None, allow_none=True,
        metadata={"description": "the session's version the list was loaded with; a list ticked on an older one is refused (409) unless identical"},
    )


class AttendanceSchema(Schema):
    person_ids = fields.List(fields.Integer(strict=True), required=True)
    version = fields.Integer(metadata={"description": "the session's version: send it back as base_version"})


class PersonNameSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()


class AttendanceChangeSchema(Schema):
    changed_at = fields.DateTime()
    account_id = fields.Integer(allow_none=True)
    account_name = fields.String()
    added = fields.List(fields.Integer())
    removed = fields.List(fields.Integer())
    added_people = fields.List(fields.Nested(PersonNameSchema))
    removed_people = fields.List(fields.Nested(PersonNameSchema))

    changed_at = fields.DateTime()
