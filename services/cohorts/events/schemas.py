from marshmallow import Schema, fields, validate

from services.cohorts.events import rules
from services.cohorts.validation import name_length
from shared.web.fields import Id
from shared.web.pagination import PageArgs

URL = validate.And(validate.URL(schemes={"http", "https"}), validate.Length(max=500))


class EventWriteSchema(Schema):
    program_id = Id(load_default=None, allow_none=True, metadata={"description": "none: the centre's own event"})
    cohort_id = Id(load_default=None, allow_none=True, metadata={"description": "an event of a cohort (its programme's too)"})
    plan_item_id = Id(load_default=None, allow_none=True, metadata={"description": "the line of the plan it carries out"})
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS), metadata={"description": ", ".join(rules.KINDS)})
    title = fields.String(required=True, validate=name_length(rules.TITLE_LENGTH))
    starts_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=rules.MAX_DURATION))
    place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    online_url = fields.String(load_default=None, allow_none=True, validate=URL)
    capacity = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000),
                              metadata={"description": "none: no limit"})
    registration = fields.String(load_default="open", validate=validate.OneOf(rules.REGISTRATION_MODES))
    registration_closes_at = fields.AwareDateTime(load_default=None, allow_none=True,
                                                  metadata={"description": "none: registration closes when the event ends"})


class EventPatchSchema(EventWriteSchema):
    class Meta:
        partial = True

    program_id = Id(allow_none=True)
    cohort_id = Id(allow_none=True)
    plan_item_id = Id(allow_none=True)
    kind = fields.String(validate=validate.OneOf(rules.KINDS))
    title = fields.String(validate=name_length(rules.TITLE_LENGTH))
    starts_at = fields.AwareDateTime()
    duration_minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=rules.MAX_DURATION))
    place = fields.String(allow_none=True, validate=validate.Length(max=300))
    online_url = fields.String(allow_none=True, validate=URL)
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    registration = fields.String(validate=validate.OneOf(rules.REGISTRATION_MODES))
    registration_closes_at = fields.AwareDateTime(allow_none=True)
    anonymous_attendees = fields.Integer(strict=True, validate=validate.Range(min=0, max=1_000_000),
                                         metadata={"description": "people present who were never named"})


class EventSchema(Schema):
    id = fields.Integer()
    program_id = fields.Integer(allow_none=True)
    cohort_id = fields.Integer(allow_none=True)
    plan_item_id = fields.Integer(allow_none=True)
    kind = fields.String()
    title = fields.String()
    starts_at = fields.DateTime()
    duration_minutes = fields.Integer()
    place = fields.String(allow_none=True)
    online_url = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    seats_taken = fields.Integer()
    registration = fields.String()
    registration_closes_at = fields.DateTime(allow_none=True)
    closes_at = fields.DateTime(metadata={"description": "when registration closes"})
    anonymous_attendees = fields.Integer()
    registration_url = fields.String(metadata={"description": "the public registration page"})
    version = fields.Integer()


class EventArgs(PageArgs):
    program_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**63 - 1))


class RegistrationWriteSchema(Schema):
    full_name = fields.String(required=True, validate=name_length(300, min_=2))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    settlement = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    consent = fields.Boolean(required=True, metadata={"description": "consent to the processing of personal data (152-FZ): must be true"})


class TicketSchema(Schema):
    """What the registrant sees: their ticket (a secret, the key to cancel), their seat or place in the line."""
    status = fields.String(metadata={"description": "registered, waitlisted, cancelled or walk_in"})
    position = fields.Integer(allow_none=True, metadata={"description": "place in the waiting list (1 is next)"})
    ticket = fields.String()
    ticket_url = fields.String()
    event_id = fields.Integer()


class RegistrationSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    full_name = fields.String()
    organisation = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    status = fields.String()
    position = fields.Integer(allow_none=True)
    checked_in_at = fields.DateTime(allow_none=True)
    queued_at = fields.DateTime()


class RegistrationArgs(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(rules.STATUSES))


class CheckInSchema(Schema):
    """A ticket (scanned), a registration picked from the list, or a walk-in's name with a phone or e-mail."""
    ticket = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    registration_id = Id(load_default=None)
    full_name = fields.String(load_default=None, validate=name_length(300, min_=2))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    organisation = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class CheckedInSchema(Schema):
    registration_id = fields.Integer(attribute="id")
    person_id = fields.Integer()
    status = fields.String()
    checked_in_at = fields.DateTime()
    walk_in = fields.Boolean()


class DoorLinkSchema(Schema):
    url = fields.String(metadata={"description": "the door's personal link (shown once; making a new one ends the old)"})


class DoorRowSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()
    organisation = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    phone_tail = fields.String(allow_none=True)
    email_hint = fields.String(allow_none=True)
    status = fields.String()
    checked_in = fields.Boolean()
    search = fields.String()


class DoorArgs(Schema):
    q = fields.String(load_default=None, validate=validate.Length(max=200))


class DoorListSchema(Schema):
    event = fields.Nested(EventSchema)
    registrants = fields.List(fields.Nested(DoorRowSchema))


class AnonymousSchema(Schema):
    anonymous_attendees = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=1_000_000))
