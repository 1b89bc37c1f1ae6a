"""A grants call's use cases so far: the call and its state, its criteria, applications sent with no account and
changed by their private link until the call closes.

Each takes a unit of work, flushes when it needs ids and never commits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from decimal import Decimal

import sqlalchemy as sa
from stdnum.ru import inn as russian_inn

from services.fairs.db import REPLICAS
from services.fairs.grants import rules
from services.fairs.grants.models import GrantApplication, GrantCall, GrantCriterion
from services.fairs.judging.rules import check_criterion
from services.fairs.zones import zone_of_programme
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import InvalidPhone, phone_e164
from shared.uow import UnitOfWork

MONEY = Decimal("0.01")


def money(value) -> Decimal:
    """Kopecks at most; an amount too large for the columns stays as it came, for the rules to refuse by name."""
    value = Decimal(str(value))
    return value if abs(value) >= rules.MAX_MONEY else value.quantize(MONEY)


# --- the call ------------------------------------------------------------------------------------------------------


def create_call(uow: UnitOfWork, data: dict) -> GrantCall:
    if zone_of_programme(uow, data["program_id"]) is None:
        raise invalid("program_id", Msg(N_("No such programme: #%(id)s."), id=data["program_id"]))
    name = " ".join((data.get("name") or "").split())
    amounts = {k: money(data[k]) for k in ("budget", "min_award", "max_award")}
    errors = rules.check_limits(amounts["budget"], amounts["min_award"], amounts["max_award"], data["reviews_per_application"])
    if not name:
        errors["name"] = [N_("Missing data for required field.")]
    if data["closes_at"] <= data["opens_at"]:
        errors["closes_at"] = [N_("The call closes after it opens.")]
    if errors:
        raise UseCaseError(422, None, errors)
    call = GrantCall(program_id=data["program_id"], name=name, eligibility=(data.get("eligibility") or "").strip() or None,
                     opens_at=data["opens_at"], closes_at=data["closes_at"], reviews_per_application=data["reviews_per_application"],
                     state=rules.DRAFT, version=1, **amounts)
    uow.session.add(call)
    uow.flush()
    return call


def get_call(uow: UnitOfWork, call_id: int, *, lock: bool = False) -> GrantCall:
    query = sa.select(GrantCall).where(GrantCall.id == call_id)
    call = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if call is None:
        raise not_found(N_("No such call."))
    return call


def calls(uow: UnitOfWork) -> sa.Select:
    return sa.select(GrantCall).order_by(GrantCall.opens_at.desc(), GrantCall.id.desc())


def change_state(uow: UnitOfWork, call_id: int, target: str) -> GrantCall:
    """A coordinator moves the call one step; opening asks for criteria first."""
    call = get_call(uow, call_id, lock=True)
    errors = rules.check_transition(call.state, target)
    if errors:
        raise conflict(errors["state"][0], errors)
    if call.state == rules.DRAFT and target == rules.OPEN and not criteria(uow, call.id):
        message = N_("Add the criteria before the call opens: experts score on them.")
        raise conflict(message, {"state": [message]})
    if target != call.state:
        call.state = target
        call.version += 1
        uow.flush()
    return call


# --- criteria ------------------------------------------------------------------------------------------------------


def criteria(uow: UnitOfWork, call_id: int) -> list[GrantCriterion]:
    return list(uow.session.execute(
        sa.select(GrantCriterion).where(GrantCriterion.call_id == call_id).order_by(GrantCriterion.position, GrantCriterion.id)
    ).scalars())


def add_criterion(uow: UnitOfWork, call_id: int, data: dict) -> GrantCriterion:
    """Criteria change while the call is a draft: an application is read against the criteria it was sent under."""
    call = get_call(uow, call_id, lock=True)
    if call.state != rules.DRAFT:
        message = N_("The call is open: its criteria are fixed.")
        raise conflict(message, {"name": [message]})
    name = " ".join((data.get("name") or "").split())
    weight = Decimal(str(data["weight"])).quantize(Decimal("0.001"))
    errors = check_criterion(weight, data["max_score"])
    if not name:
        errors["name"] = [N_("Missing data for required field.")]
    elif any(c.name.lower() == name.lower() for c in criteria(uow, call_id)):
        errors["name"] = [N_("This name is taken.")]
    if errors:
        raise UseCaseError(422, None, errors)
    criterion = GrantCriterion(call_id=call_id, name=name, weight=weight, max_score=data["max_score"],
                               not_applicable=bool(data.get("not_applicable")), position=len(criteria(uow, call_id)) + 1)
    uow.session.add(criterion)
    uow.flush()
    return criterion


# --- applications --------------------------------------------------------------------------------------------------


def _link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse_unless_accepting(uow: UnitOfWork, call: GrantCall, now: dt.datetime) -> None:
    why = rules.accepting(call.state, call.closes_at, now)
    if why is None:
        return
    zone = zoneinfo.ZoneInfo(zone_of_programme(uow, call.program_id) or "UTC")
    message = Msg(why, closes_at=call.closes_at.astimezone(zone).strftime("%d.%m.%Y %H:%M"))
    raise conflict(message, {"call": [message]})


def _inn(raw: str | None, field: str, errors: dict) -> str | None:
    value = "".join((raw or "").split())
    if not value:
        return None
    if not russian_inn.is_valid(value):
        errors[field] = [N_("Not a valid INN: check its digits.")]
        return None
    return value


def _team(uow: UnitOfWork, call: GrantCall, team_id: int | None, errors: dict) -> int | None:
    """A team of one of the programme's cohorts may apply as itself (as fairs knows the teams, from cohorts)."""
    if team_id is None:
        return None
    t, c = REPLICAS.teams, REPLICAS.cohorts
    found = uow.session.execute(sa.select(t.c.id).join(c, c.c.id == t.c.cohort_id).where(
        t.c.id == team_id, c.c.program_id == call.program_id, t.c.archived.is_(False))).first()
    if found is None:
        errors["team_id"] = [N_("No such team in this programme.")]
        return None
    return team_id


