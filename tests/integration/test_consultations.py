"""Consultations: logging, validation, planned and held, amend and cancel with history, next steps,
a team's timeline, a mentor's summary, and the figures reaching cohorts' dashboard."""
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


def test_log_validate_amend_cancel_and_history(system):
    w = world(system)
    c = system.client("consultations")
    body = {"kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(hours=1), "duration_minutes": 45,
            "attendee_ids": w["people"][:2], "topics": ["Фандрайзинг", "фандрайзинг ", "Новая тема"],
            "next_steps": [{"text": "Подать заявку в фонд", "owner": "Анна", "due_on": str(dt.date.today() - dt.timedelta(days=1))}]}
    first = c.post("/consultations/api/v1/consultations", json=body, headers={**w["mentor"], "Idempotency-Key": "phone-7"})
    assert first.status_code == 201, first.json
    assert first.json["status"] == "held" and first.json["topics"] == ["Новая тема", "Фандрайзинг"]
    resent = c.post("/consultations/api/v1/consultations", json=body, headers={**w["mentor"], "Idempotency-Key": "phone-7"})
    assert resent.json["id"] == first.json["id"]
    assert c.get("/consultations/api/v1/consultations", headers=w["mentor"]).json["total"] == 1  # nothing written twice

    bad = {
        "duration_minutes": ({**body, "duration_minutes": 0}, "Продолжительность должна быть больше нуля."),
        "attendee_ids": ({**body, "attendee_ids": [999999]}, "Не участники этого потока: #999999."),
    }
    for field, (payload, message) in bad.items():
        r = c.post("/consultations/api/v1/consultations", json=payload, headers=w["mentor"])
        assert r.status_code == 422 and r.json["errors"] == {field: [message]}, r.json
    too_long = c.post("/consultations/api/v1/consultations", json={**body, "duration_minutes": 600}, headers=w["mentor"])
    assert too_long.status_code == 422 and "duration_minutes" in too_long.json["errors"]
    other_cohort = c.post("/consultations/api/v1/consultations", json={**body, "kind": "group", "team_ids": [w["a"]["id"], w["stranger"]["id"]]}, headers=w["mentor"])
    assert other_cohort.status_code == 422 and "team_ids" in other_cohort.json["errors"]
    no_kind = c.post("/consultations/api/v1/consultations", json={k: v for k, v in body.items() if k != "kind"}, headers=w["mentor"])
    assert no_kind.status_code == 422 and no_kind.json["errors"]["kind"] == ["Обязательное поле."]
    future_held = c.post("/consultations/api/v1/consultations", json={**body, "started_at": ahead(days=2), "status": "held"}, headers=w["mentor"])
    assert future_held.status_code == 422 and future_held.json["errors"] == {"started_at": ["Проведённая консультация не может начинаться в будущем."]}

    cid = first.json["id"]
    edit_page = c.get(f"/consultations/{cid}/edit", headers=w["mentor"])
    assert edit_page.status_code == 200 and "Изменить консультацию" in edit_page.text
    assert c.get(f"/consultations/{cid}/edit", headers=w["other"]).status_code == 403
    refused = c.patch(f"/consultations/api/v1/consultations/{cid}", json={"duration_minutes": 60}, headers=w["other"])
    assert refused.status_code == 403  # another mentor reads, but does not edit
    assert c.get(f"/consultations/api/v1/consultations/{cid}", headers=w["other"]).status_code == 200
    amended = c.patch(f"/consultations/api/v1/consultations/{cid}", json={"duration_minutes": 60}, headers=w["mentor"])
    assert amended.status_code == 200 and amended.json["duration_minutes"] == 60
    by_coordinator = c.patch(f"/consultations/api/v1/consultations/{cid}", json={"notes": "уточнено"}, headers=w["h"])
    assert by_coordinator.status_code == 200
    cancelled = c.post(f"/consultations/api/v1/consultations/{cid}/cancel", headers=w["mentor"])
    assert cancelled.json["status"] == "cancelled"
    history = c.get(f"/consultations/api/v1/consultations/{cid}/history", headers=w["mentor"]).json
    assert [x["action"] for x in history] == ["cancelled", "amended", "amended", "logged"]
    assert history[2]["changes"] == {"duration_minutes": [45, 60]} and history[2]["account_name"] == "Мария Наставник"


