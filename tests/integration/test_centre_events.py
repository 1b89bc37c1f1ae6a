"""Events of the centre on the real database: registration by anyone (a seat or the waiting list, the same phone or
e-mail being the same registration), cancellation moving the line up, the capacity race, refusals naming the
field, the flood limit, and the door (its link, check-in by ticket, by name, a walk-in, the unnamed count)."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from services.cohorts.events.models import Event, Registration
from services.cohorts.people.models import Person
from tests.support.api import coordinator_headers, setup_cohort
from tests.support.centre import API, FUTURE, PAST, make_event, register

def test_seats_then_a_waiting_list_that_moves_up_at_once(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h)
    assert event["program_id"] is None and event["registration_url"].endswith(f"/cohorts/events/{event['id']}/register")
    anna = register(c, event["id"], "Анна Ёлкина", phone="+7 914 111-22-33")
    boris = register(c, event["id"], "Борис Петров", email="boris@example.ru")
    vera = register(c, event["id"], "Вера Ким", phone="89142223344")
    gleb = register(c, event["id"], "Глеб Ли", phone="89143334455")
    assert [r.status_code for r in (anna, boris, vera, gleb)] == [201] * 4
    assert [(r.json["status"], r.json["position"]) for r in (anna, boris, vera, gleb)] == [
        ("registered", None), ("registered", None), ("waitlisted", 1), ("waitlisted", 2)]

    # the same phone written another way is the same registration, never a second person
    again = register(c, event["id"], "Анна Ё.", phone="8 (914) 111 22 33")
    assert again.status_code == 201 and again.json["ticket"] == anna.json["ticket"]
    with system.runtime("cohorts").uow() as uow:
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Person).where(Person.phone == "+79141112233")).scalar() == 1

    # a cancellation gives the seat to the first in line at once; twice is once
    gone = c.delete(f"{API}/events/{event['id']}/registrations/{boris.json['ticket']}")
    assert gone.status_code == 200 and gone.json["status"] == "cancelled"
    assert c.delete(f"{API}/events/{event['id']}/registrations/{boris.json['ticket']}").json["status"] == "cancelled"
    assert c.get(f"{API}/events/{event['id']}/registrations/{vera.json['ticket']}").json["status"] == "registered"
    assert c.get(f"{API}/events/{event['id']}/registrations/{gleb.json['ticket']}").json["position"] == 1
    listed = c.get(f"{API}/events/{event['id']}/registrations", headers=h).json
    assert [(r["full_name"], r["status"]) for r in listed] == [
        ("Анна Ёлкина", "registered"), ("Борис Петров", "cancelled"), ("Вера Ким", "registered"), ("Глеб Ли", "waitlisted")]
    assert all(r["person_id"] for r in listed)
    assert c.get(f"{API}/events/{event['id']}", headers=h).json["seats_taken"] == 2

    # a larger hall: the line moves up
    assert c.patch(f"{API}/events/{event['id']}", json={"capacity": 3}, headers=h).json["seats_taken"] == 3
    smaller = c.patch(f"{API}/events/{event['id']}", json={"capacity": 1}, headers=h)
    assert smaller.status_code == 422 and list(smaller.json["errors"]) == ["capacity"]
    # the registrations list and a ticket guessed: staff only, and no enumeration
    assert c.get(f"{API}/events/{event['id']}/registrations").status_code == 401
    assert c.get(f"{API}/events/{event['id']}/registrations/{'A' * 32}").status_code == 404


def test_refusals_name_the_field_in_the_callers_language(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h)
    no_consent = register(c, event["id"], "Анна", phone="+79141112233", consent=False)
    assert no_consent.status_code == 422 and list(no_consent.json["errors"]) == ["consent"]
    assert "согласие" in no_consent.json["errors"]["consent"][0]
    no_contact = register(c, event["id"], "Анна")
    assert no_contact.status_code == 422 and list(no_contact.json["errors"]) == ["phone"]
    bad_phone = system.app("cohorts").test_client().post(f"{API}/events/{event['id']}/registrations?lang=en", json={"full_name": "Anna", "phone": "12", "consent": True})
    assert bad_phone.status_code == 422 and bad_phone.json["errors"] == {"phone": ["Not a valid phone number."]}
    past = make_event(c, h, starts_at=PAST)
    refused = register(c, past["id"], "Анна", phone="+79141112233")
    assert refused.status_code == 409 and refused.json["errors"] == {"event": ["Регистрация на это мероприятие завершена."]}
    for mode in ("closed", "invitation"):
        shut = make_event(c, h, registration=mode)
        assert register(c, shut["id"], "Анна", phone="+79141112233").status_code == 409
    early = make_event(c, h, registration_closes_at="2021-01-01T00:00:00+00:00")
    assert register(c, early["id"], "Анна", phone="+79141112233").status_code == 409
    wrong_cohort = c.post(f"{API}/events", json={"kind": "seminar", "title": "x", "starts_at": FUTURE, "duration_minutes": 60,
                                                "cohort_id": 987654}, headers=h)
    assert wrong_cohort.status_code == 422 and list(wrong_cohort.json["errors"]) == ["cohort_id"]
    with system.runtime("cohorts").uow() as uow:  # nothing half-written by the refusals
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Registration)).scalar() == 0


def test_fifty_at_once_for_the_last_ten_seats(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h, capacity=10)
    app = system.app("cohorts")
    start = threading.Barrier(50)
    answers = [None] * 50

    def press(i):
        client = app.test_client()
        start.wait()
        answers[i] = register(client, event["id"], f"Участник {i:02d}", phone=f"+7914{i:07d}")

    threads = [threading.Thread(target=press, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201] * 50, [a.json for a in answers if a.status_code != 201]
    statuses = sorted(a.json["status"] for a in answers)
    assert statuses.count("registered") == 10 and statuses.count("waitlisted") == 40
    assert sorted(a.json["position"] for a in answers if a.json["status"] == "waitlisted") == list(range(1, 41))
    with system.runtime("cohorts").uow() as uow:
        assert uow.session.get(Event, event["id"]).seats_taken == 10
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Registration)).scalar() == 50


def test_a_script_flooding_the_form_is_stopped_and_nothing_is_created(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h, capacity=None)
    codes = [register(c, event["id"], f"Бот {i}", email=f"bot{i}@example.ru").status_code for i in range(121)]
    assert codes[:120] == [201] * 120 and codes[120] == 429
    flood = register(c, event["id"], "Бот последний", email="last@example.ru")
    assert flood.status_code == 429 and list(flood.json["errors"]) == ["full_name"]
    with system.runtime("cohorts").uow() as uow:
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Person).where(Person.email == "last@example.ru")).scalar() == 0


def test_the_door_checks_in_by_ticket_by_name_and_walk_ins_are_people_of_the_register(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    place = setup_cohort(system, h)
    event = make_event(c, h, capacity=None, program_id=place["program"]["id"])
    anna = register(c, event["id"], "Анна Ёлкина", phone="+7 914 111-22-33").json
    register(c, event["id"], "Анна Ёлкина", phone="+7 914 999-88-77")  # a namesake, told apart by the phone's end
    link = c.post(f"{API}/events/{event['id']}/door-link", headers=h)
    assert link.status_code == 201
    token = link.json["url"].rsplit("/", 1)[1]
    door = c.get(f"{API}/door/{token}").json
    assert sorted(r["phone_tail"] for r in door["registrants"]) == ["…233", "…877"]
    assert "+7914" not in str(door) and "79141112233" not in str(door)  # never a phone in full
    # any part of the phone finds the registrant (on the server), the answer still without the phone
    found = c.get(f"{API}/door/{token}", query_string={"q": "999-88"}).json["registrants"]
    assert [r["phone_tail"] for r in found] == ["…877"]
    assert [r["full_name"] for r in c.get(f"{API}/door/{token}", query_string={"q": "елкина"}).json["registrants"]] == [
        "Анна Ёлкина", "Анна Ёлкина"]

    assert c.post(f"{API}/door/{token}/checkins", json={"ticket": anna["ticket"]}).status_code == 201
    again = c.post(f"{API}/door/{token}/checkins", json={"ticket": anna["ticket"]})
    assert again.status_code == 201  # twice is once
    # a walk-in who is already a person of the register (same phone) stays one person
    known = c.post(f"{API}/people", json={"full_name": "Пётр Ли", "phone": "+79145556677"}, headers=h).json
    walked = c.post(f"{API}/door/{token}/checkins", json={"full_name": "Петя Ли", "phone": "8 914 555 66 77", "organisation": "ТОС"})
    assert walked.status_code == 201 and walked.json["person_id"] == known["id"] and walked.json["walk_in"] is True
    assert c.put(f"{API}/door/{token}/anonymous", json={"anonymous_attendees": 40}).json == {"anonymous_attendees": 40}
    assert c.get(f"{API}/events/{event['id']}", headers=h).json["anonymous_attendees"] == 40
    present = [r for r in c.get(f"{API}/door/{token}").json["registrants"] if r["checked_in"]]
    assert sorted(r["full_name"] for r in present) == ["Анна Ёлкина", "Пётр Ли"]

    # a new link ends the old; a guessed one opens nothing
    c.post(f"{API}/events/{event['id']}/door-link", headers=h)
    assert c.get(f"{API}/door/{token}").status_code == 404
    # a person who registered, came, and is later in a cohort is one person
    c.post(f"{API}/cohorts/{place['cohort']['id']}/participants", json={"person_id": walked.json["person_id"]}, headers=h)
    with system.runtime("cohorts").uow() as uow:
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Person).where(Person.full_name.like("%Ли"))).scalar() == 1


def test_the_same_new_phone_sent_twice_at_once_is_one_person_and_one_registration(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h, capacity=None)
    app = system.app("cohorts")
    start = threading.Barrier(6)
    answers = [None] * 6

    def press(i):  # one phone, six taps from a bad network, each with its own key
        client = app.test_client()
        start.wait()
        answers[i] = register(client, event["id"], "Анна Ёлкина", phone="+79141112233")

    threads = [threading.Thread(target=press, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201] * 6, [a.json for a in answers]
    assert len({a.json["ticket"] for a in answers}) == 1
    with system.runtime("cohorts").uow() as uow:
        assert uow.session.execute(sa.select(sa.func.count()).select_from(Person)).scalar() == 1
        assert uow.session.get(Event, event["id"]).seats_taken == 1


def test_a_merge_of_two_registrations_of_one_person_gives_the_seat_back(system):
    c, h = system.client("cohorts"), coordinator_headers(system)
    event = make_event(c, h, capacity=2)
    by_phone = register(c, event["id"], "Анна Ёлкина", phone="+79141112233").json
    by_email = register(c, event["id"], "Анна Ёлкина", email="anna@example.ru").json
    waiting = register(c, event["id"], "Борис Петров", phone="+79145556677").json
    assert (by_phone["status"], by_email["status"], waiting["status"]) == ("registered", "registered", "waitlisted")
    anna_ids = sorted(r["person_id"] for r in c.get(f"{API}/events/{event['id']}/registrations", headers=h).json
                      if r["full_name"] == "Анна Ёлкина")
    assert len(anna_ids) == 2  # two records of one person, found out later
    assert c.post(f"{API}/people/{anna_ids[1]}/merge", json={"into": anna_ids[0]}, headers=h).status_code == 200
    # one Анна, one seat; Борис moves up into the seat the twin gave back
    assert c.get(f"{API}/events/{event['id']}", headers=h).json["seats_taken"] == 2
    assert c.get(f"{API}/events/{event['id']}/registrations/{waiting['ticket']}").json["status"] == "registered"
    assert [r["full_name"] for r in c.get(f"{API}/events/{event['id']}/registrations", headers=h).json] == ["Анна Ёлкина", "Борис Петров"]


def test_a_school_session_is_an_event_of_its_cohort(system):
    from tests.support.api import enrolled

    c, h = system.client("cohorts"), coordinator_headers(system)
    place = setup_cohort(system, h)
    cohort_id, program_id = place["cohort"]["id"], place["program"]["id"]
    people = enrolled(system, h, cohort_id, ["Анна Эссо", "Борис Эссо"])
    session = c.post(f"{API}/cohorts/{cohort_id}/sessions", json={
        "title": "Выездная школа", "starts_at": "2025-05-12T10:00:00+12:00", "duration_minutes": 240, "place": "с. Эссо"}, headers=h).json
    events = c.get(f"{API}/events", query_string={"program_id": program_id}, headers=h).json["items"]
    assert [(e["kind"], e["title"], e["cohort_id"], e["registration"]) for e in events] == [
        ("training", "Выездная школа", cohort_id, "invitation")]
    # nothing that worked before changes: the school's own paths answer, and a change of the session is the event's
    changed = c.patch(f"{API}/sessions/{session['id']}", json={"title": "Выездная школа в Эссо"}, headers=h)
    assert changed.status_code == 200, changed.json
    event = c.get(f"{API}/events/{events[0]['id']}", headers=h).json
    assert event["title"] == "Выездная школа в Эссо"
    # the plan's line carried out by the session counts the people on its attendance list
    line = c.post(f"{API}/programs/{program_id}/plan", json={"kind": "training", "title": "Школа", "month": "2025-05"}, headers=h).json
    assert c.patch(f"{API}/events/{event['id']}", json={"plan_item_id": line["id"]}, headers=h).status_code == 200
    assert c.put(f"{API}/sessions/{session['id']}/attendance", json={"person_ids": people}, headers=h).status_code == 200
    plan = c.get(f"{API}/programs/{program_id}/plan", headers=h).json
    assert [(p["held"], p["people"]) for p in plan] == [(1, 2)]
    page = c.get(f"/cohorts/events/{event['id']}", headers=h)
    assert page.status_code == 200 and f"/cohorts/sessions/{session['id']}/attendance" in page.text
    # a session that will not take place leaves the events too
    other = c.post(f"{API}/cohorts/{cohort_id}/sessions", json={
        "title": "Отменённое занятие", "starts_at": "2025-06-12T10:00:00+12:00", "duration_minutes": 60}, headers=h).json
    from services.cohorts.school.operations import cancel_session

    with system.runtime("cohorts").uow() as uow:  # as the session's page does
        cancel_session(uow, other["id"])
        uow.commit()
    assert [e["title"] for e in c.get(f"{API}/events", headers=h).json["items"]] == ["Выездная школа в Эссо"]
