"""The front desk: a consultation for someone outside any cohort. A visitor typed at the desk becomes one person
of the register through cohorts (matched by phone or e-mail, or created; answered by an event), and the
consultation shows that person once the answer lands; the reach counts them once, on the real servers."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.people.models import Person
from tests.support.consultations import ago, world
from tests.support.system import WorkerThread, wait_until

CONSULTATIONS = "/consultations/api/v1/consultations"


def test_a_visitor_at_the_desk_becomes_one_person_and_counts_once(system):
    w = world(system)
    cohorts, desk, h = system.client("cohorts"), system.client("consultations"), w["h"]
    known = cohorts.post("/cohorts/api/v1/people", json={"full_name": "Ольга Известная", "phone": "+79145550001"}, headers=h).json

    refused = desk.post(CONSULTATIONS, json={"kind": "individual", "started_at": ago(hours=1), "duration_minutes": 30,
                                             "visitors": [{"full_name": "Без контакта"}]}, headers=w["mentor"])
    assert refused.status_code == 422 and list(refused.json["errors"]) == ["visitors"]
    assert "Без контакта" in refused.json["errors"]["visitors"][0]
    bad_phone = desk.post(CONSULTATIONS, json={"kind": "individual", "started_at": ago(hours=1), "duration_minutes": 30,
                                               "visitors": [{"full_name": "Пётр", "phone": "12"}]}, headers=w["mentor"])
    assert bad_phone.status_code == 422 and list(bad_phone.json["errors"]) == ["visitors"]
    nobody = desk.post(CONSULTATIONS, json={"kind": "individual", "started_at": ago(hours=1), "duration_minutes": 30},
                       headers=w["mentor"])
    assert nobody.status_code == 422 and list(nobody.json["errors"]) == ["team_ids"]

    logged = desk.post(CONSULTATIONS, json={
        "kind": "group", "started_at": ago(hours=2), "duration_minutes": 45, "topics": ["Регистрация НКО"],
        "visitors": [{"full_name": "Ольга", "phone": "8 914 555-00-01"},  # a person the register knows, by phone
                     {"full_name": "Семён Новиков", "email": "semen@example.ru", "organisation": "ТОС «Ключи»"}]},
        headers=w["mentor"])
    assert logged.status_code == 201, logged.json
    consultation = logged.json
    assert consultation["cohort_id"] is None and consultation["team_ids"] == []
    assert [(v["full_name"], v["matched"]) for v in consultation["visitors"]] == [("Ольга", False), ("Семён Новиков", False)]

    def shown():
        return desk.get(f"{CONSULTATIONS}/{consultation['id']}", headers=w["mentor"]).json

    with WorkerThread(system.runtime("consultations")), WorkerThread(system.runtime("cohorts")), WorkerThread(system.runtime("fairs")):
        wait_until(lambda: all(v["matched"] for v in shown()["visitors"]), message="the visitors matched by cohorts")
        after = shown()
        with system.runtime("cohorts").uow() as uow:
            semen = uow.session.execute(sa.select(Person).where(Person.email == "semen@example.ru")).scalar_one()
            assert uow.session.execute(sa.select(sa.func.count()).select_from(Person).where(Person.phone == "+79145550001")).scalar() == 1
        assert sorted(after["attendee_ids"]) == sorted([known["id"], semen.id])
        assert {v["person_id"] for v in after["visitors"]} == {known["id"], semen.id}
        assert {v["full_name"] for v in after["visitors"]} == {"Ольга Известная", "Семён Новиков"}  # the register's names
        # the whole centre's reach counts them, once each, from the consultation's facts
        wait_until(lambda: cohorts.get("/cohorts/api/v1/reach", headers=h).json["by_activity"]["consultations"] == 2,
                   message="the consultation's attendees in the reach")
    # the same visitor again (by e-mail now) is the same person
    again = desk.post(CONSULTATIONS, json={"kind": "individual", "started_at": ago(hours=1), "duration_minutes": 30,
                                           "visitors": [{"full_name": "Семён", "email": "SEMEN@example.ru"}]}, headers=w["mentor"]).json
    with WorkerThread(system.runtime("consultations")), WorkerThread(system.runtime("cohorts")):
        wait_until(lambda: desk.get(f"{CONSULTATIONS}/{again['id']}", headers=w["mentor"]).json["attendee_ids"] == [semen.id],
                   message="the returning visitor matched")
    reach = cohorts.get("/cohorts/api/v1/reach", headers=h).json
    assert reach["by_activity"]["consultations"] == 2
    # a programme's reach leaves the centre's own consultations out
    assert cohorts.get("/cohorts/api/v1/reach", query_string={"program_id": w["cohort"]["program_id"]}, headers=h).json[
        "by_activity"]["consultations"] == 0
    # the typed contact is not kept at the desk once the register has it
    from services.consultations.log.models import ConsultationVisitor
    with system.runtime("consultations").uow() as uow:
        assert uow.session.execute(sa.select(sa.func.count()).select_from(ConsultationVisitor).where(
            sa.or_(ConsultationVisitor.phone.is_not(None), ConsultationVisitor.email.is_not(None)))).scalar() == 0
