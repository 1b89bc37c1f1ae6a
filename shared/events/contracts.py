"""The contract registry: one marshmallow schema per event type.

These schemas are the interface between the services, which is why they live
in ``shared/``. A data schema only ever grows by optional fields; a breaking
change is a new type or a new ``version`` with both accepted for a while.
"""
from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields, validate

ROLES = ("coordinator", "mentor", "juror")
PARTNER_KINDS = ("business", "authority", "ngo", "person")


# the programme time zone a cohort has when its event names none
DEFAULT_TIMEZONE = "Europe/Moscow"

class _Body(Schema):
    """Base of every event body (``unknown`` is decided by the loader)."""


class AccountBody(_Body):
    id = fields.Integer(required=True, strict=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    active = fields.Boolean(required=True)
    person_id = fields.Integer(allow_none=True, load_default=None)
    language = fields.String(allow_none=True, load_default=None)
    # tokens and sessions issued before this moment are refused (a new password signs out everywhere)
    signed_out_before = fields.AwareDateTime(allow_none=True, load_default=None)


CURRENCIES = ("RUB", "KZT", "EUR", "USD")  # what a programme counts its money in


class CohortBody(_Body):
    id = fields.Integer(required=True, strict=True)
    program_id = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)
    timezone = fields.String(load_default=DEFAULT_TIMEZONE)
    currency = fields.String(load_default="RUB", validate=validate.OneOf(CURRENCIES),
                             metadata={"description": "the programme's money (pledges, awards): RUB, KZT, EUR or USD"})


class PersonBody(_Body):
    id = fields.Integer(required=True, strict=True)
    full_name = fields.String(required=True)
    settlement = fields.String(allow_none=True, load_default=None)
    organisation = fields.String(allow_none=True, load_default=None)
    organisation_id = fields.Integer(allow_none=True, load_default=None, metadata={"description": "the register's organisation"})
    position = fields.String(allow_none=True, load_default=None)
    birth_year = fields.Integer(allow_none=True, load_default=None)
    sex = fields.String(allow_none=True, load_default=None)
    archived = fields.Boolean(load_default=False)
    erased = fields.Boolean(load_default=False)


class OrganisationBody(_Body):
    id = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "ngo, initiative_group, state, municipal, business, education, media, other"})
    inn = fields.String(allow_none=True, load_default=None)
    settlement = fields.String(allow_none=True, load_default=None)


class OrganisationMergedBody(_Body):
    id = fields.Integer(required=True, strict=True, metadata={"description": "the record kept"})
    merged_id = fields.Integer(required=True, strict=True, metadata={"description": "the record folded into it"})


class PersonMergedBody(_Body):
    id = fields.Integer(required=True, strict=True, metadata={"description": "the record kept"})
    merged_id = fields.Integer(required=True, strict=True, metadata={"description": "the record folded into it"})


class TeamBody(_Body):
    id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(("initiative_group", "ngo", "working_group")))
    theme = fields.String(allow_none=True, load_default=None, metadata={"description": "a working group's theme"})
    district = fields.String(allow_none=True, load_default=None)
    settlement = fields.String(allow_none=True, load_default=None)
    project_title = fields.String(allow_none=True, load_default=None)
    project_summary = fields.String(allow_none=True, load_default=None)
    archived = fields.Boolean(load_default=False)


class MemberBody(_Body):
    team_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    person_id = fields.Integer(required=True, strict=True)
    role = fields.String(load_default="member", validate=validate.OneOf(("leader", "member")))


class NominationBody(_Body):
    team_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    project_title = fields.String(allow_none=True, load_default=None)


class ParticipantBody(_Body):
    cohort_id = fields.Integer(required=True, strict=True)
    person_id = fields.Integer(required=True, strict=True)


class MentorAssignmentBody(_Body):
    team_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    account_id = fields.Integer(required=True, strict=True)


class AttendanceBody(_Body):
    session_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True, strict=True)
    person_ids = fields.List(fields.Integer(strict=True), required=True)


