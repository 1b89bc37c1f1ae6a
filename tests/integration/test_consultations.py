"""Consultations: logging, validation, planned and held, amend and cancel with history, next steps,
a team's timeline, a mentor's summary, and the figures reaching cohorts' dashboard."""
from __future__ import annotations

import datetime as dt

import re

import pytest
import sqlalchemy as sa
import time_machine

from tests.support.consultations import ago, ahead, world
from tests.support.system import WorkerThread, wait_until


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


@pytest.mark.parametrize("instant, months", [
    # mid-month: the webinar (90 min, half an hour ago) and the group session (60 min, a day ago) share a month
    ("2026-06-15T03:00:00+00:00", ["июнь 2026 — 2,5 ч"]),
    # half past noon UTC on 30 November is 1 December in Kamchatka: the webinar is December's, the day-old session November's
    ("2026-11-30T12:30:00+00:00", ["декабрь 2026 — 1,5 ч", "ноябрь 2026 — 1 ч"]),
])
def test_planned_then_held_webinar_next_steps_timeline_and_summary(system, instant, months):
    with time_machine.travel(dt.datetime.fromisoformat(instant), tick=True):
        _planned_then_held(system, months)


def _planned_then_held(system, months):
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
    open_steps = page.text.split('id="team-steps"')[1].split("</ul>")[0]
    assert page.status_code == 200 and "Смета проекта" not in open_steps and "Пост в соцсетях" in open_steps
    timeline = page.text.split('id="timeline"')[1]
    assert "✓ <s>Смета проекта</s>" in timeline  # a closed step stays in the history, struck through
    assert "Анна, Борис, Вера; ещё 12 слушателей" in timeline and "Мария Наставник" in timeline
    home = c.get("/consultations/", headers=w["mentor"])
    by_month = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", home.text.split("<h2>Мои часы по месяцам</h2>")[1].split("</ul>")[0])]
    assert home.status_code == 200 and by_month == months  # months of the programme's time zone
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


def _csrf(c, url, headers) -> str:
    """The form's token, as a browser has it from the page (the client keeps the session cookie)."""
    import re

    html = c.get(url, headers=headers).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _history(c, cid, headers):
    return c.get(f"/consultations/api/v1/consultations/{cid}/history", headers=headers).json


def _outbox_count(system):
    runtime = system.runtime("consultations")
    from services.consultations.db import EVENT_TABLES

    with runtime.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(EVENT_TABLES.outbox)).scalar_one()


def test_only_the_consultations_mentor_or_a_coordinator_closes_its_steps(system):
    w = world(system)
    c = system.client("consultations")
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["a"]["id"]], "started_at": ago(days=1), "duration_minutes": 60,
        "next_steps": [{"text": "Смета проекта"}, {"text": "Пост в соцсетях"}]}, headers=w["mentor"]).json
    first, second = [s["id"] for s in logged["next_steps"]]
    refused = c.patch(f"/consultations/api/v1/next-steps/{first}", json={"status": "closed"}, headers=w["other"])
    assert refused.status_code == 403 and refused.json["message"]
    page = c.get(f"/consultations/teams/{w['a']['id']}", headers=w["other"]).text
    assert "Смета проекта" in page and "✓ Сделано" not in page  # another mentor reads, but no button
    assert "✓ Сделано" in c.get(f"/consultations/teams/{w['a']['id']}", headers=w["mentor"]).text
    by_page = c.post(f"/consultations/next-steps/{first}", data={"action": "close"}, headers=w["other"])
    assert by_page.status_code == 303
    assert c.get(f"/consultations/api/v1/next-steps?status=open", headers=w["mentor"]).json["total"] == 2  # still open
    assert c.patch(f"/consultations/api/v1/next-steps/{first}", json={"status": "closed"}, headers=w["h"]).status_code == 200
    again = c.patch(f"/consultations/api/v1/next-steps/{first}", json={"status": "closed"}, headers=w["h"])
    assert again.status_code == 200  # a second tap changes nothing
    assert c.patch(f"/consultations/api/v1/next-steps/{first}", json={"status": "open"}, headers=w["mentor"]).json["status"] == "open"
    history = _history(c, logged["id"], w["mentor"])
    assert [(x["action"], x["changes"]) for x in history[:2]] == [
        ("step_opened", {"text": "Смета проекта"}), ("step_closed", {"text": "Смета проекта"})]
    assert len(history) == 3
    # the page's "next" stays on this site
    for evil in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
        r = c.post(f"/consultations/next-steps/{second}", data={"action": "reopen", "next": evil}, headers=w["mentor"])
        assert r.status_code == 303 and r.headers["Location"].endswith("/consultations/"), r.headers["Location"]
    r = c.post(f"/consultations/next-steps/{second}", data={"action": "close", "next": f"/consultations/teams/{w['a']['id']}"}, headers=w["mentor"])
    assert r.headers["Location"].endswith(f"/consultations/teams/{w['a']['id']}")
    c.post(f"/consultations/api/v1/consultations/{logged['id']}/cancel", headers=w["mentor"])
    cancelled = c.patch(f"/consultations/api/v1/next-steps/{first}", json={"status": "closed"}, headers=w["mentor"])
    assert cancelled.status_code == 409 and cancelled.json["message"] == "Консультация отменена."


