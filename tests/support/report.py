"""A programme built by hand for the report's tests (a fixture, world): its cohort, people, school, consultations, fair
and pledges; and the facts the other services' events give cohorts, applied straight."""
from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest
import time_machine

from services.cohorts.handlers import HANDLERS
from shared.events import envelope
from tests.support.api import coordinator_headers, create_account, register_team

API = "/cohorts/api/v1"


UTC = dt.timezone.utc


def apply_event(system, routing_key, data, version=1):
    env = envelope.parse(envelope.build(routing_key, data, producer=routing_key.split(".")[0], entity_version=version,
                                        correlation_id=None).to_json())
    runtime = system.runtime("cohorts")
    with runtime.uow() as uow:
        HANDLERS[routing_key](uow, env)
        uow.commit()


def log_consultation(system, cid, cohort_id, started_at, minutes, attendees, *, kind="individual", status="held", teams=(),
                  anonymous=0, version=1, verb="logged", mentor=7):
    apply_event(system, f"consultations.consultation.{verb}", {
        "id": cid, "cohort_id": cohort_id, "kind": kind, "status": status, "started_at": started_at, "duration_minutes": minutes,
        "mentor_account_id": mentor, "team_ids": list(teams), "attendee_ids": list(attendees), "anonymous_attendees": anonymous,
        "topics": []}, version)


def pledge(system, pid, cohort_id, team_id, kind, amount, status, *, received=None, version=1, partner="ИП Иванова",
            partner_kind="business"):
    body = {"id": pid, "fair_id": 900 + cohort_id, "cohort_id": cohort_id, "team_id": team_id, "partner": partner, "kind": kind,
            "amount": Decimal(amount), "received_amount": None if received is None else Decimal(received), "status": status,
            "anonymous": False, "description": None, "pledged_at": dt.datetime(2026, 10, 3, 2, 0, tzinfo=UTC)}
    if partner_kind is not None:  # None: an event from before fairs announced the partner's kind
        body["partner_kind"] = partner_kind
    apply_event(system, "fairs.pledge.updated" if version > 1 else "fairs.pledge.recorded", body, version)


def publish_results(system, cohort_id, ranking, *, fair_id=None, published_at=dt.datetime(2026, 10, 3, 8, 0, tzinfo=UTC)):
    apply_event(system, "fairs.results.published", {
        "fair_id": fair_id or 900 + cohort_id, "cohort_id": cohort_id, "published_at": published_at,
        "ranking": [{"team_id": t, "rank": r, "score": 90.0 - r, "leader": leader} for t, r, leader in ranking]})


