"""Naming a cohort's parent and trainers, and the cascade's figures for a programme. Helpers flush, never commit."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.cascade import rules
from services.cohorts.cascade.models import CohortTrainer
from services.cohorts.membership.models import CohortParticipant
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort
from services.cohorts.school.models import Attendance, SchoolSession
from shared.errors import N_, Msg, invalid
from shared.uow import UnitOfWork

_UNSET = object()


def set_cascade(uow: UnitOfWork, cohort: Cohort, parent_cohort_id=_UNSET, trainer_ids=_UNSET) -> None:
    """The cohort's parent (a cohort of the same programme that is not below it) and its trainers (people who were
    participants of the parent); either left as it is when not given. Refused naming what is wrong."""
    if parent_cohort_id is not _UNSET:
        if parent_cohort_id is not None:
            parent = uow.session.get(Cohort, parent_cohort_id)
            if parent is None or parent.program_id != cohort.program_id:
                raise invalid("parent_cohort_id", N_("The parent is a cohort of the same programme."))
            parent_of = dict(uow.session.execute(sa.select(Cohort.id, Cohort.parent_cohort_id)
                                                 .where(Cohort.program_id == cohort.program_id)).tuples().all())
            if rules.loops(parent_of, cohort.id, parent_cohort_id):
                raise invalid("parent_cohort_id", N_("A cohort cannot be its own ancestor."))
        cohort.parent_cohort_id = parent_cohort_id
    if trainer_ids is _UNSET:
        uow.flush()
        return
    wanted = sorted(set(trainer_ids or []))
    if wanted and cohort.parent_cohort_id is None:
        raise invalid("trainer_ids", N_("Trainers come from the parent cohort: name the parent first."))
    if wanted:
        were = set(uow.session.execute(sa.select(CohortParticipant.person_id).where(
            CohortParticipant.cohort_id == cohort.parent_cohort_id, CohortParticipant.person_id.in_(wanted))).scalars())
        never = [pid for pid in wanted if pid not in were]
        if never:
            names = dict(uow.session.execute(sa.select(Person.id, Person.full_name).where(Person.id.in_(never))).tuples().all())
            raise invalid("trainer_ids", Msg(N_("Never a participant of the parent cohort: %(names)s."),
                                             names=", ".join(names.get(pid, f"#{pid}") for pid in never)))
    uow.session.execute(sa.delete(CohortTrainer).where(CohortTrainer.cohort_id == cohort.id))
    uow.session.add_all(CohortTrainer(cohort_id=cohort.id, person_id=pid) for pid in wanted)
    uow.flush()


def trainers(uow: UnitOfWork, cohort_id: int) -> list[int]:
    return list(uow.session.execute(sa.select(CohortTrainer.person_id).where(CohortTrainer.cohort_id == cohort_id)
                                    .order_by(CohortTrainer.person_id)).scalars())


def figures(session, program_id: int) -> dict | None:
    """The programme's cascade, or None when none of its cohorts names a parent.

    - ``levels``: per level, the different people taking part in its cohorts (enrolled, not withdrawn) and their
      different organisations (of the register), and the people by the region (oblast) their cohort works in ("" for
      a cohort that names none);
    - ``people_total``: everyone once, whatever levels they are at (a trainer sitting in a level-2 session is one);
    - ``trainers``: each trainer, the cohorts they lead, the people there (themselves aside) and how many of those
      came to at least half of their cohort's sessions."""
    parent_of = dict(session.execute(sa.select(Cohort.id, Cohort.parent_cohort_id).where(Cohort.program_id == program_id)).tuples().all())
    if not any(parent is not None for parent in parent_of.values()):
        return None
    level_of = rules.levels(parent_of)
    taking_part: dict[int, set[int]] = {}
    for cohort_id, person_id in session.execute(sa.select(CohortParticipant.cohort_id, CohortParticipant.person_id).where(
            CohortParticipant.cohort_id.in_(list(parent_of)), CohortParticipant.withdrawn.is_(False))):
        taking_part.setdefault(cohort_id, set()).add(person_id)
    everyone = set().union(*taking_part.values()) if taking_part else set()
    organisation_of = dict(session.execute(sa.select(Person.id, Person.organisation_id).where(Person.id.in_(everyone or {0}))).tuples().all())
    region_of = dict(session.execute(sa.select(Cohort.id, Cohort.region).where(Cohort.program_id == program_id)).tuples().all())
    levels = []
    for level in sorted(set(level_of.values())):
        people = set().union(*(taking_part.get(c, set()) for c, lvl in level_of.items() if lvl == level))
        organisations = {organisation_of[p] for p in people if organisation_of.get(p) is not None}
        by_region: dict[str, set] = {}
        for c, lvl in level_of.items():
            if lvl == level:
                by_region.setdefault(region_of.get(c) or "", set()).update(taking_part.get(c, set()))
        levels.append({"level": level, "cohorts": sorted(c for c, lvl in level_of.items() if lvl == level),
                       "people": len(people), "organisations": len(organisations),
                       "by_region": {region: len(found) for region, found in sorted(by_region.items())}})
    sessions = dict(session.execute(sa.select(SchoolSession.cohort_id, sa.func.count()).where(
        SchoolSession.cohort_id.in_(list(parent_of))).group_by(SchoolSession.cohort_id)).tuples().all())
    came: dict[tuple[int, int], int] = {}
    for cohort_id, person_id, n in session.execute(
            sa.select(SchoolSession.cohort_id, Attendance.person_id, sa.func.count())
            .join(Attendance, Attendance.session_id == SchoolSession.id)
            .where(SchoolSession.cohort_id.in_(list(parent_of))).group_by(SchoolSession.cohort_id, Attendance.person_id)):
        came[(cohort_id, person_id)] = n
    led: dict[int, list[int]] = {}
    for cohort_id, person_id in session.execute(sa.select(CohortTrainer.cohort_id, CohortTrainer.person_id)
                                                .where(CohortTrainer.cohort_id.in_(list(parent_of)))):
        led.setdefault(person_id, []).append(cohort_id)
    names = dict(session.execute(sa.select(Person.id, Person.full_name).where(Person.id.in_(list(led) or [0]))).tuples().all())
    per_trainer = []
    for person_id in sorted(led, key=lambda p: (names.get(p, ""), p)):
        reached = {(c, p) for c in led[person_id] for p in taking_part.get(c, set()) if p != person_id}
        regular = {p for c, p in reached if rules.attended_half(came.get((c, p), 0), sessions.get(c, 0))}
        per_trainer.append({"person_id": person_id, "name": names.get(person_id, ""), "cohorts": sorted(led[person_id]),
                            "reached": len({p for _c, p in reached}), "attended_half": len(regular)})
    return {"levels": levels, "people_total": len(everyone), "trainers": per_trainer}