class ConsultationBody(_Body):
    id = fields.Integer(required=True, strict=True)
    # none: the centre's own consultation (people who walked in; no team, no cohort)
    cohort_id = fields.Integer(required=True, strict=True, allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(("individual", "group", "webinar")))
    status = fields.String(required=True, validate=validate.OneOf(("planned", "held", "cancelled")))
    started_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(required=True, strict=True)
    mentor_account_id = fields.Integer(required=True, strict=True)
    team_ids = fields.List(fields.Integer(strict=True), required=True)
    attendee_ids = fields.List(fields.Integer(strict=True), required=True)
    anonymous_attendees = fields.Integer(required=True, strict=True)
    topics = fields.List(fields.String(), required=True)
    online_url = fields.String(allow_none=True, load_default=None, metadata={"description": "an online meeting's link"})


class VisitorMetBody(_Body):
    """Someone who walked in to a consultation, as typed at the desk: cohorts matches them to one person of the
    register by phone or e-mail (or creates them) and answers with ``cohorts.visitor.matched``. Personal data:
    only cohorts subscribes to it."""
    consultation_id = fields.Integer(required=True, strict=True)
    visitor_id = fields.Integer(required=True, strict=True)
    full_name = fields.String(required=True)
    phone = fields.String(allow_none=True, load_default=None)
    email = fields.String(allow_none=True, load_default=None)
    organisation = fields.String(allow_none=True, load_default=None)


class VisitorMatchedBody(_Body):
    consultation_id = fields.Integer(required=True, strict=True)
    visitor_id = fields.Integer(required=True, strict=True)
    person_id = fields.Integer(required=True, strict=True)
    organisation_id = fields.Integer(allow_none=True, load_default=None)


class NamedOrganisation(Schema):
    name = fields.String(required=True)
    inn = fields.String(allow_none=True, load_default=None)


class ApplicationSubmittedBody(_Body):
    """A grant application's organisation, partners and contact as the applicant typed them: cohorts matches them to
    the register by INN, phone or e-mail (or creates them) and answers with ``cohorts.applicant.matched``. Personal
    data: only cohorts subscribes to it. Sent again when the applicant changes any of them."""
    application_id = fields.Integer(required=True, strict=True)
    call_id = fields.Integer(required=True, strict=True)
    program_id = fields.Integer(required=True, strict=True)
    organisation = fields.Nested(NamedOrganisation, required=True)
    partners = fields.List(fields.Nested(NamedOrganisation), required=True)
    contact_name = fields.String(required=True)
    phone = fields.String(allow_none=True, load_default=None)
    email = fields.String(allow_none=True, load_default=None)


class ApplicantMatchedBody(_Body):
    application_id = fields.Integer(required=True, strict=True)
    person_id = fields.Integer(required=True, strict=True)
    organisation_id = fields.Integer(required=True, strict=True)
    partner_ids = fields.List(fields.Integer(strict=True), required=True)


class PitchScoredBody(_Body):
    fair_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    team_id = fields.Integer(required=True, strict=True)
    sheets_complete = fields.Integer(required=True, strict=True)
    sheets_expected = fields.Integer(required=True, strict=True)


class ResultEntry(Schema):
    team_id = fields.Integer(required=True, strict=True)
    rank = fields.Integer(required=True, strict=True)
    score = fields.Float(required=True, metadata={"description": "the total (0 when the pitch has none)"})
    leader = fields.Boolean(required=True)
    pitch_id = fields.Integer(strict=True, allow_none=True, load_default=None)
    tied = fields.Boolean(load_default=False)
    total = fields.Float(allow_none=True, load_default=None)
    jury = fields.Float(allow_none=True, load_default=None, metadata={"description": "the jury score the total used"})
    audience = fields.Float(allow_none=True, load_default=None)


class ResultsBody(_Body):
    fair_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    published_at = fields.AwareDateTime(required=True)
    ranking = fields.List(fields.Nested(ResultEntry), required=True)
    leaders = fields.List(fields.Integer(strict=True), load_default=list,
                          metadata={"description": "team ids of the leader projects: ranks 1 to 3, ties included"})
    fair_name = fields.String(allow_none=True, load_default=None)


