"""Teams, members, participants, mentors and nominations; their events reach consultations and fairs."""
from __future__ import annotations

import json
import re

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
    resent = c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)  # a resend: the current state, no second event
    assert resent.status_code == 200 and resent.json == nominated.json

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
        # Анна hands the lead over and stays a member: the replicas follow the new role
        assert c.patch(f"/cohorts/api/v1/teams/{team['id']}/members/{p1}", json={"role": "member"}, headers=h).status_code == 200
        wait_until(lambda: state(consultations, C)[0][0] == (p1, "member", True), message="the new role in consultations")
        wait_until(lambda: state(fairs, F)[0][0] == (p1, "member", True), message="the new role in fairs")


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


def csrf(c, h, url) -> str:
    """The form's CSRF token (tied to the test client's session cookie)."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', c.get(url, headers=h).text).group(1)


def _outbox(system, routing_key):
    runtime = system.runtime("cohorts")
    t = runtime.tables.outbox
    with runtime.engine.connect() as conn:
        return [json.loads(b)["data"] for b in conn.execute(sa.select(t.c.body).where(t.c.routing_key == routing_key).order_by(t.c.id)).scalars()]


def test_archiving_a_team_withdraws_it_unassigns_mentors_releases_members_and_leaves_the_dashboard(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Уехавшие", project_title="Проект")
    stays = register_team(system, h, cohort_id, ids["territory"]["id"], "Оставшиеся", project_title="Другой")
    p1 = person(c, h, "Анна Уехавшая", "+79140000051")
    mentor = create_account(system, roles=("mentor",), name="Наставник")
    c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": p1, "role": "leader"}, headers=h)
    c.post(f"/cohorts/api/v1/teams/{team['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)
    c.post(f"/cohorts/api/v1/teams/{stays['id']}/nomination", headers=h)
    archived = c.patch(f"/cohorts/api/v1/teams/{team['id']}", json={"archived": True}, headers=h)
    assert archived.status_code == 200 and archived.json["archived"] is True and archived.json["nominated"] is False
    assert _outbox(system, "cohorts.team.withdrawn")[-1]["team_id"] == team["id"]
    assert _outbox(system, "cohorts.mentor.unassigned") == [{"team_id": team["id"], "cohort_id": cohort_id, "account_id": mentor["id"]}]
    assert [d["person_id"] for d in _outbox(system, "cohorts.member.removed")] == [p1]
    assert c.get(f"/cohorts/api/v1/teams/{team['id']}/members", headers=h).json["total"] == 0
    # released: she can join another team and stays a participant
    assert c.post(f"/cohorts/api/v1/teams/{stays['id']}/members", json={"person_id": p1}, headers=h).status_code == 201
    report = c.get(f"/cohorts/api/v1/cohorts/{cohort_id}/report", headers=h).json
    assert report["indicators"]["teams"]["value"] == 1 and report["projects_presented"] == 1
    with system.runtime("cohorts").engine.connect() as conn:  # the database holds the rule too
        try:
            conn.execute(sa.text("UPDATE teams SET nominated_at = now() WHERE id = :id"), {"id": team["id"]})
            conn.commit()
            raise AssertionError("an archived team was nominated")
        except sa.exc.IntegrityError:
            conn.rollback()


def test_blank_names_nul_and_unknown_cohorts_are_refused_naming_the_field(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    r = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", json={"name": "   ", "kind": "ngo", "territory_id": ids["territory"]["id"]}, headers=h)
    assert r.status_code == 422 and r.json["errors"] == {"name": ["Не может быть пустым."]}
    r = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/teams", json={"name": "Ко\x00манда", "kind": "ngo", "territory_id": ids["territory"]["id"]}, headers=h)
    assert r.status_code == 422 and r.json["errors"] == {"name": ["Содержит недопустимый символ NUL."]}
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо")
    assert c.patch(f"/cohorts/api/v1/teams/{team['id']}", json={"name": " \t "}, headers=h).status_code == 422
    assert c.get("/cohorts/api/v1/cohorts/999999/teams", headers=h).status_code == 404
    assert c.get("/cohorts/api/v1/cohorts/999999/participants", headers=h).status_code == 404


def test_team_pages_edit_change_roles_and_refuse_bad_numbers(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    milkovo = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers=h).json
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо")
    p1 = person(c, h, "Анна Участница", "+79140000061")
    c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": p1}, headers=h)
    page = c.get(f"/cohorts/teams/{team['id']}", headers=h).text
    assert "Быстринский МР / с. Эссо" in page and f"/cohorts/teams/{team['id']}/edit" in page
    edit = c.get(f"/cohorts/teams/{team['id']}/edit", headers=h)
    assert edit.status_code == 200 and 'value="Эссо"' in edit.text
    token = csrf(c, h, f"/cohorts/teams/{team['id']}/edit")
    blank = c.post(f"/cohorts/teams/{team['id']}/edit", data={"csrf_token": token, "name": "  ", "kind": "ngo", "territory_id": milkovo["id"]}, headers=h)
    assert blank.status_code == 422 and "has-error" in blank.text
    saved = c.post(f"/cohorts/teams/{team['id']}/edit", data={"csrf_token": token,
        "name": "Мильково вместе", "kind": "ngo", "territory_id": str(milkovo["id"]), "project_title": "Тропа", "project_summary": "Экотропа у реки"}, headers=h)
    assert saved.status_code == 303
    t = c.get(f"/cohorts/api/v1/teams/{team['id']}", headers=h).json
    assert (t["name"], t["kind"], t["territory_id"], t["project_summary"], t["settlement"]) == ("Мильково вместе", "ngo", milkovo["id"], "Экотропа у реки", "с. Мильково")
    assert c.post(f"/cohorts/teams/{team['id']}/members/{p1}/role", data={"role": "leader"}, headers=h).status_code == 303
    assert c.get(f"/cohorts/api/v1/teams/{team['id']}/members", headers=h).json["items"][0]["role"] == "leader"
    updated = _outbox(system, "cohorts.member.updated")  # a new role is an update, not a second joining
    assert updated == [{"team_id": team["id"], "cohort_id": cohort_id, "person_id": p1, "role": "leader"}]
    c.patch(f"/cohorts/api/v1/teams/{team['id']}/members/{p1}", json={"role": "leader"}, headers=h)  # no change: no event
    assert len(_outbox(system, "cohorts.member.updated")) == 1
    for url, data, field in (
        (f"/cohorts/teams/{team['id']}/members/{p1}/move", {"to_team_id": "abc"}, "to_team_id"),
        (f"/cohorts/teams/{team['id']}/mentors", {"account_id": "²"}, "account_id"),
        (f"/cohorts/teams/{team['id']}/members", {"person_id": "1e3"}, "person_id"),
        (f"/cohorts/cohorts/{cohort_id}/participants/enrol", {"person_id": "x"}, "person_id"),
        (f"/cohorts/teams/{team['id']}/members/{p1}/role", {"role": "boss"}, "role"),
    ):
        r = c.post(url, data=data, headers=h)
        assert r.status_code == 303, (url, r.status_code)
        follow = c.get(r.headers["Location"], headers=h).text
        assert "Должно быть целое число" in follow or "Недопустимый выбор" in follow, url


def test_a_move_refused_on_the_page_leaves_the_member_where_they_were(system):
    """The leaving and the joining are one use case: a refused joining undoes the leaving, announced or not."""
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    esso = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    closed = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Ушедшая команда")
    anna = person(c, h, "Анна Остаётся", "+79140000031")
    assert c.post(f"/cohorts/api/v1/teams/{esso['id']}/members", json={"person_id": anna}, headers=h).status_code == 201
    assert c.patch(f"/cohorts/api/v1/teams/{closed['id']}", json={"archived": True}, headers=h).status_code == 200
    removed_before = len(_outbox(system, "cohorts.member.removed"))
    r = c.post(f"/cohorts/teams/{esso['id']}/members/{anna}/move", data={"to_team_id": str(closed["id"])}, headers=h)
    assert r.status_code == 303
    members = c.get(f"/cohorts/api/v1/teams/{esso['id']}/members", headers=h).json["items"]
    assert [m["person_id"] for m in members] == [anna]
    assert len(_outbox(system, "cohorts.member.removed")) == removed_before