def people(session, program_id: int, *, level: int | None = None, trainer_id: int | None = None) -> list[dict]:
    """The records behind a cascade figure: the people taking part at a level, or in the cohorts a trainer leads
    (themselves aside); each once, by name (an erased person counted, never named)."""
    parent_of = dict(session.execute(sa.select(Cohort.id, Cohort.parent_cohort_id).where(Cohort.program_id == program_id)).tuples().all())
    level_of = rules.levels(parent_of)
    if trainer_id is not None:
        cohorts = set(session.execute(sa.select(CohortTrainer.cohort_id).where(
            CohortTrainer.person_id == trainer_id, CohortTrainer.cohort_id.in_(list(parent_of) or [0]))).scalars())
    else:
        cohorts = {c for c, lvl in level_of.items() if lvl == level}
    ids = set(session.execute(sa.select(CohortParticipant.person_id).where(
        CohortParticipant.cohort_id.in_(cohorts or {0}), CohortParticipant.withdrawn.is_(False))).scalars())
    ids.discard(trainer_id)
    rows = session.execute(sa.select(Person.id, Person.full_name, Person.erased_at, Person.organisation)
                           .where(Person.id.in_(ids or {0})).order_by(Person.name_key, Person.id)).all()
    return [{"id": pid, "full_name": None if erased else name, "erased": erased is not None,
             "organisation": None if erased else organisation} for pid, name, erased, organisation in rows]


def tree(session, program_id: int) -> list[dict]:
    """The cascade's cohorts as a tree: each with its level, parent, people and trainers' names, parents first."""
    cohorts = session.execute(sa.select(Cohort.id, Cohort.name, Cohort.parent_cohort_id, Cohort.region)
                              .where(Cohort.program_id == program_id).order_by(Cohort.id)).all()
    parent_of = {c.id: c.parent_cohort_id for c in cohorts}
    level_of = rules.levels(parent_of)
    counts = dict(session.execute(sa.select(CohortParticipant.cohort_id, sa.func.count()).where(
        CohortParticipant.cohort_id.in_(list(parent_of) or [0]), CohortParticipant.withdrawn.is_(False))
        .group_by(CohortParticipant.cohort_id)).tuples().all())
    trainers: dict[int, list[str]] = {}
    for cohort_id, name in session.execute(sa.select(CohortTrainer.cohort_id, Person.full_name).join(
            Person, Person.id == CohortTrainer.person_id).where(CohortTrainer.cohort_id.in_(list(parent_of) or [0]))
            .order_by(Person.name_key)):
        trainers.setdefault(cohort_id, []).append(name)
    return sorted(({"id": c.id, "name": c.name, "region": c.region, "parent": c.parent_cohort_id if c.parent_cohort_id in parent_of else None,
                    "level": level_of[c.id], "people": counts.get(c.id, 0), "trainers": trainers.get(c.id, [])} for c in cohorts),
                  key=lambda node: (node["level"], node["id"]))
