from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.programs.models import Cohort, Program, Territory
from services.cohorts.validation import require_text
from shared.errors import N_, conflict, invalid, not_found
from shared.text import normalise
from shared.hooks import Hook
from shared.uow import UnitOfWork

# (uow, territory): what follows a territory's spelling corrected (teams register: they are announced again)
territory_corrected = Hook("a territory's spelling corrected")
# (uow, cohort, parent_cohort_id=…, trainer_ids=…): a cohort made or changed with its place in a cascade (only the
# keys given are passed)
cohort_cascade = Hook("a cohort's parent and trainers named")
CASCADE_FIELDS = ("parent_cohort_id", "trainer_ids")
# (uow, cohort_id) -> the cohort's trainers' ids
cohort_trainers = Hook("a cohort's trainers")


def with_trainers(uow: UnitOfWork, cohort: Cohort) -> Cohort:
    """The cohort, its ``trainer_ids`` attached for its answer."""
    cohort.trainer_ids = [pid for found in cohort_trainers(uow, cohort.id) for pid in found]
    return cohort


def _targets(targets: dict) -> dict:
    return {k: float(v) if v != int(v) else int(v) for k, v in targets.items() if v is not None}


def create_program(uow: UnitOfWork, data: dict) -> Program:
    data = dict(data)
    targets = _targets(data.pop("targets", {}))
    data["name"] = require_text("name", data.get("name"))
    data["currency"] = data.get("currency") or "RUB"
    data["grant_currency"] = data.get("grant_currency") or data["currency"]  # funded in what it spends, unless said
    program = Program(**data, targets=targets)
    uow.session.add(program)
    uow.flush()
    return program


def update_program(uow: UnitOfWork, program_id: int, changes: dict) -> Program:
    """Change a programme; its cohorts are announced again when their time zone (or anything they carry) changes."""
    program = uow.session.get(Program, program_id, with_for_update=True)
    if program is None:
        raise not_found(N_("No such programme."))
    changes = dict(changes)
    if "name" in changes:
        changes["name"] = require_text("name", changes["name"])
    if "targets" in changes:
        changes["targets"] = _targets(changes["targets"] or {})
    starts, ends = changes.get("starts_on", program.starts_on), changes.get("ends_on", program.ends_on)
    if ends < starts:
        raise invalid("ends_on", N_("The end is before the start."))
    # what the cohorts' events carry: the time zone and the money's currency
    zone_changed = any(key in changes and changes[key] != getattr(program, key) for key in ("timezone", "currency"))
    for key, value in changes.items():
        setattr(program, key, value)
    uow.flush()
    if zone_changed:
        for cohort in uow.session.execute(sa.select(Cohort).where(Cohort.program_id == program.id).with_for_update()).scalars():
            cohort.version += 1
            uow.flush()
            uow.publish("cohorts.cohort.updated", cohort_body(cohort, program), entity_version=cohort.version)
    return program


def get_program(uow: UnitOfWork, program_id: int) -> Program:
    program = uow.session.get(Program, program_id)
    if program is None:
        raise not_found(N_("No such programme."))
    return program


def cohort_body(cohort: Cohort, program: Program) -> dict:
    return {"id": cohort.id, "program_id": cohort.program_id, "name": cohort.name, "timezone": program.timezone,
            "currency": program.currency}


def create_cohort(uow: UnitOfWork, *, program_id: int, name: str, region: str | None = None, **cascade) -> Cohort:
    """A cohort of a programme; ``region``: where it works (an oblast); ``parent_cohort_id`` and ``trainer_ids``: its
    place in a cascade of trainers."""
    program = uow.session.get(Program, program_id)
    if program is None:
        raise invalid("program_id", N_("No such programme."))
    cohort = Cohort(program_id=program_id, name=require_text("name", name), region=(region or "").strip() or None, version=1)
    uow.session.add(cohort)
    uow.flush()
    given = {k: v for k, v in cascade.items() if k in CASCADE_FIELDS}
    if given:
        cohort_cascade(uow, cohort, **given)
    uow.publish("cohorts.cohort.created", cohort_body(cohort, program), entity_version=cohort.version)
    return cohort


def get_cohort(uow: UnitOfWork, cohort_id: int) -> Cohort:
    cohort = uow.session.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found(N_("No such cohort."))
    return cohort


def update_cohort(uow: UnitOfWork, cohort_id: int, changes: dict) -> Cohort:
    cohort = uow.session.get(Cohort, cohort_id, with_for_update=True)
    if cohort is None:
        raise not_found(N_("No such cohort."))
    given = {k: v for k, v in changes.items() if k in CASCADE_FIELDS}
    if given:
        cohort_cascade(uow, cohort, **given)
    if "region" in changes:
        cohort.region = (changes["region"] or "").strip() or None
        uow.flush()
    if "name" in changes:
        name = require_text("name", changes["name"])
        if name == cohort.name:
            return cohort
        cohort.name = name
    else:
        return cohort
    cohort.version += 1
    uow.flush()
    uow.publish("cohorts.cohort.updated", cohort_body(cohort, uow.session.get(Program, cohort.program_id)), entity_version=cohort.version)
    return cohort


def _territory_free(uow: UnitOfWork, keys: dict, except_id: int | None = None) -> None:
    query = sa.select(Territory).filter_by(**keys)
    if except_id is not None:
        query = query.where(Territory.id != except_id)
    existing = uow.session.execute(query).scalars().first()
    if existing is not None:
        raise conflict(N_("This territory already exists."), {"settlement": [N_("This territory already exists.")]}, id=existing.id)


def create_territory(uow: UnitOfWork, *, district: str, settlement: str) -> Territory:
    district, settlement = require_text("district", district), require_text("settlement", settlement)
    keys = dict(district_key=normalise(district), settlement_key=normalise(settlement))
    _territory_free(uow, keys)
    territory = Territory(district=district, settlement=settlement, **keys)
    uow.session.add(territory)
    uow.flush()
    return territory


def update_territory(uow: UnitOfWork, territory_id: int, changes: dict) -> Territory:
    """Correct a territory's spelling; the teams there are announced again (their events carry it)."""
    territory = uow.session.get(Territory, territory_id, with_for_update=True)
    if territory is None:
        raise not_found(N_("No such territory."))
    district = require_text("district", changes.get("district", territory.district))
    settlement = require_text("settlement", changes.get("settlement", territory.settlement))
    if (district, settlement) == (territory.district, territory.settlement):
        return territory
    keys = dict(district_key=normalise(district), settlement_key=normalise(settlement))
    _territory_free(uow, keys, except_id=territory.id)
    territory.district, territory.settlement = district, settlement
    territory.district_key, territory.settlement_key = keys["district_key"], keys["settlement_key"]
    uow.flush()
    territory_corrected(uow, territory)  # the teams there are announced again
    return territory


def demo_offered(uow: UnitOfWork, embedded: bool) -> bool:
    """Whether the demonstration programme may be loaded: on an empty embedded system only (a demo beside real data
    would mix into its figures)."""
    return embedded and uow.session.execute(sa.select(Program.id).limit(1)).first() is None