def test_it_took_place_records_attendees_duration_and_notes_and_never_goes_back(system):
    w = world(system)
    c = system.client("consultations")
    # a webinar without teams, planned: its cohort is named, and must exist
    unknown = c.post("/consultations/api/v1/consultations", json={
        "kind": "webinar", "cohort_id": 987654, "started_at": ahead(days=1), "duration_minutes": 90}, headers=w["mentor"])
    assert unknown.status_code == 422 and unknown.json["errors"] == {"cohort_id": ["Нет такого потока: #987654."]}
    planned = c.post("/consultations/api/v1/consultations", json={
        "kind": "webinar", "cohort_id": w["cohort"]["id"], "started_at": ahead(days=1), "duration_minutes": 90}, headers=w["mentor"]).json
    assert planned["status"] == "planned"
    home = c.get("/consultations/", headers=w["mentor"]).text
    assert f"/consultations/{planned['id']}/edit?mode=hold" in home and f"/consultations/{planned['id']}/edit\"" in home
    # its time passes
    from services.consultations.log.models import Consultation

    with system.runtime("consultations").engine.begin() as conn:
        conn.execute(sa.update(Consultation.__table__).where(Consultation.__table__.c.id == planned["id"])
                     .values(started_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)))
    tapped = c.post(f"/consultations/{planned['id']}/held", headers=w["mentor"])
    assert tapped.status_code == 303 and tapped.headers["Location"].endswith(f"/consultations/{planned['id']}/edit?mode=hold")
    form = c.get(f"/consultations/{planned['id']}/edit?mode=hold", headers=w["mentor"])
    import re

    took_place = re.search(r'<input[^>]*name="took_place"[^>]*>', form.text)
    assert form.status_code == 200 and took_place and "checked" in took_place.group(0)
    when = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kamchatka"))
    saved = c.post(f"/consultations/{planned['id']}/edit", data={
        "csrf_token": _csrf(c, f"/consultations/{planned['id']}/edit?mode=hold", w["mentor"]), "mode": "hold", "cohort_id": w["cohort"]["id"], "kind": "webinar", "started_at": when.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "75", "attendee_ids": [str(w["people"][0]), str(w["people"][2])], "anonymous_attendees": "40",
        "notes": "Разобрали бюджеты", "took_place": "y"}, headers=w["mentor"])
    assert saved.status_code == 303, saved.text
    held = c.get(f"/consultations/api/v1/consultations/{planned['id']}", headers=w["mentor"]).json
    assert (held["status"], held["duration_minutes"], held["attendee_ids"], held["anonymous_attendees"], held["notes"]) == (
        "held", 75, sorted([w["people"][0], w["people"][2]]), 40, "Разобрали бюджеты")
    back = c.patch(f"/consultations/api/v1/consultations/{planned['id']}", json={"status": "planned"}, headers=w["mentor"])
    assert back.status_code == 422 and back.json["errors"] == {"status": ["Проведённая консультация не может снова стать запланированной."]}
    future = c.patch(f"/consultations/api/v1/consultations/{planned['id']}", json={"started_at": ahead(days=2)}, headers=w["mentor"])
    assert future.status_code == 422 and "started_at" in future.json["errors"]
    page = c.get(f"/consultations/{planned['id']}/edit", headers=w["mentor"]).text
    history = page.split('id="history"')[1]
    assert "Длительность: 90 мин → 75 мин" in history and "Кто участвовал: — → Анна, Вера" in history, history
    assert "Статус: запланирована → состоялась" in history and "attendee_ids" not in history and "+00:00" not in history


