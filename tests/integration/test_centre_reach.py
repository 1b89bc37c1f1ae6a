"""Reach counted once, checked against a hand-built centre on the real servers: a person at an open day, in a
cohort, at a consultation and a visit counts once; a school talk's 40 unnamed listeners stand apart; a merged
duplicate is one person, an erased one is counted and never shown; a registration alone is not reach. Then the
plan (planned against held, people per line, overdue), visits, news, and the public feeds read by real parsers."""
from __future__ import annotations

import datetime as dt

import feedparser
import icalendar
import sqlalchemy as sa

from tests.support.consultations import ago, world
from tests.support.system import WorkerThread, wait_until

API = "/cohorts/api/v1"


def _event(c, h, program_id, **extra):
    body = {"kind": "open_day", "title": "День открытых дверей", "starts_at": "2025-03-14T11:00:00+12:00",
            "duration_minutes": 180, "program_id": program_id, **extra}
    made = c.post(f"{API}/events", json=body, headers=h)
    assert made.status_code == 201, made.json
    return made.json


def test_a_hand_built_centre_counts_each_person_once(system):
    w = world(system)  # a cohort of two teams: Анна, Борис, Вера (participants), a mentor; replicated to consultations
    c, h = system.client("cohorts"), w["h"]
    anna, boris, vera = w["people"]
    program_id = w["cohort"]["program_id"]
    ngo = c.post(f"{API}/organisations", json={"name": "НКО «Эссо»", "kind": "ngo"}, headers=h).json
    council = c.post(f"{API}/organisations", json={"name": "Администрация с. Эссо", "kind": "municipal"}, headers=h).json
    assert c.patch(f"{API}/people/{anna}", json={"organisation_id": ngo["id"]}, headers=h).status_code == 200

    # the plan: an open day in March 2025 (held), a seminar of January 2020 (nothing held: overdue)
    line = c.post(f"{API}/programs/{program_id}/plan", json={"kind": "open_day", "title": "День открытых дверей",
                                                              "month": "2025-03", "target_people": 30}, headers=h)
    assert line.status_code == 201, line.json
    c.post(f"{API}/programs/{program_id}/plan", json={"kind": "seminar", "title": "Семинар", "month": "2020-01"}, headers=h)
    bad_month = c.post(f"{API}/programs/{program_id}/plan", json={"kind": "seminar", "title": "x", "month": "март"}, headers=h)
    assert bad_month.status_code == 422 and list(bad_month.json["errors"]) == ["month"]

    open_day = _event(c, h, program_id, plan_item_id=line.json["id"])
    # Анна comes (matched by her phone: one person), and the head of the village council
    came = c.post(f"{API}/events/{open_day['id']}/checkins", json={"full_name": "Анна", "phone": "+7 914 777-00-00"}, headers=h)
    assert came.status_code == 201 and came.json["person_id"] == anna
    head = c.post(f"{API}/people", json={"full_name": "Глава поселения", "phone": "+79140000009",
                                         "organisation_id": council["id"]}, headers=h).json
    assert c.post(f"{API}/events/{open_day['id']}/checkins", json={"full_name": "Глава", "phone": "+79140000009"},
                  headers=h).json["person_id"] == head["id"]
    # a school talk: 40 listeners, nobody named
    talk = _event(c, h, program_id, kind="discussion", title="Беседа в школе", starts_at="2025-03-20T10:00:00+12:00", registration="closed")
    assert c.patch(f"{API}/events/{talk['id']}", json={"anonymous_attendees": 40}, headers=h).json["anonymous_attendees"] == 40
    # someone who registers for a later event and has not come: not reach
    later = _event(c, h, program_id, title="Конференция", kind="conference", starts_at="2090-10-01T10:00:00+12:00")
    assert c.post(f"{API}/events/{later['id']}/registrations", json={"full_name": "Дмитрий Только-Записался",
                  "phone": "+79140000010", "consent": True}).status_code == 201
    # Анна uses the library (for the programme); a duplicate record of hers (by e-mail) visits the centre's office,
    # then is merged into hers
    assert c.post(f"{API}/visits", json={"person_id": anna, "purpose": "library", "visited_on": "2025-03-10",
                                                 "program_id": program_id}, headers=h).status_code == 201
    dup = c.post(f"{API}/visits", json={"full_name": "Анна Эссо", "email": "anna@example.ru", "purpose": "office",
                                        "visited_on": "2025-03-11"}, headers=h)
    assert dup.status_code == 201 and dup.json["person_id"] != anna
    assert c.post(f"{API}/people/{dup.json['person_id']}/merge", json={"into": anna}, headers=h).status_code == 200
    no_one = c.post(f"{API}/visits", json={"purpose": "library", "visited_on": "2025-03-10"}, headers=h)
    assert no_one.status_code == 422 and list(no_one.json["errors"]) == ["person_id"]

    # Анна at a held consultation, through the consultations service and its event
    logged = system.client("consultations").post("/consultations/api/v1/consultations", json={
        "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(hours=2), "duration_minutes": 60,
        "attendee_ids": [anna]}, headers=w["mentor"])
    assert logged.status_code == 201, logged.json
    with WorkerThread(system.runtime("consultations")), WorkerThread(system.runtime("cohorts")):
        wait_until(lambda: c.get(f"{API}/reach", query_string={"program_id": program_id}, headers=h).json["by_activity"]["consultations"] == 1,
                   message="the consultation in cohorts")
    # Вера's data is erased: still counted, never shown
    assert c.post(f"{API}/people/{vera}/erasure", headers=h).status_code == 200

    reach = c.get(f"{API}/reach", query_string={"program_id": program_id}, headers=h).json
    assert reach == {
        "people": 4,  # Анна (open day, cohort, consultation, a visit), Борис, Вера (cohort), the head (open day)
        "anonymous": 40, "anonymous_by_activity": {"events": 40, "consultations": 0},
        "organisations": 2,
        "by_activity": {"events": 2, "cohorts": 3, "school": 0, "consultations": 1, "visits": 1, "fairs": 0},
        "by_sector": {"municipal": 1, "ngo": 1, "none": 2},
        "frequent": 1,
    }
    listed = c.get(f"{API}/reach/people", query_string={"program_id": program_id}, headers=h).json
    assert listed["total"] == 4
    by_id = {p["id"]: p for p in listed["items"]}
    assert by_id[anna]["contacts"] == 4 and by_id[vera]["full_name"] is None and by_id[vera]["erased"] is True
    frequent = c.get(f"{API}/reach/people", query_string={"program_id": program_id, "frequent": "true"}, headers=h).json
    assert [p["id"] for p in frequent["items"]] == [anna]
    state = c.get(f"{API}/reach/people", query_string={"program_id": program_id, "sector": "municipal"}, headers=h).json
    assert [p["id"] for p in state["items"]] == [head["id"]]
    orgs = c.get(f"{API}/reach/organisations", query_string={"program_id": program_id}, headers=h).json
    assert sorted((o["name"], o["people"]) for o in orgs["items"]) == [("Администрация с. Эссо", 1), ("НКО «Эссо»", 1)]

    # March 2025 only: the open day and the visits; the cohort (enrolled later) and the consultation fall outside
    march = c.get(f"{API}/reach", query_string={"program_id": program_id, "from": "2025-03-01", "to": "2025-03-31"}, headers=h).json
    assert (march["people"], march["anonymous"], march["by_activity"]["cohorts"], march["by_activity"]["visits"]) == (2, 40, 0, 1)
    backwards = c.get(f"{API}/reach", query_string={"from": "2025-03-31", "to": "2025-03-01"}, headers=h)
    assert backwards.status_code == 422 and list(backwards.json["errors"]) == ["to"]
    # the whole centre: the same people (one programme), Анна's visit to the centre's office counted with hers
    assert c.get(f"{API}/reach", headers=h).json["people"] == 4
    whole = {p["id"]: p["contacts"] for p in c.get(f"{API}/reach/people", headers=h).json["items"]}
    assert whole[anna] == 5

    # the plan: planned against held, people per line, overdue
    plan = {p["month"]: p for p in c.get(f"{API}/programs/{program_id}/plan", headers=h).json}
    assert (plan["2025-03"]["held"], plan["2025-03"]["people"], plan["2025-03"]["target_people"], plan["2025-03"]["overdue"]) == (1, 2, 30, False)
    assert (plan["2020-01"]["held"], plan["2020-01"]["overdue"]) == (0, True)

    # the pages open, with the figures and their records
    page = c.get(f"/cohorts/reach?program_id={program_id}", headers=h)
    assert page.status_code == 200 and 'id="reach-people"' in page.text
    records = c.get(f"/cohorts/reach/people?program_id={program_id}&activity=events", headers=h).text
    assert "Глава поселения" in records and "Борис" not in records
    workbook = c.get(f"/cohorts/reach.xlsx?program_id={program_id}", headers=h)
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    assert c.get(f"/cohorts/programs/{program_id}/plan", headers=h).status_code == 200


