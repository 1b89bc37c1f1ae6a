"""School sessions and attendance; the dashboard's figures, including those from consultations' events."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import sqlalchemy as sa

from shared.events import envelope
from tests.support.events import publish_raw
from tests.support.api import coordinator_headers, enrolled, register_team, setup_cohort
from tests.support.system import WorkerThread, wait_until


def test_sessions_validate_and_attendance_replaces_the_list_with_history(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    negative = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                      json={"title": "Выездная школа", "starts_at": "2026-05-12T09:00:00+12:00", "duration_minutes": -30}, headers=h)
    assert negative.status_code == 422 and negative.json["errors"] == {"duration_minutes": ["Продолжительность должна быть больше нуля."]}
    naive = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                   json={"title": "Школа", "starts_at": "2026-05-12T09:00:00", "duration_minutes": 90}, headers=h)
    assert naive.status_code == 422 and "starts_at" in naive.json["errors"]
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                     json={"title": "Социальное проектирование", "starts_at": "2026-05-12T09:00:00+12:00", "duration_minutes": 180,
                           "place": "с. Эссо, дом культуры", "trainer": "Е. Тренер"}, headers=h).json
    people = enrolled(system, h, cohort_id, ["Анна", "Борис", "Вера"])
    url = f"/cohorts/api/v1/sessions/{session['id']}/attendance"
    assert c.put(url, json={"person_ids": [people[0], people[1]]}, headers=h).json == {"person_ids": sorted(people[:2]), "version": 2}
    resent = c.put(url, json={"person_ids": [people[1], people[0]]}, headers=h)  # the same list again: nothing changes
    assert resent.status_code == 200
    stranger = c.put(url, json={"person_ids": [people[0], 999999]}, headers=h)
    assert stranger.status_code == 422 and stranger.json["errors"] == {"person_ids": ["Не участники этого потока: #999999."]}
    assert c.get(url, headers=h).json == {"person_ids": sorted(people[:2]), "version": 2}  # nothing half-written
    assert c.put(url, json={"person_ids": [people[0], people[2]]}, headers=h).status_code == 200
    history = c.get(url + "/history", headers=h).json
    assert [(x["added"], x["removed"]) for x in history] == [([people[2]], [people[1]]), (sorted(people[:2]), [])]
    sheet = c.get(f"/cohorts/sessions/{session['id']}/sheet", headers=h)
    assert sheet.status_code == 200 and "Лист регистрации" in sheet.text and "Борис" in sheet.text
    assert "12 мая 2026, 09:00" in sheet.text
    edit = c.get(f"/cohorts/sessions/{session['id']}/edit", headers=h)
    assert edit.status_code == 200 and 'value="2026-05-12T09:00"' in edit.text  # the programme's local time  # shown in the programme time zone (Asia/Kamchatka)


def test_dashboard_counts_against_targets_with_figures_from_events(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", json={
        "name": "Камчатка", "starts_on": "2026-03-01", "ends_on": "2026-11-30", "timezone": "Asia/Kamchatka",
        "targets": {"participants": 50, "teams": 7, "consultations": 20, "leaders": 3, "funds_raised": 100000}}, headers=h).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Поток"}, headers=h).json
    territory = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    team = register_team(system, h, cohort["id"], territory["id"], "Мильково")
    enrolled(system, h, cohort["id"], ["Анна", "Борис"])
    consultation = envelope.build("consultations.consultation.logged", {
        "id": 1, "cohort_id": cohort["id"], "kind": "group", "status": "held", "started_at": dt.datetime(2026, 6, 1, 10, tzinfo=dt.timezone.utc),
        "duration_minutes": 90, "mentor_account_id": 1, "team_ids": [team["id"]], "attendee_ids": [], "anonymous_attendees": 0,
        "topics": ["фандрайзинг"]}, producer="consultations", entity_version=1, correlation_id=None)
    pledge = envelope.build("fairs.pledge.recorded", {
        "id": 1, "fair_id": 1, "cohort_id": cohort["id"], "team_id": team["id"], "partner": "ООО Ромашка", "kind": "money",
        "amount": Decimal("12500.00"), "status": "pledged"}, producer="fairs", entity_version=1, correlation_id=None)
    publish_raw(system, consultation, pledge)
    cohorts = system.runtime("cohorts")
    with WorkerThread(cohorts):
        wait_until(lambda: _inbox(cohorts) >= 2, message="consultation and pledge applied in cohorts")
    page = c.get(f"/cohorts/cohorts/{cohort['id']}/dashboard", headers=h)
    assert page.status_code == 200
    text = page.text
    assert 'data-indicator="participants"' in text and "цель 50 · 4%" in text
    assert "цель 7 · 14%" in text  # one team of seven
    assert "1,5" in text or "1.5" in text  # 90 minutes = 1.5 hours
    assert "12\u00a0500\u00a0₽" in text


def _inbox(runtime):
    with runtime.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(runtime.tables.inbox)).scalar_one()


def test_the_funder_report_as_json_and_xlsx(system):
    import io

    from openpyxl import load_workbook

    h = coordinator_headers(system)
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", json={
        "name": "Камчатка", "funder": "Фонд президентских грантов", "starts_on": "2026-03-01", "ends_on": "2026-11-30",
        "timezone": "Asia/Kamchatka", "targets": {"participants": 50, "teams": 7}}, headers=h).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Поток"}, headers=h).json
    territory = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    register_team(system, h, cohort["id"], territory["id"], "Мильково", project_title="Тропа")
    people = enrolled(system, h, cohort["id"], ["Анна", "Борис", "Вера"])
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort['id']}/sessions", json={
        "title": "Школа", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 120}, headers=h).json
    c.put(f"/cohorts/api/v1/sessions/{session['id']}/attendance", json={"person_ids": people[:2]}, headers=h)
    report = c.get(f"/cohorts/api/v1/cohorts/{cohort['id']}/report", headers=h)
    assert report.status_code == 200
    r = report.json
    assert {k: v for k, v in r["indicators"]["participants"].items() if k != "records"} == {"value": 3, "target": 50, "percent": 6}
    assert r["indicators"]["teams"]["value"] == 1 and r["projects_developed"] == 1 and r["projects_presented"] == 0
    assert r["sessions"][0]["present"] == 2
    book = c.get(f"/cohorts/api/v1/cohorts/{cohort['id']}/report.xlsx", headers=h)
    assert book.status_code == 200 and book.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(book.data))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Камчатка" and ("Участники (каждый учтён один раз)", 50, 3, 6) == rows[5][:4]
    school = list(wb.worksheets[1].iter_rows(values_only=True))
    assert school[1][0] == "Школа" and school[1][1].hour == 10 and school[1][3] == 2  # local time in Kamchatka


def _session(c, h, cohort_id, title="Школа"):
    r = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
               json={"title": title, "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 120}, headers=h)
    assert r.status_code == 201, r.json
    return r.json


def test_the_offline_endpoint_always_answers_json_and_names_a_refused_participant(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    session = _session(c, h, cohort_id)
    anna, boris = enrolled(system, h, cohort_id, ["Анна Ушедшая", "Борис"])
    # Анна is withdrawn while the phone is offline with her ticked
    assert c.delete(f"/cohorts/api/v1/cohorts/{cohort_id}/participants/{anna}", headers=h).status_code == 204
    url = f"/cohorts/sessions/{session['id']}/attendance.json"
    refused = c.put(url, json={"person_ids": [anna, boris], "base_version": 1}, headers=h)
    assert refused.status_code == 422 and refused.is_json
    assert refused.json["errors"] == {"person_ids": [f"Не участники этого потока: Анна Ушедшая (#{anna})."]}
    assert refused.json["refused_ids"] == [anna] and refused.json["message"]
    for body, status, field in (
        ({"person_ids": ["x"]}, 422, "person_ids"),
        ({"person_ids": [boris], "base_version": "1"}, 422, "base_version"),
        ([1, 2], 400, "person_ids"),
    ):
        r = c.put(url, json=body, headers=h)
        assert r.status_code == status and r.is_json and field in r.json["errors"], r.data
    not_json = c.put(url, data="garbage", headers=h)
    assert not_json.status_code == 400 and not_json.is_json and "message" in not_json.json
    missing = c.put("/cohorts/sessions/999999/attendance.json", json={"person_ids": []}, headers=h)
    assert missing.status_code == 404 and missing.is_json and missing.json["message"]
    ok = c.put(url, json={"person_ids": [boris], "base_version": 1}, headers=h)
    assert ok.status_code == 200 and ok.json["person_ids"] == [boris] and ok.json["version"] == 2


def test_a_stale_list_is_refused_with_the_current_one_unless_identical(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    session = _session(c, h, cohort_id)
    a, b, v = enrolled(system, h, cohort_id, ["Анна", "Борис", "Вера"])
    api = f"/cohorts/api/v1/sessions/{session['id']}/attendance"
    loaded = c.get(api, headers=h).json
    assert loaded == {"person_ids": [], "version": 1}
    # the phone ticks [a] on version 1 and goes offline; meanwhile a laptop saves [a, b]
    assert c.put(api, json={"person_ids": [a, b], "base_version": 1}, headers=h).json["version"] == 2
    stale = c.put(f"/cohorts/sessions/{session['id']}/attendance.json", json={"person_ids": [a], "base_version": 1}, headers=h)
    assert stale.status_code == 409 and stale.is_json
    assert stale.json["current"] == {"person_ids": sorted([a, b]), "version": 2} and "base_version" in stale.json["errors"]
    assert c.put(api, json={"person_ids": [v], "base_version": 1}, headers=h).status_code == 409
    assert c.get(api, headers=h).json["person_ids"] == sorted([a, b])  # the newer list stands
    same = c.put(api, json={"person_ids": [b, a], "base_version": 1}, headers=h)  # a resend of what is saved: fine
    assert same.status_code == 200 and same.json == {"person_ids": sorted([a, b]), "version": 2}
    # the page's plain form carries its version too
    page = c.get(f"/cohorts/sessions/{session['id']}/attendance", headers=h)
    assert 'name="base_version" value="2"' in page.text and 'data-version="2"' in page.text
    old_form = c.post(f"/cohorts/sessions/{session['id']}/attendance", data={"person_ids": [str(v)], "base_version": "1"}, headers=h)
    assert old_form.status_code == 303
    assert c.get(api, headers=h).json["person_ids"] == sorted([a, b])
    assert "изменил кто-то другой" in c.get(f"/cohorts/sessions/{session['id']}/attendance", headers=h).text


def test_attendance_history_names_who_was_added_and_removed(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    session = _session(c, h, cohort_id)
    a, b = enrolled(system, h, cohort_id, ["Анна Первая", "Борис Второй"])
    api = f"/cohorts/api/v1/sessions/{session['id']}/attendance"
    c.put(api, json={"person_ids": [a]}, headers=h)
    c.put(api, json={"person_ids": [b]}, headers=h)
    history = c.get(api + "/history", headers=h).json
    assert history[0]["added_people"] == [{"id": b, "full_name": "Борис Второй"}]
    assert history[0]["removed_people"] == [{"id": a, "full_name": "Анна Первая"}]
    page = c.get(f"/cohorts/sessions/{session['id']}/attendance", headers=h).text
    assert "+ Борис Второй" in page and "− Анна Первая" in page


def test_sessions_bad_form_values_unknown_cohorts_and_the_creation_event(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    session = _session(c, h, cohort_id, title="Открытие школы")
    superscript = c.post(f"/cohorts/sessions/{session['id']}/attendance", data={"person_ids": ["²"]}, headers=h)
    assert superscript.status_code == 303
    assert "Должно быть целое число" in c.get(f"/cohorts/sessions/{session['id']}/attendance", headers=h).text
    assert c.get("/cohorts/api/v1/cohorts/999999/sessions", headers=h).status_code == 404
    blank = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                   json={"title": "   ", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 60}, headers=h)
    assert blank.status_code == 422 and set(blank.json["errors"]) == {"title"}
    nul = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                 json={"title": "Шко\x00ла", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 60}, headers=h)
    assert nul.status_code == 422 and set(nul.json["errors"]) == {"title"}
    runtime = system.runtime("cohorts")
    with runtime.engine.connect() as conn:
        bodies = conn.execute(sa.select(runtime.tables.outbox.c.body).where(runtime.tables.outbox.c.routing_key == "cohorts.attendance.recorded")).scalars().all()
    announced = [json.loads(b)["data"] for b in bodies]
    assert [(d["session_id"], d["title"], d["person_ids"]) for d in announced] == [(session["id"], "Открытие школы", [])]
    for i in range(32):
        _session(c, h, cohort_id, title=f"Занятие {i:02d}")
    first = c.get(f"/cohorts/cohorts/{cohort_id}/sessions", headers=h).text
    assert "Занятие 28" in first and "Занятие 30" not in first and "?page=2" in first
    assert "Занятие 30" in c.get(f"/cohorts/cohorts/{cohort_id}/sessions?page=2", headers=h).text


def test_each_persons_first_session_follows_the_lists_the_sessions_times_and_a_merge(system):
    """The first session each person attended in a cohort (what the report's unique people read over the whole
    period) is the attendance's own minimum after every change: a list saved, a person taken off it, a session
    moved in time, two records merged."""
    from services.cohorts.school.models import Attendance, SchoolReachFact, SchoolSession

    h = coordinator_headers(system)
    c = system.client("cohorts")
    cohort_id = setup_cohort(system, h)["cohort"]["id"]
    api = "/cohorts/api/v1"
    first = c.post(f"{api}/cohorts/{cohort_id}/sessions", json={"title": "Первое", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 60}, headers=h).json
    second = c.post(f"{api}/cohorts/{cohort_id}/sessions", json={"title": "Второе", "starts_at": "2026-05-20T10:00:00+12:00", "duration_minutes": 60}, headers=h).json
    anna, boris, anna_again = enrolled(system, h, cohort_id, ["Анна Ким", "Борис Ли", "Анна Ким"])
    at = lambda day: dt.datetime(2026, 5, day, 22, 0, tzinfo=dt.timezone.utc)  # 10:00 the next day in Kamchatka

    def facts():
        with system.runtime("cohorts").session_factory() as session:
            held = {(c_, p): t for c_, p, t in session.execute(sa.select(
                SchoolReachFact.cohort_id, SchoolReachFact.person_id, SchoolReachFact.first_attended_at))}
            recomputed = {(c_, p): t for c_, p, t in session.execute(
                sa.select(SchoolSession.cohort_id, Attendance.person_id, sa.func.min(SchoolSession.starts_at))
                .join(Attendance, Attendance.session_id == SchoolSession.id).group_by(SchoolSession.cohort_id, Attendance.person_id))}
        assert held == recomputed
        return {p: t for (c_, p), t in held.items() if c_ == cohort_id}

    put = lambda session, ids: c.put(f"{api}/sessions/{session['id']}/attendance", json={"person_ids": ids}, headers=h)
    assert put(second, [anna, boris]).status_code == 200
    assert facts() == {anna: at(19), boris: at(19)}
    assert put(first, [anna, anna_again]).status_code == 200
    assert facts() == {anna: at(11), boris: at(19), anna_again: at(11)}
    assert put(first, [anna_again]).status_code == 200  # Анна taken off the first list: her first is the second again
    assert facts() == {anna: at(19), boris: at(19), anna_again: at(11)}
    moved = c.patch(f"{api}/sessions/{second['id']}", json={"starts_at": "2026-05-05T10:00:00+12:00"}, headers=h)
    assert moved.status_code == 200, moved.json
    assert facts() == {anna: at(4), boris: at(4), anna_again: at(11)}
    # the record kept had only the later session: the merged one's earlier session becomes its first
    assert c.post(f"{api}/people/{anna}/merge", json={"into": anna_again}, headers=h).status_code == 200
    assert facts() == {anna_again: at(4), boris: at(4)}
    assert put(second, []).status_code == 200  # the moved row taken off: the first list is all she has left
    assert facts() == {anna_again: at(11)}