def test_a_resent_or_empty_amend_writes_nothing_and_topics_count_once(system):
    w = world(system)
    c = system.client("consultations")
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["a"]["id"]], "started_at": "2026-05-04T10:00:37+00:00", "duration_minutes": 60,
        "attendee_ids": [w["people"][1], w["people"][0]], "topics": ["Фандрайзинг", "Бюджет"]}, headers=w["mentor"]).json
    cid = logged["id"]
    uses = lambda: {t["name"]: t["uses"] for t in c.get("/consultations/api/v1/topics", headers=w["mentor"]).json}
    assert uses() == {"Фандрайзинг": 1, "Бюджет": 1}
    events = _outbox_count(system)
    same = {"topics": ["бюджет", "Фандрайзинг"], "attendee_ids": [w["people"][0], w["people"][1]], "duration_minutes": 60,
            "started_at": "2026-05-04T20:00:37+10:00", "notes": ""}
    for _ in range(2):
        r = c.patch(f"/consultations/api/v1/consultations/{cid}", json=same, headers=w["mentor"])
        assert r.status_code == 200 and r.json["version"] == 1
    step = {"next_steps": [{"text": "Смета", "owner": "Анна", "due_on": "2026-06-01"}]}
    for _ in range(2):  # a resend from a phone
        assert c.patch(f"/consultations/api/v1/consultations/{cid}", json=step, headers=w["mentor"]).status_code == 200
    assert [s["text"] for s in c.get(f"/consultations/api/v1/consultations/{cid}", headers=w["mentor"]).json["next_steps"]] == ["Смета"]
    assert [x["action"] for x in _history(c, cid, w["mentor"])] == ["amended", "logged"]
    assert _outbox_count(system) == events  # a step is not a change of the consultation's figures
    # the page sends minutes only: the seconds stay, nothing is recorded
    page_form = {"cohort_id": w["cohort"]["id"], "kind": "group", "team_ids": [str(w["a"]["id"])], "started_at": "2026-05-04T22:00",
                 "duration_minutes": "60", "attendee_ids": [str(w["people"][0]), str(w["people"][1])], "topics": ["Бюджет", "Фандрайзинг"]}
    page_form["csrf_token"] = _csrf(c, f"/consultations/{cid}/edit", w["mentor"])
    assert c.post(f"/consultations/{cid}/edit", data=page_form, headers=w["mentor"]).status_code == 303
    assert c.get(f"/consultations/api/v1/consultations/{cid}", headers=w["mentor"]).json["started_at"].startswith("2026-05-04T10:00:37")
    assert len(_history(c, cid, w["mentor"])) == 2
    c.patch(f"/consultations/api/v1/consultations/{cid}", json={"topics": ["Фандрайзинг", "Продвижение"]}, headers=w["mentor"])
    c.patch(f"/consultations/api/v1/consultations/{cid}", json={"topics": ["Фандрайзинг", "Продвижение"]}, headers=w["mentor"])
    assert uses() == {"Фандрайзинг": 1, "Продвижение": 1, "Бюджет": 0}
    c.post(f"/consultations/api/v1/consultations/{cid}/cancel", headers=w["mentor"])
    assert uses() == {"Фандрайзинг": 0, "Продвижение": 0, "Бюджет": 0}


def test_bounds_give_field_errors_not_500s(system):
    w = world(system)
    c = system.client("consultations")
    base = {"kind": "webinar", "team_ids": [w["a"]["id"]], "started_at": ago(hours=1), "duration_minutes": 60}
    cases = {
        "anonymous_attendees": ({**base, "anonymous_attendees": 3_000_000_000}, None),
        "team_ids": ({**base, "team_ids": [2**70]}, None),
        "cohort_id": ({**base, "team_ids": [], "cohort_id": 2**63}, None),
        "duration_minutes": ({**base, "duration_minutes": 2**40}, None),
    }
    for field, (payload, _) in cases.items():
        r = c.post("/consultations/api/v1/consultations", json=payload, headers=w["mentor"])
        assert r.status_code == 422 and field in r.json["errors"], (field, r.json)
    big = c.post("/consultations/api/v1/consultations", json={**base, "anonymous_attendees": 100_001}, headers=w["mentor"])
    assert big.json["errors"] == {"anonymous_attendees": ["Не больше 100 000 слушателей."]}
    negative = c.post("/consultations/api/v1/consultations", json={**base, "anonymous_attendees": -1}, headers=w["mentor"])
    assert negative.json["errors"]["anonymous_attendees"] == ["Число слушателей не может быть отрицательным."]
    # a topic whose case-folded key is longer than the name ("ß" folds to "ss")
    long_topic = "ß" * 120
    ok = c.post("/consultations/api/v1/consultations", json={**base, "topics": [long_topic]}, headers=w["mentor"])
    assert ok.status_code == 201, ok.json
    # the page: a zero duration says it must be positive, a huge headcount names its field
    form = {"cohort_id": w["cohort"]["id"], "kind": "webinar", "started_at": "2026-05-04T10:00", "duration_minutes": "0",
            "anonymous_attendees": "99999999999", "csrf_token": _csrf(c, "/consultations/new", w["mentor"])}
    page = c.post("/consultations/new", data=form, headers=w["mentor"])
    assert page.status_code == 422
    assert "Продолжительность должна быть больше нуля." in page.text and "Обязательное поле" not in page.text
    form = {**form, "duration_minutes": "60"}
    page = c.post("/consultations/new", data={**form, "cohort_id": "987654", "anonymous_attendees": "5"}, headers=w["mentor"])
    assert page.status_code == 422 and "Нет такого потока: #987654." in page.text
    page = c.post("/consultations/new", data={**form, "cohort_id": w["cohort"]["id"]}, headers=w["mentor"])
    assert page.status_code == 422 and "Не больше 100 000 слушателей." in page.text