def test_news_and_events_reach_a_phone_calendar_and_a_feed_reader(system):
    w = world(system)
    c, h = system.client("cohorts"), w["h"]
    program_id = w["cohort"]["program_id"]
    future = _event(c, h, program_id, title="Конференция НКО", kind="conference", starts_at="2090-10-01T10:00:00+12:00",
                    place="ДК «Эссо»")
    _event(c, h, program_id, title="Закрытая встреча", kind="round_table", starts_at="2090-10-02T10:00:00+12:00",
           registration="invitation")
    posted = c.post(f"{API}/programs/{program_id}/news", json={"title": "Открыт набор", "body": "Приглашаем НКО района."}, headers=h)
    assert posted.status_code == 201
    assert c.post(f"{API}/programs/{program_id}/news", json={"title": "Без текста", "body": "   "}, headers=h).status_code == 422
    assert c.post(f"{API}/programs/{program_id}/news", json={"title": "x", "body": "y"}).status_code == 401
    assert [n["title"] for n in c.get(f"{API}/programs/{program_id}/news").json] == ["Открыт набор"]

    public = system.app("cohorts").test_client()  # no account
    page = public.get(f"/cohorts/public/programs/{program_id}")
    assert page.status_code == 200 and "Конференция НКО" in page.text and "Открыт набор" in page.text
    assert "Закрытая встреча" not in page.text  # by invitation: not announced for registration
    assert f"/cohorts/events/{future['id']}/register" in page.text

    calendar = icalendar.Calendar.from_ical(public.get(f"/cohorts/public/programs/{program_id}/events.ics").data)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(entries) == {"Конференция НКО", "Закрытая встреча"}
    conference = entries["Конференция НКО"]
    assert conference.decoded("dtstart") == dt.datetime(2090, 9, 30, 22, 0, tzinfo=dt.timezone.utc)
    assert str(conference["location"]) == "ДК «Эссо»" and str(conference["uid"]).startswith(f"event-{future['id']}@")

    feed = feedparser.parse(public.get(f"/cohorts/public/programs/{program_id}/news.atom").data)
    assert not feed.bozo and feed.feed.title == c.get(f"{API}/programs/{program_id}", headers=h).json["name"]
    assert [(e.title, e.content[0].value) for e in feed.entries] == [("Открыт набор", "Приглашаем НКО района.")]
    assert public.get("/cohorts/public/programs/987654").status_code == 404
