"""Consultation use cases: log, amend, hold, cancel; next steps; each publishes its event."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.consultations.db import REPLICAS
from services.consultations.log import rules
from services.consultations.log.models import (
    Consultation,
    ConsultationAttendee,
    ConsultationChange,
    ConsultationTeam,
    ConsultationTopic,
    ConsultationVisitor,
    NextStep,
    Topic,
)
from shared.actor import Actor
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.events.replicas import cohort_known
from shared.uow import UnitOfWork


def _teams(uow: UnitOfWork, team_ids: list[int]) -> list:
    t = REPLICAS.teams
    rows = uow.session.execute(sa.select(t).where(t.c.id.in_(team_ids))).mappings().all() if team_ids else []
    unknown = sorted(set(team_ids) - {r["id"] for r in rows})
    if unknown:
        raise invalid("team_ids", Msg(N_("No such team: %(ids)s."), ids=", ".join(f"#{i}" for i in unknown)))
    return rows


def _cohort_of(uow: UnitOfWork, team_rows, cohort_id: int | None, *, walk_in: bool = False) -> int | None:
    """The consultation's cohort; None for the centre's own (``walk_in``: no team, no cohort, people named)."""
    cohorts = {r["cohort_id"] for r in team_rows}
    if walk_in and not cohorts and cohort_id is None:
        return None
    if len(cohorts) > 1:
        raise invalid("team_ids", N_("The teams belong to different cohorts."))
    if cohort_id is not None:
        if cohort_id not in cohorts and not cohort_known(uow.session, REPLICAS, cohort_id):
            raise invalid("cohort_id", Msg(N_("No such cohort: #%(id)s."), id=cohort_id))
        if cohorts and cohort_id not in cohorts:
            raise invalid("team_ids", N_("The teams are not of the chosen cohort."))
        return cohort_id
    if not cohorts:
        raise invalid("cohort_id", N_("Choose a team or a cohort."))
    return cohorts.pop()




def _check_attendees(uow: UnitOfWork, cohort_id: int | None, person_ids) -> None:
    person_ids = sorted(set(person_ids))
    if cohort_id is None:  # the centre's own: anyone of the register
        people = REPLICAS.people
        known = set(uow.session.execute(sa.select(people.c.id).where(people.c.id.in_(person_ids))).scalars()) if person_ids else set()
        unknown = [i for i in person_ids if i not in known]
        if unknown:
            raise invalid("attendee_ids", Msg(N_("No such person: %(ids)s."), ids=", ".join(f"#{i}" for i in unknown)))
        return
    p = REPLICAS.participants
    ok = set(uow.session.execute(
        sa.select(p.c.person_id).where(p.c.cohort_id == cohort_id, p.c.active.is_(True), p.c.person_id.in_(person_ids))
    ).scalars()) if person_ids else set()
    strangers = [i for i in person_ids if i not in ok]
    if strangers:
        raise invalid("attendee_ids", Msg(N_("Not participants of this cohort: %(ids)s."), ids=", ".join(f"#{i}" for i in strangers)))


def _topic(uow: UnitOfWork, clean: str) -> Topic:
    """Get or create a topic by its key; two mentors naming a new topic at once both get the one row."""
    key = rules.normalise_topic(clean)
    query = sa.select(Topic).where(Topic.name_key == key)
    topic = uow.session.execute(query).scalar_one_or_none()
    if topic is not None:
        return topic
    try:
        with uow.session.begin_nested():
            topic = Topic(name=clean, name_key=key, uses=0)
            uow.session.add(topic)
    except IntegrityError:  # the other one committed first: take theirs
        topic = uow.session.execute(query).scalar_one()
    return topic


def _topics(uow: UnitOfWork, names: list[str]) -> list[Topic]:
    topics: list[Topic] = []
    seen = set()
    for name in names:
        clean = rules.clean_topic(name)
        if not clean or rules.normalise_topic(clean) in seen:
            continue
        seen.add(rules.normalise_topic(clean))
        topic = _topic(uow, clean)
        if topic not in topics:
            topics.append(topic)
    return topics


def body(uow: UnitOfWork, c: Consultation) -> dict:
    return {
        "id": c.id,
        "cohort_id": c.cohort_id,
        "kind": c.kind,
        "status": c.status,
        "started_at": c.started_at,
        "duration_minutes": c.duration_minutes,
        "mentor_account_id": c.mentor_account_id,
        "team_ids": team_ids(uow, c.id),
        "attendee_ids": attendee_ids(uow, c.id),
        "anonymous_attendees": c.anonymous_attendees,
        "topics": topic_names(uow, c.id),
        "online_url": c.online_url,
    }


def team_ids(uow, cid):
    return sorted(uow.session.execute(sa.select(ConsultationTeam.team_id).where(ConsultationTeam.consultation_id == cid)).scalars())


def attendee_ids(uow, cid):
    return sorted(uow.session.execute(sa.select(ConsultationAttendee.person_id).where(ConsultationAttendee.consultation_id == cid)).scalars())


def topic_names(uow, cid):
    return sorted(uow.session.execute(
        sa.select(Topic.name).join(ConsultationTopic, ConsultationTopic.topic_id == Topic.id).where(ConsultationTopic.consultation_id == cid)
    ).scalars())


def _record(uow: UnitOfWork, c: Consultation, actor: Actor, action: str, changes: dict) -> None:
    uow.session.add(ConsultationChange(consultation_id=c.id, account_id=actor.account_id, account_name=actor.label, action=action, changes=changes))


def _set_links(uow: UnitOfWork, c: Consultation, teams: list[int], attendees: list[int], topics: list[Topic]) -> None:
    """Link what is new, unlink what is gone; a topic counts one use per consultation that has it."""
    s = uow.session
    for model, column, wanted in (
        (ConsultationTeam, ConsultationTeam.team_id, set(teams)),
        (ConsultationAttendee, ConsultationAttendee.person_id, set(attendees)),
        (ConsultationTopic, ConsultationTopic.topic_id, {t.id for t in topics}),
    ):
        have = set(s.execute(sa.select(column).where(model.consultation_id == c.id)).scalars())
        gone, added = have - wanted, wanted - have
        if gone:
            s.execute(sa.delete(model).where(model.consultation_id == c.id, column.in_(gone)))
        for value in sorted(added):
            s.add(model(consultation_id=c.id, **{column.key: value}))
        if model is ConsultationTopic:
            _count_uses(uow, added, +1)
            _count_uses(uow, gone, -1)


def _count_uses(uow: UnitOfWork, topic_ids, delta: int) -> None:
    if topic_ids:
        uses = Topic.uses + delta
        uow.session.execute(
            sa.update(Topic).where(Topic.id.in_(sorted(topic_ids))).values(uses=sa.case((uses < 0, 0), else_=uses)),
            execution_options={"synchronize_session": False},
        )


def _mentor_for(actor: Actor, requested: int | None) -> int:
    if requested is None or requested == actor.account_id:
        return actor.account_id
    if not actor.coordinator:
        raise invalid("mentor_account_id", N_("A mentor logs their own consultations."))
    return requested


def _validated(uow: UnitOfWork, data: dict, *, known: tuple[int | None, list[int]] = (None, [])) -> tuple[int, list]:
    """Field checks, then the teams, the cohort and the attendees; ``known`` (cohort, attendees) were checked before."""
    kind = data["kind"]
    teams = sorted(set(data.get("team_ids") or []))
    walk_in = not teams and data.get("cohort_id") is None and bool(
        data.get("visitors") or data.get("attendee_ids") or data.get("walk_in"))
    errors = rules.check(kind, data["duration_minutes"], data.get("anonymous_attendees") or 0, teams, walk_in=walk_in)
    problems = rules.visitor_errors(data.get("visitors") or [])
    if problems:
        errors["visitors"] = problems
    if errors:
        raise UseCaseError(422, None, errors)
    team_rows = _teams(uow, teams)
    cohort_id = _cohort_of(uow, team_rows, data.get("cohort_id"), walk_in=walk_in)
    attendees = set(data.get("attendee_ids") or [])
    _check_attendees(uow, cohort_id, attendees - set(known[1]) if cohort_id == known[0] else attendees)
    return cohort_id, teams


def _new_steps(uow: UnitOfWork, c: Consultation, steps) -> list[NextStep]:
    """Steps to add: an exact twin (text, owner, due date) of an open step of this consultation is one step."""
    key = lambda text, owner, due: ((text or "").strip(), (owner or "").strip(), due)
    seen = {key(s.text, s.owner, s.due_on) for s in uow.session.execute(
        sa.select(NextStep).where(NextStep.consultation_id == c.id, NextStep.status == "open")).scalars()}
    added = []
    for step in steps or []:
        k = key(step["text"], step.get("owner"), step.get("due_on"))
        if not k[0] or k in seen:
            continue
        seen.add(k)
        added.append(NextStep(consultation_id=c.id, text=k[0], owner=k[1] or None, due_on=k[2], status="open"))
    uow.session.add_all(added)
    return added


def log_consultation(uow: UnitOfWork, actor: Actor, data: dict, *, now: dt.datetime | None = None) -> Consultation:
    now = now or utcnow()
    cohort_id, teams = _validated(uow, data)
    status = rules.status_for(data["started_at"], now, requested=data.get("status"))
    if data.get("status") == "held" and status == "planned":
        raise invalid("started_at", N_("A held consultation cannot start in the future."))
    c = Consultation(
        cohort_id=cohort_id,
        kind=data["kind"],
        status=status,
        started_at=data["started_at"],
        duration_minutes=data["duration_minutes"],
        mentor_account_id=_mentor_for(actor, data.get("mentor_account_id")),
        anonymous_attendees=data.get("anonymous_attendees") or 0,
        notes=rules.normalised("notes", data.get("notes")),
        online_url=rules.online_url(data.get("online_url")),
        version=1,
    )
    uow.session.add(c)
    uow.flush()
    _set_links(uow, c, teams, data.get("attendee_ids") or [], _topics(uow, data.get("topics") or []))
    _new_steps(uow, c, data.get("next_steps"))
    _record(uow, c, actor, "logged", {"status": status})
    uow.flush()
    uow.publish("consultations.consultation.logged", body(uow, c), entity_version=c.version)
    _meet_visitors(uow, c, data.get("visitors") or [])
    return c


def _meet_visitors(uow: UnitOfWork, c: Consultation, visitors: list[dict]) -> None:
    """Visitors typed at the desk: kept as typed and announced to cohorts, which answers with one person each."""
    for typed in visitors:
        visitor = ConsultationVisitor(consultation_id=c.id, full_name=typed["full_name"].strip(),
                                      phone=(typed.get("phone") or "").strip() or None, email=(typed.get("email") or "").strip() or None,
                                      organisation=(typed.get("organisation") or "").strip() or None)
        uow.session.add(visitor)
        uow.flush()
        uow.publish("consultations.visitor.met", {
            "consultation_id": c.id, "visitor_id": visitor.id, "full_name": visitor.full_name, "phone": visitor.phone,
            "email": visitor.email, "organisation": visitor.organisation}, entity_version=1)


def visitor_matched(uow: UnitOfWork, consultation_id: int, visitor_id: int, person_id: int) -> None:
    """Cohorts' answer: the visitor is this person of the register. They join the attendees (the consultation is
    announced again, so the figures count them), and the contact typed at the desk is dropped: the register has it.
    A second delivery of the answer changes nothing."""
    visitor = uow.session.get(ConsultationVisitor, visitor_id, with_for_update=True)
    if visitor is None or visitor.consultation_id != consultation_id or visitor.person_id == person_id:
        return
    visitor.person_id = person_id
    visitor.full_name, visitor.phone, visitor.email, visitor.organisation = "", None, None, None
    c = get(uow, consultation_id, for_update=True)
    have = set(attendee_ids(uow, c.id))
    if person_id not in have:
        uow.session.add(ConsultationAttendee(consultation_id=c.id, person_id=person_id))
        c.version += 1
        uow.flush()
        uow.publish("consultations.consultation.amended", body(uow, c), entity_version=c.version)


def visitors(uow: UnitOfWork, cid: int) -> list[dict]:
    """The visitors of a consultation: those still waiting for cohorts' answer show as typed; the matched ones by
    their person of the register."""
    people = REPLICAS.people
    rows = uow.session.execute(sa.select(ConsultationVisitor, people.c.full_name)
                               .outerjoin(people, people.c.id == ConsultationVisitor.person_id)
                               .where(ConsultationVisitor.consultation_id == cid).order_by(ConsultationVisitor.id)).all()
    return [{"id": v.id, "full_name": name or v.full_name, "person_id": v.person_id, "matched": v.person_id is not None}
            for v, name in rows]


def get(uow: UnitOfWork, cid: int, *, for_update: bool = False) -> Consultation:
    c = uow.session.get(Consultation, cid, with_for_update=for_update or None)
    if c is None:
        raise not_found(N_("No such consultation."))
    return c


def check_editable(c: Consultation, actor: Actor) -> None:
    if not actor.coordinator and c.mentor_account_id != actor.account_id:
        raise UseCaseError(403, N_("Mentors edit only their own consultations."))
    if c.status == "cancelled":
        raise conflict(N_("The consultation is cancelled."))


FIELDS = ("kind", "status", "started_at", "duration_minutes", "cohort_id", "team_ids", "attendee_ids",
          "anonymous_attendees", "topics", "notes", "mentor_account_id", "online_url")


def amend(uow: UnitOfWork, actor: Actor, cid: int, changes: dict, *, now: dt.datetime | None = None) -> Consultation:
    """Change a consultation. A change that changes nothing writes nothing (no history, version or event);
    a held one stays held; new next steps that repeat an open one are not added twice."""
    now = now or utcnow()
    c = get(uow, cid, for_update=True)
    check_editable(c, actor)
    current = {
        "kind": c.kind, "status": c.status, "started_at": c.started_at, "duration_minutes": c.duration_minutes,
        "cohort_id": c.cohort_id, "team_ids": team_ids(uow, c.id), "attendee_ids": attendee_ids(uow, c.id),
        "anonymous_attendees": c.anonymous_attendees, "topics": topic_names(uow, c.id), "notes": c.notes,
        "mentor_account_id": c.mentor_account_id, "online_url": c.online_url,
    }
    if changes.get("status") == "planned" and c.status == "held":
        raise invalid("status", N_("A held consultation cannot go back to planned."))
    merged = {**current, **{k: v for k, v in changes.items() if k in FIELDS}}
    if "cohort_id" not in changes and "team_ids" in changes and changes["team_ids"]:
        merged["cohort_id"] = None  # the teams say which cohort
    # the centre's own stays its own while no team or cohort is given (its visitors may still be on their way)
    merged["walk_in"] = c.cohort_id is None
    cohort_id, teams = _validated(uow, merged, known=(c.cohort_id, current["attendee_ids"]))
    started = merged["started_at"]
    status = rules.next_status(c.status, started, now, changes.get("status"))
    if (status == "held" or changes.get("status") == "held") and started > now + rules.CLOCK_SLACK:
        raise invalid("started_at", N_("A held consultation cannot start in the future."))
    mentor = _mentor_for(actor, changes["mentor_account_id"]) if changes.get("mentor_account_id") is not None else c.mentor_account_id
    topics = _topics(uow, merged["topics"])
    new = {**merged, "status": status, "cohort_id": cohort_id, "team_ids": teams,
           "attendee_ids": sorted(set(merged["attendee_ids"])), "topics": sorted(t.name for t in topics),
           "notes": rules.normalised("notes", merged["notes"]), "mentor_account_id": mentor,
           "online_url": rules.online_url(merged["online_url"])}
    diff = {f: [_plain(current[f]), _plain(new[f])] for f in FIELDS if rules.normalised(f, current[f]) != rules.normalised(f, new[f])}
    steps = _new_steps(uow, c, changes.get("next_steps"))
    if steps:
        diff["next_steps"] = [None, [s.text for s in steps]]
    if not diff:
        return c
    if set(diff) - {"next_steps"}:
        for field in ("kind", "status", "started_at", "duration_minutes", "cohort_id", "anonymous_attendees", "notes", "mentor_account_id",
                      "online_url"):
            setattr(c, field, new[field])
        _set_links(uow, c, teams, new["attendee_ids"], topics)
        c.version += 1
    _record(uow, c, actor, "amended", diff)
    uow.flush()
    if set(diff) - {"next_steps"}:
        uow.publish("consultations.consultation.amended", body(uow, c), entity_version=c.version)
    return c


def _plain(value):
    return value.isoformat() if isinstance(value, (dt.datetime, dt.date)) else value


def cancel(uow: UnitOfWork, actor: Actor, cid: int, reason: str | None = None, *, reason_for_held: bool = False) -> Consultation:
    """Cancel a planned consultation, or one logged by mistake; the reason stays in its history. ``reason_for_held``:
    one that took place is cancelled only with a reason (the pages ask for it; the API's callers may not have one)."""
    c = get(uow, cid, for_update=True)
    check_editable(c, actor)
    reason = (reason or "").strip()[:500]
    if reason_for_held and c.status == "held" and not reason:  # its history says why it no longer counts
        raise invalid("reason", N_("Say why the consultation is cancelled."))
    c.status = "cancelled"
    c.version += 1
    # a cancelled consultation no longer counts towards its topics' use
    _count_uses(uow, set(uow.session.execute(
        sa.select(ConsultationTopic.topic_id).where(ConsultationTopic.consultation_id == c.id)).scalars()), -1)
    _record(uow, c, actor, "cancelled", {"reason": reason} if reason else {})
    uow.flush()
    uow.publish("consultations.consultation.cancelled", body(uow, c), entity_version=c.version)
    return c


def may_manage_steps(c: Consultation, actor: Actor) -> bool:
    """Who closes and reopens a consultation's next steps: its mentor or a coordinator.

    A step's ``owner`` is free text (often a team member without an account), so it grants nothing.
    """
    return actor.coordinator or c.mentor_account_id == actor.account_id


def set_step_status(uow: UnitOfWork, actor: Actor, step_id: int, status: str) -> NextStep:
    step = uow.session.get(NextStep, step_id, with_for_update=True)
    if step is None:
        raise not_found(N_("No such next step."))
    c = get(uow, step.consultation_id)
    if not may_manage_steps(c, actor):
        raise UseCaseError(403, N_("Only the consultation's mentor or a coordinator closes or reopens its next steps."))
    if c.status == "cancelled":
        raise conflict(N_("The consultation is cancelled."))
    if step.status == status:
        return step  # a second tap changes nothing
    step.status = status
    step.closed_at = utcnow() if status == "closed" else None
    step.closed_by = actor.account_id if status == "closed" else None
    _record(uow, c, actor, "step_closed" if status == "closed" else "step_opened", {"text": step.text})
    uow.flush()
    return step
