"""A cohort replicated into consultations, and times relative to now, for the consultations' tests."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort, token
from tests.support.system import WorkerThread, wait_until


def world(system):
    """A cohort with two teams, members and a mentor, replicated into consultations."""
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    a = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    b = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Анавгай")
    people = []
    for i, (team, name) in enumerate([(a, "Анна"), (a, "Борис"), (b, "Вера")]):
        pid = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7914777{i:04d}"}, headers=h).json["id"]
        c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": pid}, headers=h)
        people.append(pid)
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    other = create_account(system, roles=("mentor",), name="Олег Наставник")
    c.post(f"/cohorts/api/v1/teams/{a['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    other_cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": ids["program"]["id"], "name": "Другой поток"}, headers=h).json
    stranger_team = register_team(system, h, other_cohort["id"], ids["territory"]["id"], "Чужая")
    consultations = system.runtime("consultations")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        from services.consultations.db import REPLICAS

        def replicated():
            with consultations.engine.connect() as conn:
                return (conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams)).scalar_one(),
                        conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.participants)).scalar_one(),
                        conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one())
        wait_until(lambda: replicated() == (3, 3, 1), message="the cohort replicated into consultations")
    bearer = lambda acc: {"Authorization": f"Bearer {token(system, acc['email'], acc['password'])}"}
    return {"h": h, "cohort": ids["cohort"], "a": a, "b": b, "stranger": stranger_team, "people": people,
            "mentor": bearer(mentor), "mentor_id": mentor["id"], "other": bearer(other)}


def ago(**kw):
    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(**kw)).isoformat()


def ahead(**kw):
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(**kw)).isoformat()
