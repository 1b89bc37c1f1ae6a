"""Read-only replicas of cohorts' data, as their contracts define them.

Consultations and fairs both keep these; the table shapes and the mapping
from event to row follow the contracts in ``contracts.py`` (the interface),
so they live beside them. Each service adds its own tables for what only it
needs. Rows carry the source id as ``id`` and the entity version of the last
event applied, so an older event never overwrites a newer one. Membership,
mentor and nomination events carry the team's version: each keeps it in its
own row or column.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

from shared.db import UTCDateTime, utcnow
from shared.events.contracts import DEFAULT_TIMEZONE
from shared.events.envelope import Envelope
from shared.events.replica import batched, replica_write, upsert_if_newer
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ReplicaTables:
    accounts: sa.Table
    teams: sa.Table
    people: sa.Table
    members: sa.Table
    participants: sa.Table
    mentors: sa.Table
    cohorts: sa.Table


def define_replica_tables(metadata: sa.MetaData) -> ReplicaTables:
    def versioned(name, *columns):
        return sa.Table(name, metadata, *columns, sa.Column("version", sa.Integer, nullable=False),
                        sa.Column("updated_at", UTCDateTime, nullable=False))

    accounts = versioned(
        "account_replica",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("person_id", sa.BigInteger),
        sa.Column("language", sa.String(5)),
        sa.Column("signed_out_before", UTCDateTime),
    )
    cohorts = versioned(
        "cohort_replica",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("program_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False, server_default="RUB"),
    )
    teams = versioned(
        "team_replica",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("cohort_id", sa.BigInteger, nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("district", sa.String(200)),
        sa.Column("settlement", sa.String(200)),
        sa.Column("project_title", sa.String(500)),
        sa.Column("project_summary", sa.Text),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("nominated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("nomination_version", sa.Integer, nullable=False, server_default="0"),
    )
    people = versioned(
        "person_replica",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("full_name", sa.String(300), nullable=False),
        sa.Column("settlement", sa.String(200)),
        sa.Column("organisation", sa.String(300)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(10)),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("erased", sa.Boolean, nullable=False),
        sa.Column("merged_into_id", sa.BigInteger),
    )
    members = versioned(
        "member_replica",
        sa.Column("team_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("person_id", sa.BigInteger, primary_key=True, autoincrement=False, index=True),
        sa.Column("cohort_id", sa.BigInteger, nullable=False, index=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    participants = versioned(
        "participant_replica",
        sa.Column("cohort_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("person_id", sa.BigInteger, primary_key=True, autoincrement=False, index=True),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    mentors = versioned(
        "mentor_replica",
        sa.Column("team_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("account_id", sa.BigInteger, primary_key=True, autoincrement=False, index=True),
        sa.Column("cohort_id", sa.BigInteger, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    return ReplicaTables(accounts, teams, people, members, participants, mentors, cohorts)


# (table, person column, columns unique together with it) in a service's own tables
PersonReference = tuple[sa.Table, str, tuple[str, ...]]


def move_person_references(uow: UnitOfWork, references: list[PersonReference], merged_id: int, kept_id: int) -> None:
    for table, column, unique_with in references:
        if unique_with:
            kept_rows = sa.select(*[table.c[c] for c in unique_with]).where(table.c[column] == kept_id)
            uow.session.execute(
                sa.delete(table)
                .where(table.c[column] == merged_id)
                .where(sa.tuple_(*[table.c[c] for c in unique_with]).in_(kept_rows))
            )
        uow.session.execute(sa.update(table).where(table.c[column] == merged_id).values({column: kept_id}))


def folded_into(session, people: sa.Table, person_id: int) -> int | None:
    """The record a person was merged into (following merges of merges), or None when not merged."""
    seen = {person_id}
    current = person_id
    while True:
        kept = session.execute(sa.select(people.c.merged_into_id).where(people.c.id == current)).scalar()
        if kept is None or kept in seen:
            return None if current == person_id else current
        seen.add(kept)
        current = kept


def apply_place(session, tables: ReplicaTables, table: sa.Table, key: dict, person_id: int, values: dict,
                *, active: bool, version: int) -> None:
    """Apply a membership or enrolment event, also when it comes after its person was merged into another.

    Such a late event never makes the folded person active again: it is recorded on the folded person's row,
    inactive, with its version. An added or enrolled place goes to the kept person, as cohorts moved it at
    the merge, unless the folded person's row already shows a later change of that place. A late removal
    never touches the kept person's place: at a merge cohorts removes the folded record from a team both
    were in, and the kept person stays.
    """
    kept = folded_into(session, tables.people, person_id)
    if kept is None:
        upsert_if_newer(session, table, {**key, "person_id": person_id}, {**values, "active": active}, version=version)
        return
    where = [table.c[name] == value for name, value in key.items()]
    folded = session.execute(sa.select(table.c.version).where(*where).where(table.c.person_id == person_id)).first()
    upsert_if_newer(session, table, {**key, "person_id": person_id}, {**values, "active": False}, version=version)
    if active and (folded is None or folded.version < version):
        upsert_if_newer(session, table, {**key, "person_id": kept}, {**values, "active": True}, version=version)


def replica_handlers(tables: ReplicaTables, extra_person_references: list[PersonReference] = ()) -> dict[str, Callable]:
    now = utcnow

    @batched
    def account(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        replica_write(uow, tables.accounts, {"id": d["id"]}, dict(
            email=d["email"], name=d["name"], roles=sorted(d["roles"]), active=d["active"],
            person_id=d.get("person_id"), language=d.get("language"), signed_out_before=d.get("signed_out_before"),
            updated_at=now(),
        ), version=env.entity_version)

    @batched
    def cohort(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        replica_write(uow, tables.cohorts, {"id": d["id"]}, dict(
            program_id=d["program_id"], name=d["name"], timezone=d.get("timezone") or DEFAULT_TIMEZONE,
            currency=d.get("currency") or "RUB", updated_at=now(),
        ), version=env.entity_version)

    @batched
    def team(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        replica_write(uow, tables.teams, {"id": d["id"]}, dict(
            cohort_id=d["cohort_id"], name=d["name"], kind=d["kind"], district=d.get("district"),
            settlement=d.get("settlement"), project_title=d.get("project_title"),
            project_summary=d.get("project_summary"), archived=d.get("archived", False), updated_at=now(),
        ), version=env.entity_version, insert_defaults={"nominated": False, "nomination_version": 0})

    def nomination(nominated: bool):
        @batched
        def apply(uow: UnitOfWork, env: Envelope) -> None:
            d = env.data
            replica_write(
                uow, tables.teams, {"id": d["team_id"]},
                dict(nominated=nominated, updated_at=now()),
                version=env.entity_version, version_column="nomination_version",
                # the team's own event may come later: a placeholder it will overwrite (version 0)
                insert_defaults=dict(cohort_id=d["cohort_id"], name=d.get("project_title") or "", kind="initiative_group",
                                     project_title=d.get("project_title"), archived=False, version=0),
            )
        return apply

    @batched
    def person(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        replica_write(uow, tables.people, {"id": d["id"]}, dict(
            full_name=d["full_name"], settlement=d.get("settlement"), organisation=d.get("organisation"),
            birth_year=d.get("birth_year"), sex=d.get("sex"), archived=d.get("archived", False),
            erased=d.get("erased", False), updated_at=now(),
        ), version=env.entity_version, insert_defaults={"merged_into_id": None})

    def person_merged(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        upsert_if_newer(
            uow.session, tables.people, {"id": d["merged_id"]},
            dict(merged_into_id=d["id"], archived=True, updated_at=now()),
            version=env.entity_version,
            insert_defaults=dict(full_name="", erased=False),
        )
        for places in (tables.members, tables.participants):
            # a place the folded person had left is not one the kept person takes over (nor its version)
            uow.session.execute(sa.delete(places).where(places.c.person_id == d["merged_id"]).where(places.c.active.is_(False)))
        references = [
            (tables.members, "person_id", ("team_id",)),
            (tables.participants, "person_id", ("cohort_id",)),
            # also when the account's own event comes later or not at all
            (tables.accounts, "person_id", ()),
            *extra_person_references,
        ]
        move_person_references(uow, references, d["merged_id"], d["id"])

    def membership(active: bool):
        def apply(uow: UnitOfWork, env: Envelope) -> None:
            d = env.data
            apply_place(uow.session, tables, tables.members, {"team_id": d["team_id"]}, d["person_id"],
                        dict(cohort_id=d["cohort_id"], role=d.get("role") or "member", updated_at=now()),
                        active=active, version=env.entity_version)
        return apply

    def participation(active: bool):
        def apply(uow: UnitOfWork, env: Envelope) -> None:
            d = env.data
            apply_place(uow.session, tables, tables.participants, {"cohort_id": d["cohort_id"]}, d["person_id"],
                        dict(updated_at=now()), active=active, version=env.entity_version)
        return apply

    def mentoring(active: bool):
        @batched
        def apply(uow: UnitOfWork, env: Envelope) -> None:
            d = env.data
            replica_write(uow, tables.mentors, {"team_id": d["team_id"], "account_id": d["account_id"]},
                            dict(cohort_id=d["cohort_id"], active=active, updated_at=now()), version=env.entity_version)
        return apply

    return {
        "cohorts.account.created": account,
        "cohorts.account.updated": account,
        "cohorts.cohort.created": cohort,
        "cohorts.cohort.updated": cohort,
        "cohorts.team.registered": team,
        "cohorts.team.updated": team,
        "cohorts.team.nominated": nomination(True),
        "cohorts.team.withdrawn": nomination(False),
        "cohorts.person.registered": person,
        "cohorts.person.updated": person,
        "cohorts.person.erased": person,
        "cohorts.person.merged": person_merged,
        "cohorts.member.added": membership(True),
        "cohorts.member.updated": membership(True),
        "cohorts.member.removed": membership(False),
        "cohorts.participant.enrolled": participation(True),
        "cohorts.participant.withdrawn": participation(False),
        "cohorts.mentor.assigned": mentoring(True),
        "cohorts.mentor.unassigned": mentoring(False),
    }


def cohort_known(session, tables: ReplicaTables, cohort_id: int) -> bool:
    """Whether the replica has heard of a cohort (its own event, or a team of it)."""
    c, t = tables.cohorts, tables.teams
    return bool(
        session.execute(sa.select(c.c.id).where(c.c.id == cohort_id)).first()
        or session.execute(sa.select(t.c.id).where(t.c.cohort_id == cohort_id).limit(1)).first()
    )


def account_state_from(tables: ReplicaTables):
    """The account lookup for token checks, from the replica."""
    from shared.auth import AccountState

    def lookup(session, account_id: int):
        a = tables.accounts.c
        row = session.execute(
            sa.select(a.version, a.roles, a.active, a.name, a.signed_out_before).where(a.id == account_id)
        ).first()
        if row is None:
            return None  # not replicated yet: the signed token stands
        return AccountState(version=row.version, roles=frozenset(row.roles), active=row.active, name=row.name,
                            signed_out_before=row.signed_out_before)

    return lookup