def test_planned_then_held_webinar_next_steps_timeline_and_summary(system):
    w = world(system)
    c = system.client("consultations")
    planned = c.post("/consultations/api/v1/consultations", json={
        "kind": "webinar", "team_ids": [w["a"]["id"], w["b"]["id"]], "started_at": ahead(days=3), "duration_minutes": 90,
        "anonymous_attendees": 12, "topics": ["Продвижение"]}, headers=w["mentor"])
    assert planned.status_code == 201 and planned.json["status"] == "planned"
    early = c.patch(f"/consultations/api/v1/consultations/{planned.json['id']}", json={"status": "held"}, headers=w["mentor"])
    assert early.status_code == 422  # not held before it starts
    held = c.patch(f"/consultations/api/v1/consultations/{planned.json['id']}",
                   json={"status": "held", "started_at": ago(minutes=30), "attendee_ids": w["people"]}, headers=w["mentor"])
    assert held.status_code == 200 and held.json["status"] == "held" and held.json["anonymous_attendees"] == 12
    anon_individual = c.post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(hours=2), "duration_minutes": 30, "anonymous_attendees": 3}, headers=w["mentor"])
    assert anon_individual.status_code == 422 and "anonymous_attendees" in anon_individual.json["errors"]
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["a"]["id"]], "started_at": ago(days=1), "duration_minutes": 60,
        "next_steps": [{"text": "Смета проекта", "due_on": str(dt.date.today() - dt.timedelta(days=2))}, {"text": "Пост в соцсетях"}]}, headers=w["mentor"]).json
    steps = c.get("/consultations/api/v1/next-steps?status=open", headers=w["other"]).json
    assert steps["total"] == 2  # every mentor sees the open steps, across mentors
    overdue = c.get("/consultations/api/v1/next-steps?overdue=true&mine=true", headers=w["mentor"]).json
    assert [s["text"] for s in overdue["items"]] == ["Смета проекта"]
    closed = c.patch(f"/consultations/api/v1/next-steps/{overdue['items'][0]['id']}", json={"status": "closed"}, headers=w["mentor"])
    assert closed.json["status"] == "closed"
    assert c.get("/consultations/api/v1/next-steps?status=open", headers=w["mentor"]).json["total"] == 1
    team_history = c.get(f"/consultations/api/v1/teams/{w['a']['id']}/consultations", headers=w["other"]).json
    assert team_history["total"] == 2
    page = c.get(f"/consultations/teams/{w['a']['id']}", headers=w["mentor"])
    assert page.status_code == 200 and "Смета проекта" not in page.text and "Пост в соцсетях" in page.text
    home = c.get("/consultations/", headers=w["mentor"])
    assert home.status_code == 200 and "2,5" in home.text  # 90 + 60 minutes held this month
    topics = c.get("/consultations/api/v1/topics", headers=w["mentor"]).json
    assert [t["name"] for t in topics] == ["Продвижение"]
    assert logged["status"] == "held"


def test_cohorts_dashboard_shows_consultations_from_events(system):
    w = world(system)
    c = system.client("consultations")
    for minutes in (60, 120):
        assert c.post("/consultations/api/v1/consultations", json={
            "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(days=1), "duration_minutes": minutes}, headers=w["mentor"]).status_code == 201
    planned = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["b"]["id"]], "started_at": ahead(days=1), "duration_minutes": 30}, headers=w["mentor"]).json
    cancelled = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["b"]["id"]], "started_at": ago(days=2), "duration_minutes": 30}, headers=w["mentor"]).json
    c.post(f"/consultations/api/v1/consultations/{cancelled['id']}/cancel", headers=w["mentor"])
    cohorts = system.runtime("cohorts")
    from services.cohorts.figures.models import ConsultationFact

    def facts():
        with cohorts.engine.connect() as conn:
            return sorted(conn.execute(sa.select(ConsultationFact.status, ConsultationFact.duration_minutes)).all())

    with WorkerThread(system.runtime("consultations")), WorkerThread(cohorts):
        wait_until(lambda: facts() == [("cancelled", 30), ("held", 60), ("held", 120), ("planned", 30)], message="the figures in cohorts")
    page = system.client("cohorts").get(f"/cohorts/cohorts/{w['cohort']['id']}/dashboard", headers=w["h"]).text
    import re

    stat = lambda code: re.search(rf'data-indicator="{code}">.*?<b>(.*?)</b>', page, re.S).group(1)
    assert stat("consultations") == "2" and stat("consultation_hours") == "3"
    assert planned["status"] == "planned"


def test_a_person_merge_moves_consultation_attendance_and_an_erasure_anonymises(system):
    w = world(system)
    c = system.client("consultations")
    cohorts_client = system.client("cohorts")
    anna, boris = w["people"][0], w["people"][1]
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["a"]["id"]], "started_at": ago(hours=3), "duration_minutes": 60,
        "attendee_ids": [anna, boris]}, headers=w["mentor"]).json
    # Boris turns out to be a duplicate record of Anna's teammate... merged into Anna's record for the test
    assert cohorts_client.delete(f"/cohorts/api/v1/teams/{w['a']['id']}/members/{boris}", headers=w["h"]).status_code == 204
    assert cohorts_client.post(f"/cohorts/api/v1/people/{boris}/merge", json={"into": anna}, headers=w["h"]).status_code == 200
    assert cohorts_client.post(f"/cohorts/api/v1/people/{w['people'][2]}/erasure", headers=w["h"]).status_code == 200
    consultations = system.runtime("consultations")
    from services.consultations.db import REPLICAS

    def state():
        attendees = c.get(f"/consultations/api/v1/consultations/{logged['id']}", headers=w["mentor"]).json["attendee_ids"]
        with consultations.engine.connect() as conn:
            erased = conn.execute(sa.select(REPLICAS.people.c.full_name, REPLICAS.people.c.erased).where(REPLICAS.people.c.id == w["people"][2])).first()
        return attendees, tuple(erased) if erased else None

    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        wait_until(lambda: state() == ([anna], ("—", True)), message="the merge and the erasure in consultations")
