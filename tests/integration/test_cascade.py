"""A cascade of trainers on the real servers, against a two-level programme built by hand: experts train five
resource-centre staff (level 1); three of them each lead a cohort of rural NGO workers (level 2: 14 + 13 + 13 = 40
people), and one trainer also sits in a colleague's cohort. Each level's people and organisations, each trainer's
reach and how many came to at least half of the sessions, everyone once; a cohort named as its own ancestor and a
trainer who was never in the parent are refused by name."""
from __future__ import annotations

from tests.support.api import coordinator_headers


def test_a_two_level_cascade_counts_each_level_each_trainer_and_everyone_once(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", json={"name": "Сельские НКО Казахстана", "starts_on": "2027-01-01",
                                                       "ends_on": "2027-12-31", "timezone": "Asia/Almaty"}, headers=h).json
    orgs = [c.post("/cohorts/api/v1/organisations", json={"name": f"НКО {n}", "kind": "ngo"}, headers=h).json["id"] for n in range(12)]
    phone = iter(range(1000, 2000))

    def person(name, organisation):
        return c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7701555{next(phone):04d}",
                                                      "organisation_id": organisation}, headers=h).json["id"]

    def cohort(name, **cascade):
        made = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": name, **cascade}, headers=h)
        assert made.status_code == 201, made.json
        return made.json

    def enrol(cohort_id, people):
        for pid in people:
            assert c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", json={"person_id": pid}, headers=h).status_code == 201

    top = cohort("Ресурсные центры: обучение экспертами")
    staff = [person(f"Сотрудник {n}", orgs[n % 2]) for n in range(5)]  # two resource centres
    enrol(top["id"], staff)
    t1, t2, t3 = staff[:3]
    outsider = person("Айгуль Посторонняя", orgs[2])
    refused = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "Лишний", "parent_cohort_id": top["id"],
                                                      "trainer_ids": [t1, outsider]}, headers=h)
    assert refused.status_code == 422
    assert refused.json["errors"] == {"trainer_ids": ["Не был участником родительского потока: Айгуль Посторонняя."]}

    level2 = []
    for trainer, size, oblast in ((t1, 14, "Алматинская"), (t2, 13, "Актюбинская"), (t3, 13, "Павлодарская")):
        made = cohort(f"Сельские НКО: {oblast} область", parent_cohort_id=top["id"], trainer_ids=[trainer], region=f"{oblast} область")
        assert (made["parent_cohort_id"], made["trainer_ids"]) == (top["id"], [trainer])
        workers = [person(f"{oblast} {n}", orgs[2 + (n % 10)]) for n in range(size)]
        enrol(made["id"], workers)
        level2.append((made, workers))
    (a, a_people), (b, _b_people), _ = level2
    enrol(b["id"], [t1])  # a trainer who also sits in a colleague's level-2 cohort: one person

    # four sessions in the first level-2 cohort: ten of its fourteen came to three, four to one only
    sessions = [c.post(f"/cohorts/api/v1/cohorts/{a['id']}/sessions", json={
        "title": f"Занятие {n}", "starts_at": f"2027-03-0{n + 1}T04:00:00+00:00", "duration_minutes": 120}, headers=h).json["id"]
        for n in range(4)]
    for n, session_id in enumerate(sessions):
        came = a_people[:10] if n < 3 else a_people[10:]
        assert c.put(f"/cohorts/api/v1/sessions/{session_id}/attendance", json={"person_ids": came}, headers=h).status_code == 200

    own_ancestor = c.patch(f"/cohorts/api/v1/cohorts/{top['id']}", json={"parent_cohort_id": a["id"]}, headers=h)
    assert own_ancestor.status_code == 422 and own_ancestor.json["errors"] == {"parent_cohort_id": ["Поток не может быть собственным предком."]}

    cascade = c.get(f"/cohorts/api/v1/programs/{program['id']}/report", headers=h).json["cascade"]
    assert [(lvl["level"], lvl["people"], lvl["organisations"]) for lvl in cascade["levels"]] == [(1, 5, 2), (2, 41, 11)]
    assert cascade["people_total"] == 45  # 5 staff and 40 workers: the trainer sitting at level 2 counted once
    assert [lvl["by_region"] for lvl in cascade["levels"]] == [
        {"": 5}, {"Актюбинская область": 14, "Алматинская область": 14, "Павлодарская область": 13}]  # by oblast
    assert [(t["person_id"], t["reached"], t["attended_half"]) for t in cascade["trainers"]] == [(t1, 14, 10), (t2, 14, 0), (t3, 13, 0)]
    assert c.get(f"/cohorts/api/v1/cohorts/{a['id']}/report", headers=h).json["cascade"] is None  # the programme's figure

    from tests.support.web import coordinator_client

    page = coordinator_client(system, "cohorts").get(f"/cohorts/programs/{program['id']}/report").get_data(as_text=True)
    assert 'id="cascade-levels"' in page and "Каскад тренеров" in page and ">45<" in page
    assert 'id="cascade-tree"' in page and "<svg" in page and "Сельские НКО: Алматинская область" in page  # the tree drawn
    # every figure opens its records: a level's people, a trainer's reach
    level2 = c.get(f"/cohorts/api/v1/programs/{program['id']}/cascade/people?level=2", headers=h).json
    assert len(level2) == 41 and t1 in {p["id"] for p in level2}
    reached = c.get(f"/cohorts/api/v1/programs/{program['id']}/cascade/people?trainer={t1}", headers=h).json
    assert len(reached) == 14 and t1 not in {p["id"] for p in reached}
    assert c.get(f"/cohorts/api/v1/programs/{program['id']}/cascade/people", headers=h).status_code == 422  # which figure?
    records = coordinator_client(system, "cohorts").get(f"/cohorts/programs/{program['id']}/cascade/people?level=1").get_data(as_text=True)
    assert "Сотрудник 0" in records and "Людей: 5." in records