def _clean(uow: UnitOfWork, call: GrantCall, data: dict) -> tuple[dict, dict]:
    """The application's fields as they are kept, and what is wrong with them (every field at once)."""
    errors: dict[str, list] = {}
    values = {key: " ".join((data.get(key) or "").split()) for key in ("title", "organisation", "contact_name")}
    values["summary"] = (data.get("summary") or "").strip()
    for key in ("title", "organisation", "contact_name", "summary"):
        if not values[key]:
            errors[key] = [N_("Missing data for required field.")]
    values["inn"] = _inn(data.get("inn"), "inn", errors)
    partners = []
    for n, partner in enumerate(data.get("partners") or []):
        name = " ".join((partner.get("name") or "").split())
        if name:
            partners.append({"name": name, "inn": _inn(partner.get("inn"), f"partners.{n}.inn", errors)})
    if not partners:
        errors["partners"] = [N_("A collaborative project names at least one partner organisation.")]
    values["partners"] = partners
    try:
        values["phone"] = phone_e164(data.get("phone"))
    except InvalidPhone:
        errors["phone"] = [N_("Not a valid phone number.")]
    values["email"] = (data.get("email") or "").strip().lower() or None
    if not values.get("phone") and not values["email"] and "phone" not in errors:
        errors["phone"] = [N_("Give a phone or an e-mail.")]
    lines = [((line.get("item") or "").strip(), money(line["amount"])) for line in data.get("budget_lines") or []]
    values["requested_amount"] = money(data["requested_amount"])
    values["budget_lines"] = [{"item": item, "amount": str(amount)} for item, amount in lines]
    errors.update(rules.check_budget(lines, values["requested_amount"], call.min_award, call.max_award))
    values["team_id"] = _team(uow, call, data.get("team_id"), errors)
    return values, errors


_REGISTER_FIELDS = ("organisation", "inn", "partners", "contact_name", "phone", "email")


