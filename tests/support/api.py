"""Small helpers for driving the apps through their public API."""
from __future__ import annotations

import itertools

from services.cohorts.accounts import operations as accounts

_counter = itertools.count(1)


def create_account(system, *, roles=("coordinator",), email=None, password="correct horse 1", name="Тест Тестов"):
    runtime = system.runtime("cohorts")
    email = email or f"user{next(_counter)}@example.ru"
    with runtime.uow() as uow:
        account = accounts.create_account(uow, email=email, name=name, roles=list(roles), password=password, testing=True)
        uow.commit()
        return {"id": account.id, "email": email, "password": password}


def token(system, email, password) -> str:
    r = system.client("cohorts").post("/cohorts/api/v1/auth/token", json={"email": email, "password": password})
    assert r.status_code == 200, r.json
    return r.json["token"]


def coordinator_headers(system) -> dict:
    account = create_account(system)
    return {"Authorization": f"Bearer {token(system, account['email'], account['password'])}"}


def setup_cohort(system, headers) -> dict:
    c = system.client("cohorts")
    program = c.post(
        "/cohorts/api/v1/programs",
        json={"name": "Акселератор Камчатка", "starts_on": "2026-03-01", "ends_on": "2026-11-30", "timezone": "Asia/Kamchatka"},
        headers=headers,
    ).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Поток 2026"}, headers=headers).json
    territory = c.post(
        "/cohorts/api/v1/territories", json={"district": "Быстринский МР", "settlement": "с. Эссо"}, headers=headers
    ).json
    return {"program": program, "cohort": cohort, "territory": territory}


def register_team(system, headers, cohort_id, territory_id, name, **extra):
    r = system.client("cohorts").post(
        f"/cohorts/api/v1/cohorts/{cohort_id}/teams",
        json={"name": name, "kind": "initiative_group", "territory_id": territory_id, **extra},
        headers=headers,
    )
    assert r.status_code == 201, r.json
    return r.json


def enrolled(system, h, cohort_id, names):
    c = system.client("cohorts")
    ids = []
    for i, name in enumerate(names):
        pid = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7914555{i:04d}"}, headers=h).json["id"]
        assert c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", json={"person_id": pid}, headers=h).status_code == 201
        ids.append(pid)
    return ids