class PledgeBody(_Body):
    id = fields.Integer(required=True, strict=True)
    fair_id = fields.Integer(required=True, strict=True)
    cohort_id = fields.Integer(required=True, strict=True)
    team_id = fields.Integer(required=True, strict=True)
    partner = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(("money", "in_kind")))
    amount = fields.Decimal(required=True, as_string=True, places=2)
    status = fields.String(required=True, validate=validate.OneOf(("pledged", "confirmed", "received", "cancelled")),
                           metadata={"description": "cancelled: the pledge was withdrawn"})
    # amount is the money pledged, or the in-kind help's estimated value (0 when none was given)
    received_amount = fields.Decimal(as_string=True, places=2, allow_none=True, load_default=None,
                                     metadata={"description": "what came, once received (may differ from amount)"})
    pitch_id = fields.Integer(strict=True, allow_none=True, load_default=None)
    partner_id = fields.Integer(strict=True, allow_none=True, load_default=None)
    anonymous = fields.Boolean(load_default=False, metadata={"description": "the partner asked not to be named in public"})
    description = fields.String(allow_none=True, load_default=None)
    pledged_at = fields.AwareDateTime(allow_none=True, load_default=None)
    # the partner's kind as it is now: a partner corrected later has its pledges announced again with the new kind;
    # events from before the field existed have none
    partner_kind = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(PARTNER_KINDS))


class GrantAwardEntry(Schema):
    application_id = fields.Integer(required=True, strict=True)
    title = fields.String(required=True)
    organisation = fields.String(required=True)
    inn = fields.String(allow_none=True, load_default=None)
    amount = fields.Decimal(required=True, as_string=True, places=2)
    partial = fields.Boolean(required=True)


class GrantAwardedBody(_Body):
    """A grants call's awards as published (once; frozen)."""

    call_id = fields.Integer(required=True, strict=True)
    program_id = fields.Integer(required=True, strict=True)
    call_name = fields.String(required=True)
    published_at = fields.AwareDateTime(required=True)
    awards = fields.List(fields.Nested(GrantAwardEntry), required=True)


@dataclass(frozen=True)
class Contract:
    routing_key: str
    version: int
    schema: type[Schema]


_CATALOGUE: dict[str, Contract] = {}


def _register(schema: type[Schema], *routing_keys: str, version: int = 1) -> None:
    for key in routing_keys:
        _CATALOGUE[key] = Contract(key, version, schema)


_register(AccountBody, "cohorts.account.created", "cohorts.account.updated")
_register(CohortBody, "cohorts.cohort.created", "cohorts.cohort.updated")
_register(PersonBody, "cohorts.person.registered", "cohorts.person.updated", "cohorts.person.erased")
_register(PersonMergedBody, "cohorts.person.merged")
_register(OrganisationBody, "cohorts.organisation.registered", "cohorts.organisation.updated")
_register(OrganisationMergedBody, "cohorts.organisation.merged")
_register(TeamBody, "cohorts.team.registered", "cohorts.team.updated")
_register(MemberBody, "cohorts.member.added", "cohorts.member.updated", "cohorts.member.removed")  # updated: a new role
_register(NominationBody, "cohorts.team.nominated", "cohorts.team.withdrawn")
_register(ParticipantBody, "cohorts.participant.enrolled", "cohorts.participant.withdrawn")
_register(MentorAssignmentBody, "cohorts.mentor.assigned", "cohorts.mentor.unassigned")
_register(AttendanceBody, "cohorts.attendance.recorded")
_register(
    ConsultationBody,
    "consultations.consultation.logged",
    "consultations.consultation.amended",
    "consultations.consultation.cancelled",
)
_register(VisitorMetBody, "consultations.visitor.met")
_register(VisitorMatchedBody, "cohorts.visitor.matched")
_register(PitchScoredBody, "fairs.pitch.scored")
_register(ResultsBody, "fairs.results.published")
_register(PledgeBody, "fairs.pledge.recorded", "fairs.pledge.updated")
_register(GrantAwardedBody, "fairs.grant.awarded")
_register(ApplicationSubmittedBody, "fairs.application.submitted")
_register(ApplicantMatchedBody, "cohorts.applicant.matched")


def get(routing_key: str) -> Contract | None:
    return _CATALOGUE.get(routing_key)


def catalogue() -> dict[str, Contract]:
    return dict(_CATALOGUE)