@pytest.fixture
def world(system):
    # enrolments, memberships and teams are dated 1 May 2026 (the clock runs on from there, so they keep their order)
    with time_machine.travel(dt.datetime(2026, 5, 1, 0, 0, tzinfo=UTC), tick=True):
        h = coordinator_headers(system)
        c = system.client("cohorts")
        post = lambda path, body: c.post(f"{API}{path}", json=body, headers=h)
        program = post("/programs", {
            "name": "Росток Камчатка", "funder": "Фонд президентских грантов", "starts_on": "2026-03-01", "ends_on": "2026-11-30",
            "timezone": "Asia/Kamchatka", "grant_amount": "1500000", "cofinancing_amount": "300000",
            "targets": {"participants": 8, "teams": 4, "consultations": 10, "consultation_hours": 10, "leaders": 3, "funds_raised": 28000}}).json
        a_cohort = post("/cohorts", {"program_id": program["id"], "name": "Весна"}).json
        b_cohort = post("/cohorts", {"program_id": program["id"], "name": "Осень"}).json
        milkovo = post("/territories", {"district": "Мильковский МР", "settlement": "с. Мильково"}).json
        esso = post("/territories", {"district": "Быстринский МР", "settlement": "с. Эссо"}).json
        person = lambda name, phone, **extra: post("/people", {"full_name": name, "phone": phone, **extra}).json["id"]
        anna = person("Анна Ёлкина", "+79145550001", sex="female", birth_year=2000, settlement="с. Мильково")
        boris = person("Борис Петров", "+79145550002", sex="male", birth_year=1970)
        vera = person("Вера Сидорова", "+79145550003", sex="female")
        vera_again = person("Вера Сидорова", "+79145550004")
        gleb = person("Глеб Орлов", "+79145550005", sex="male", birth_year=2005)
        dina = person("Дина Лис", "+79145550006")
        egor = person("Егор Мох", "+79145550007")
        ta1 = register_team(system, h, a_cohort["id"], milkovo["id"], "Тропа", project_title="Экотропа")
        ta2 = register_team(system, h, a_cohort["id"], milkovo["id"], "Музей", project_title="Музей под открытым небом")
        tb1 = register_team(system, h, b_cohort["id"], esso["id"], "Эвены", kind="ngo", project_title="Праздник Нургэнэк")
        member = lambda team, pid, role="member": post(f"/teams/{team['id']}/members", {"person_id": pid, "role": role})
        assert member(ta1, anna, "leader").status_code == 201
        assert member(ta1, vera).status_code == 201
        assert member(tb1, anna).status_code == 201
        assert member(tb1, gleb, "leader").status_code == 201
        for cohort, pid in ((a_cohort, boris), (a_cohort, dina), (a_cohort, vera_again)):
            assert post(f"/cohorts/{cohort['id']}/participants", {"person_id": pid}).status_code == 201
        session = post(f"/cohorts/{a_cohort['id']}/sessions", {"title": "Школа: проектирование",
                                                             "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 120}).json
        assert c.put(f"{API}/sessions/{session['id']}/attendance", json={"person_ids": [anna, boris]}, headers=h).status_code == 200
        assert post(f"/teams/{ta1['id']}/nomination", {}).status_code in (200, 201)
        assert post(f"/teams/{tb1['id']}/nomination", {}).status_code in (200, 201)
    A, B = a_cohort["id"], b_cohort["id"]
    mentor = create_account(system, roles=("mentor",), name="Ольга Наставникова")["id"]
    _consultation = functools.partial(log_consultation, mentor=mentor)
    # consultations: Анна twice in the spring cohort, Вера's second record at one of them
    _consultation(system, 1, A, dt.datetime(2026, 5, 10, 1, 0, tzinfo=UTC), 60, [anna, vera_again], teams=[ta1["id"]])
    # 13:00 UTC on 31 May is 1 June in Kamchatka: June's
    _consultation(system, 2, A, dt.datetime(2026, 5, 31, 13, 0, tzinfo=UTC), 90, [anna], kind="group", teams=[ta1["id"], ta2["id"]])
    _consultation(system, 3, A, dt.datetime(2026, 6, 5, 1, 0, tzinfo=UTC), 120, [egor])
    _consultation(system, 3, A, dt.datetime(2026, 6, 5, 1, 0, tzinfo=UTC), 120, [egor], status="cancelled", version=2, verb="cancelled")
    _consultation(system, 4, B, dt.datetime(2026, 6, 20, 5, 0, tzinfo=UTC), 45, [anna], kind="webinar", anonymous=25)
    _consultation(system, 5, B, dt.datetime(2026, 7, 2, 1, 0, tzinfo=UTC), 30, [gleb], teams=[tb1["id"]])
    _consultation(system, 5, B, dt.datetime(2026, 7, 2, 1, 0, tzinfo=UTC), 50, [gleb], teams=[tb1["id"]], version=2, verb="amended")
    publish_results(system, A, [(ta1["id"], 1, True), (ta2["id"], 2, False)])
    publish_results(system, B, [(tb1["id"], 1, True)])
    pledge(system, 11, A, ta1["id"], "money", "10000", "pledged")
    pledge(system, 11, A, ta1["id"], "money", "10000", "received", received="9000", version=3)
    pledge(system, 12, B, tb1["id"], "money", "5000", "pledged")
    pledge(system, 13, A, ta2["id"], "money", "3000", "pledged")
    pledge(system, 13, A, ta2["id"], "money", "3000", "cancelled", version=2)
    pledge(system, 14, B, tb1["id"], "in_kind", "20000", "confirmed", partner="Автобаза №3", partner_kind=None)
    with time_machine.travel(dt.datetime(2026, 11, 1, 0, 0, tzinfo=UTC), tick=True):
        c, h = system.client("cohorts"), coordinator_headers(system)
        # Вера's second record merged into the first; Глеб erased; Дина's enrolment withdrawn
        assert c.post(f"{API}/people/{vera_again}/merge", json={"into": vera}, headers=h).status_code == 200
        assert c.post(f"{API}/people/{gleb}/erasure", headers=h).status_code == 200
        assert c.delete(f"{API}/cohorts/{A}/participants/{dina}", headers=h).status_code in (200, 204)
    h = coordinator_headers(system)  # a token issued at the time the test runs, to read the report with
    return {"h": h, "c": c, "program": program["id"], "A": A, "B": B, "anna": anna, "boris": boris, "vera": vera,
            "vera_again": vera_again, "gleb": gleb, "dina": dina, "egor": egor, "teams": (ta1["id"], ta2["id"], tb1["id"])}