def test_two_mentors_naming_a_new_topic_at_once_share_it(system):
    runtime = system.runtime("consultations")
    import threading

    from services.consultations.log import operations
    from services.consultations.log.models import Topic

    first = runtime.uow()
    [mine] = operations._topics(first, ["Грантрайтинг"])
    first.flush()
    mine_id = mine.id
    got = {}

    def other():
        with runtime.uow() as uow:
            got["topic"] = operations._topics(uow, ["грантрайтинг "])[0].id
            uow.commit()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(1.0)  # it waits on the unique key held by the first transaction
    first.commit()
    first.close()
    thread.join(10)
    assert got["topic"] == mine_id
    with runtime.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(Topic.__table__)).scalar_one() == 1


def _wait_cohort_replica(system, cohort_id):
    from services.consultations.db import REPLICAS

    engine = system.runtime("consultations").engine

    def known():
        with engine.connect() as conn:
            return conn.execute(sa.select(REPLICAS.cohorts.c.timezone).where(REPLICAS.cohorts.c.id == cohort_id)).scalar_one_or_none()
    if known() is None:
        with WorkerThread(system.runtime("cohorts")), WorkerThread(system.runtime("consultations")):
            wait_until(lambda: known() is not None, message="the cohort in consultations")
    return known()


def test_summary_and_timeline_in_the_programmes_time_zone_and_as_json(system):
    w = world(system)
    assert _wait_cohort_replica(system, w["cohort"]["id"]) == "Asia/Kamchatka"
    c = system.client("consultations")
    # 14:00 UTC on 31 March is 02:00 on 1 April in Kamchatka: April's hours
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": "2026-03-31T14:00:00+00:00", "duration_minutes": 90,
        "next_steps": [{"text": "Смета проекта", "due_on": "2026-06-01"}]}, headers=w["mentor"]).json
    runtime = system.runtime("consultations")
    from services.consultations.log import queries

    with runtime.uow() as uow:
        # 13:00 UTC on 1 June is already 2 June in Kamchatka: the step due on 1 June is overdue there
        summary = queries.mentor_summary(uow, w["mentor_id"], now=dt.datetime(2026, 6, 1, 13, tzinfo=dt.timezone.utc))
        assert [st.text for st in summary["overdue"]] == ["Смета проекта"]
        assert summary["hours_by_month"] == [(dt.date(2026, 4, 1), 1.5)]
        early = queries.mentor_summary(uow, w["mentor_id"], now=dt.datetime(2026, 6, 1, 11, tzinfo=dt.timezone.utc))
        assert early["overdue"] == []
    me = c.get("/consultations/api/v1/me/summary?quiet_days=3", headers=w["mentor"])
    assert me.status_code == 200, me.json
    body = me.json
    assert body["quiet_days"] == 3 and body["timezone"] == "Asia/Kamchatka"
    assert [(s["text"], s["team_names"], s["overdue"]) for s in body["open_steps"]] == [("Смета проекта", ["Эссо"], True)]
    assert body["hours_by_month"] == [{"month": "2026-04", "hours": 1.5}]
    assert [q["name"] for q in body["quiet_teams"]] == ["Эссо"]  # last seen in March
    bad = c.get("/consultations/api/v1/me/summary?quiet_days=0", headers=w["mentor"])
    assert bad.status_code == 422 and "quiet_days" in bad.json["errors"]
    timeline = c.get(f"/consultations/api/v1/teams/{w['a']['id']}/timeline", headers=w["other"])
    assert timeline.status_code == 200, timeline.json
    assert [i["type"] for i in timeline.json["items"]] == ["consultation"]
    assert timeline.json["items"][0]["consultation"]["id"] == logged["id"] and timeline.json["open_steps"][0]["text"] == "Смета проекта"
    assert c.get("/consultations/api/v1/teams/987654/timeline", headers=w["mentor"]).status_code == 404
    home = c.get("/consultations/?quiet_days=30", headers=w["mentor"]).text
    assert "не встречавшиеся 30 дней" in home and "Смета проекта" in home and "· Эссо" in home
    assert "апрель 2026" in home.lower()