def _announce(uow: UnitOfWork, call: GrantCall, application: GrantApplication) -> None:
    """Cohorts keeps the one register of people and organisations: it matches the applicant there (or adds them)."""
    uow.publish("fairs.application.submitted", {
        "application_id": application.id, "call_id": call.id, "program_id": call.program_id,
        "organisation": {"name": application.organisation, "inn": application.inn},
        "partners": [{"name": p["name"], "inn": p.get("inn")} for p in application.partners],
        "contact_name": application.contact_name, "phone": application.phone, "email": application.email,
    }, entity_version=application.version)


def applicant_matched(uow: UnitOfWork, application_id: int, person_id: int, organisation_id: int, partner_ids: list[int],
                      *, version: int) -> None:
    """Cohorts' answer: the register's records of the applicant; an answer about an older version never overwrites
    a newer one."""
    application = uow.session.get(GrantApplication, application_id, with_for_update=True)
    if application is None or (application.matched_version or 0) > version:
        return
    application.person_id, application.organisation_id = person_id, organisation_id
    application.partner_organisation_ids, application.matched_version = list(partner_ids), version
    uow.flush()


def _refuse_flood(uow: UnitOfWork, address: str | None, now: dt.datetime) -> None:
    """Applications from one address in the window: a resource centre helping its NGOs apply passes, a script not."""
    if address is None:
        return
    recent = uow.session.execute(sa.select(sa.func.count()).select_from(GrantApplication).where(
        GrantApplication.sent_from == address, GrantApplication.created_at > now - rules.FLOOD_WINDOW)).scalar_one()
    if recent >= rules.FLOOD_LIMIT:
        message = N_("Too many applications from this network: wait an hour and try again.")
        raise UseCaseError(429, message, {"title": [message]}, retry_after=int(rules.FLOOD_WINDOW.total_seconds()))


def submit(uow: UnitOfWork, call_id: int, data: dict, *, now: dt.datetime,
           address: str | None = None) -> tuple[GrantApplication, str]:
    """An application sent with no account; answers it and its private link's token (shown once, kept as a hash).
    ``address``: where it came from, for the flood limit."""
    call = get_call(uow, call_id)
    _refuse_unless_accepting(uow, call, now)
    address = address[:64] if address else None
    _refuse_flood(uow, address, now)
    values, errors = _clean(uow, call, data)
    if errors:
        raise UseCaseError(422, None, errors)
    token = secrets.token_urlsafe(24)
    application = GrantApplication(call_id=call.id, link_hash=_link_hash(token), version=1, created_at=now, updated_at=now,
                                   sent_from=address, **values)
    uow.session.add(application)
    uow.flush()
    _announce(uow, call, application)
    return application, token


def by_link(uow: UnitOfWork, token: str, *, lock: bool = False) -> GrantApplication:
    query = sa.select(GrantApplication).where(GrantApplication.link_hash == _link_hash(token or ""))
    application = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if application is None:
        raise not_found(N_("No such application."))
    return application


def amend(uow: UnitOfWork, token: str, data: dict, *, now: dt.datetime) -> GrantApplication:
    """The applicant changes the application until the call closes; after that every change is refused, naming when
    it closed. ``data`` is the whole application again (the form shows it all)."""
    application = by_link(uow, token, lock=True)
    call = get_call(uow, application.call_id)
    _refuse_unless_accepting(uow, call, now)
    values, errors = _clean(uow, call, data)
    if errors:
        raise UseCaseError(422, None, errors)
    changed = set()
    for key, value in values.items():
        if getattr(application, key) != value:
            setattr(application, key, value)
            changed.add(key)
    if changed:
        application.version += 1
        application.updated_at = now
        uow.flush()
        if any(key in changed for key in _REGISTER_FIELDS):
            _announce(uow, call, application)
    return application


def applications(call_id: int) -> sa.Select:
    return sa.select(GrantApplication).where(GrantApplication.call_id == call_id).order_by(GrantApplication.id)
