"""Teams, members, participants, mentors and nominations; their events reach consultations and fairs."""
from __future__ import annotations

import sqlalchemy as sa

from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
from tests.support.system import WorkerThread, wait_until


def person(c, h, name, phone):
    r = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": phone}, headers=h)
    assert r.status_code == 201, r.json
    return r.json["id"]


def test_members_added_moved_removed_and_the_rules_hold(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    a = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо")
    b = register_team(system, h, cohort_id, ids["territory"]["id"], "Анавгай")
    p1 = person(c, h, "Иван Первый", "+79140000011")
    p2 = person(c, h, "Пётр Второй", "+79140000012")
    assert c.post(f"/cohorts/api/v1/teams/{a['id']}/members", json={"person_id": p1, "role": "leader"}, headers=h).status_code == 201
    twice = c.post(f"/cohorts/api/v1/teams/{a['id']}/members", json={"person_id": p1}, headers=h)
    assert twice.status_code == 409 and twice.json["errors"]["person_id"] == ["Этот человек уже в команде."]
    other = c.post(f"/cohorts/api/v1/teams/{b['id']}/members", json={"person_id": p1}, headers=h)
    assert other.status_code == 409 and "Эссо" in other.json["message"]
    unknown = c.post(f"/cohorts/api/v1/teams/{a['id']}/members", json={"person_id": 999999}, headers=h)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"person_id": ["Такого человека нет."]}
    moved = c.post(f"/cohorts/api/v1/teams/{a['id']}/members/{p1}/move", json={"to_team_id": b["id"]}, headers=h)
    assert moved.status_code == 200 and moved.json["team_id"] == b["id"] and moved.json["role"] == "leader"
    assert c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", json={"person_id": p2}, headers=h).status_code == 201
    guests = c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/participants?without_team=true", headers=h).json
    assert [g["person_id"] for g in guests["items"]] == [p2]
    in_team = c.delete(f"/cohorts/api/v1/cohorts/{cohort_id}/participants/{p1}", headers=h)
    assert in_team.status_code == 409
    assert c.delete(f"/cohorts/api/v1/teams/{b['id']}/members/{p1}", headers=h).status_code == 204
    everyone = c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", headers=h).json
    assert everyone["total"] == 2  # removed from the team, still a participant


def test_team_validation_names_the_field(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    r = c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams", json={"name": "X", "kind": "ngo", "territory_id": 424242}, headers=h)
    assert r.status_code == 422 and r.json["errors"] == {"territory_id": ["Такой территории нет."]}
    r = c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams", json={"kind": "club"}, headers=h)
    assert r.status_code == 422 and set(r.json["errors"]) == {"name", "kind", "territory_id"}


def test_membership_mentors_and_nomination_reach_consultations_and_fairs(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Мильково", project_title="Тропа здоровья")
    p1 = person(c, h, "Анна Лидер", "+79140000021")
    p2 = person(c, h, "Борис Участник", "+79140000022")
    mentor = create_account(system, roles=("mentor",), name="Наставник Н.")
    juror_only = create_account(system, roles=("juror",))
    for pid, role in ((p1, "leader"), (p2, "member")):
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": pid, "role": role}, headers=h).status_code == 201
    assert c.delete(f"/cohorts/api/v1/teams/{team['id']}/members/{p2}", headers=h).status_code == 204
    not_mentor = c.post(f"/cohorts/api/v1/teams/{team['id']}/mentors", json={"account_id": juror_only["id"]}, headers=h)
    assert not_mentor.status_code == 422
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/mentors", json={"account_id": mentor["id"]}, headers=h).status_code == 201
    nominated = c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)
    assert nominated.status_code == 200 and nominated.json["nominated"] is True
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 409

    from services.consultations.db import REPLICAS as C
    from services.fairs.db import REPLICAS as F

    def state(runtime, r):
        with runtime.engine.connect() as conn:
            return (
                conn.execute(sa.select(r.members.c.person_id, r.members.c.role, r.members.c.active).order_by(r.members.c.person_id)).all(),
                conn.execute(sa.select(r.mentors.c.account_id, r.mentors.c.active)).all(),
                conn.execute(sa.select(r.teams.c.name, r.teams.c.nominated)).all(),
                conn.execute(sa.select(sa.func.count()).select_from(r.participants).where(r.participants.c.active)).scalar_one(),
            )

    expected = ([(p1, "leader", True), (p2, "member", False)], [(mentor["id"], True)], [("Мильково", True)], 2)
    consultations, fairs = system.runtime("consultations"), system.runtime("fairs")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations), WorkerThread(fairs):
        wait_until(lambda: state(consultations, C) == expected, message="consultations' replica")
        wait_until(lambda: state(fairs, F) == expected, message="fairs' replica")
        withdrawn = c.delete(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)
        assert withdrawn.status_code == 200 and withdrawn.json["nominated"] is False
        wait_until(lambda: state(fairs, F)[2] == [("Мильково", False)], message="the withdrawal in fairs")


def test_teams_filter_by_territory_district_and_nomination(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    milkovo = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо", project_title="Этнотропа")
    m = register_team(system, h, ids["cohort"]["id"], milkovo["id"], "Мильково", project_title="Тропа")
    c.post(f"/cohorts/api/v1/teams/{m['id']}/nomination", headers=h)
    base = f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams"
    names = lambda q: [t["name"] for t in c.get(base + q, headers=h).json["items"]]
    assert names(f"?territory_id={milkovo['id']}") == ["Мильково"]
    assert names("?district=мильковский мр") == ["Мильково"]
    assert names("?nominated=false") == ["Эссо"]
    assert names("?per_page=1&page=2") == ["Эссо"]