def test_the_form_offers_the_cohorts_participants_once_teams_first(system):
    w = world(system)
    _wait_cohort_replica(system, w["cohort"]["id"])
    from services.consultations.db import REPLICAS

    now = dt.datetime.now(dt.timezone.utc)
    anna, boris, vera = w["people"]
    with system.runtime("consultations").engine.begin() as conn:
        # Анна is in both teams; Вера is erased; Глеб is a participant without a team; Дина is of another cohort
        conn.execute(sa.insert(REPLICAS.members).values(team_id=w["b"]["id"], person_id=anna, cohort_id=w["cohort"]["id"], role="member", active=True, version=1, updated_at=now))
        conn.execute(sa.update(REPLICAS.people).where(REPLICAS.people.c.id == vera).values(full_name="—", erased=True))
        for pid, name, cohort in ((900001, "Глеб Гость", w["cohort"]["id"]), (900002, "Дина Чужая", w["stranger"]["cohort_id"])):
            conn.execute(sa.insert(REPLICAS.people).values(id=pid, full_name=name, archived=False, erased=False, version=1, updated_at=now))
            conn.execute(sa.insert(REPLICAS.participants).values(cohort_id=cohort, person_id=pid, active=True, version=1, updated_at=now))
    c = system.client("consultations")
    page = c.get("/consultations/new", headers=w["mentor"]).text
    import re

    people = re.findall(r'name="attendee_ids" type="checkbox" value="\d+"> ([^<]+)</label>', page)
    assert people == ["Анна", "Борис", "Глеб Гость"], people  # once each, team members first, no erased, no other cohort
    assert "—" not in page.split('id="attendees"')[1].split("</ul>")[0]
    assert "Другие участники потока" in page
    assert 'name="cohort_id"' in page
    # topics offered before any is used: in the reader's language
    assert "Фандрайзинг" in page
    english = c.get("/consultations/new?lang=en", headers=w["mentor"]).text
    assert "Fundraising" in english and "Фандрайзинг" not in english
    # the usual duration of each kind: the mentor's last, else the kind's default
    c.post("/consultations/api/v1/consultations", json={
        "kind": "group", "team_ids": [w["a"]["id"]], "started_at": ago(hours=1), "duration_minutes": 45}, headers=w["mentor"])
    page = c.get("/consultations/new", headers=w["mentor"]).text
    durations = re.search(r'data-durations="([^"]+)"', page).group(1).replace("&#34;", '"').replace("&quot;", '"')
    import json

    assert json.loads(durations) == {"individual": 60, "group": 45, "webinar": 90}


def test_the_home_page_lists_the_latest_consultations_everyones_for_a_coordinator(system):
    w = world(system)
    c = system.client("consultations")
    logged = c.post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(hours=2), "duration_minutes": 45}, headers=w["mentor"])
    assert logged.status_code == 201, logged.json
    coordinator_page = c.get("/consultations/", headers=w["h"]).text
    assert "Последние консультации всех наставников" in coordinator_page
    assert "Мария Наставник" in coordinator_page and "Эссо" in coordinator_page
    other_page = c.get("/consultations/", headers=w["other"]).text  # another mentor: only their own, none yet
    assert "Мои последние консультации" in other_page and "Эссо" not in other_page.split('id="latest"')[1].split("</ul>")[0]


def test_the_phone_form_shows_every_problem_in_one_round(system):
    """An empty time and a negative duration: both named at once, not one message per submit."""
    import re

    w = world(system)
    c = system.client("consultations")
    page = c.get("/consultations/new", headers=w["mentor"]).text
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    r = c.post("/consultations/new", headers=w["mentor"], data={
        "csrf_token": csrf, "kind": "individual", "team_ids": str(w["a"]["id"]), "started_at": "", "duration_minutes": "-30"})
    assert r.status_code == 422
    assert "Обязательное поле." in r.text and "Продолжительность должна быть больше нуля." in r.text
