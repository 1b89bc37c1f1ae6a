"""People counted once: duplicates refused, namesakes warned, merge, erasure, search."""
from __future__ import annotations

import json

import sqlalchemy as sa

from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
from tests.support.system import WorkerThread, wait_until


def post_person(c, headers, **body):
    return c.post("/cohorts/api/v1/people", json=body, headers=headers)


def test_same_phone_or_email_is_refused_naming_the_person(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    first = post_person(c, h, full_name="Анна Петрова", phone="8 (914) 123-45-67", email="Anna@Mail.ru")
    assert first.status_code == 201, first.json
    assert first.json["phone"] == "+79141234567" and first.json["email"] == "anna@mail.ru"
    same_phone = post_person(c, h, full_name="Анна Петровна", phone="+7 914 123 45 67")
    assert same_phone.status_code == 409
    assert same_phone.json["errors"]["phone"] == [f"Этот телефон принадлежит: Анна Петрова (#{first.json['id']})."]
    assert same_phone.json["person_id"] == first.json["id"]
    same_email = post_person(c, h, full_name="Другая", email="anna@mail.ru")
    assert same_email.status_code == 409 and "email" in same_email.json["errors"]
    bad_phone = post_person(c, h, full_name="Иван", phone="12")
    assert bad_phone.status_code == 422 and bad_phone.json["errors"] == {"phone": ["Неверный номер телефона."]}
    count = c.get("/cohorts/api/v1/people", headers=h).json["total"]
    assert count == 1  # nothing half-written


def test_namesakes_are_a_warning_and_search_ignores_case_and_yo(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    a = post_person(c, h, full_name="Фёдор  Ёлкин", settlement="с. Эссо")
    b = post_person(c, h, full_name="федор елкин", settlement="с. Анавгай")
    assert a.status_code == b.status_code == 201
    assert a.json["namesakes"] == []
    assert b.json["namesakes"] == [{"id": a.json["id"], "full_name": "Фёдор Ёлкин", "settlement": "с. Эссо"}]
    found = c.get("/cohorts/api/v1/people?q=ЕЛКИН", headers=h).json
    assert found["total"] == 2


def test_merge_preview_then_merge_moves_every_reference_and_tells_the_replicas(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    kept = post_person(c, h, full_name="Ольга Иванова", phone="+79140000001").json
    dup = post_person(c, h, full_name="Ольга Иванова", email="olga@example.ru").json
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": dup["id"], "role": "leader"}, headers=h).status_code == 201
    preview = c.get(f"/cohorts/api/v1/people/{dup['id']}/merge-preview?into={kept['id']}", headers=h)
    assert preview.status_code == 200
    assert preview.json["references"] == {"team_members": 1, "cohort_participants": 1, "attendance": 0, "cohort_trainers": 0,
                                            "event_registrations": 0, "visits": 0, "work_items": 0}
    assert preview.json["fills"] == {"email": "olga@example.ru"}
    assert c.get(f"/cohorts/api/v1/teams/{team['id']}/members", headers=h).json["items"][0]["person_id"] == dup["id"]
    # Ольга is also a juror: her account is linked to the duplicate record
    juror = create_account(system, roles=("juror",), name="Ольга Иванова")
    assert c.patch(f"/cohorts/api/v1/accounts/{juror['id']}", json={"person_id": dup["id"]}, headers=h).status_code == 200
    merged = c.post(f"/cohorts/api/v1/people/{dup['id']}/merge", json={"into": kept["id"]}, headers=h)
    assert merged.status_code == 200 and merged.json["email"] == "olga@example.ru"
    members = c.get(f"/cohorts/api/v1/teams/{team['id']}/members", headers=h).json["items"]
    assert [(m["person_id"], m["role"]) for m in members] == [(kept["id"], "leader")]
    assert c.get("/cohorts/api/v1/people?q=иванова", headers=h).json["total"] == 1

    consultations = system.runtime("consultations")
    from services.consultations.db import REPLICAS

    def replica_members():
        with consultations.engine.connect() as conn:
            return conn.execute(sa.select(REPLICAS.members.c.person_id, REPLICAS.members.c.active)).all()

    def replica_account_person():
        with consultations.engine.connect() as conn:
            return conn.execute(sa.select(REPLICAS.accounts.c.person_id).where(REPLICAS.accounts.c.id == juror["id"])).scalar()

    assert c.get(f"/cohorts/api/v1/accounts/{juror['id']}", headers=h).json["person_id"] == kept["id"]
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        wait_until(lambda: replica_members() == [(kept["id"], True)], message="the membership to follow the merge")
        # the account follows too (her standing recusal from her own team's pitch depends on it)
        wait_until(lambda: replica_account_person() == kept["id"], message="the account to follow the merge")


def test_erasure_anonymises_here_and_in_replicas_and_still_counts(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    person = post_person(c, h, full_name="Мария Смирнова", phone="+79140000002", birth_year=2001).json
    c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/participants", json={"person_id": person["id"]}, headers=h)
    erased = c.post(f"/cohorts/api/v1/people/{person['id']}/erasure", headers=h)
    assert erased.status_code == 200
    assert erased.json["full_name"] == "—" and erased.json["phone"] is None and erased.json["erased"] is True
    participants = c.get(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/participants", headers=h).json
    assert participants["total"] == 1  # still counted once
    fairs = system.runtime("fairs")
    from services.fairs.db import REPLICAS

    def replica():
        with fairs.engine.connect() as conn:
            return conn.execute(sa.select(REPLICAS.people.c.full_name, REPLICAS.people.c.erased)).all()

    with WorkerThread(system.runtime("cohorts")), WorkerThread(fairs):
        wait_until(lambda: replica() == [("—", True)], message="the erasure in fairs")
        # the delivered copies of a person's events go with the erasure: no name left in cohorts' outbox
        other = post_person(c, h, full_name="Иван Другой", phone="+79140000003").json
        outbox = system.runtime("cohorts").tables.outbox
        wait_until(lambda: _sent_bodies(system, outbox, sent=False) == [], message="his registration sent")
        c.post(f"/cohorts/api/v1/people/{other['id']}/erasure", headers=h)
        bodies = _sent_bodies(system, outbox) + _sent_bodies(system, outbox, sent=False)
    assert "Иван Другой" not in [json.loads(b)["data"].get("full_name") for b in bodies]


def _sent_bodies(system, outbox, *, sent=True):
    with system.runtime("cohorts").engine.connect() as conn:
        where = outbox.c.sent_at.is_not(None) if sent else outbox.c.sent_at.is_(None)
        return list(conn.execute(sa.select(outbox.c.body).where(where)).scalars())


def test_a_minors_consent_needs_a_guardian(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    r = post_person(c, h, full_name="Юный Участник", birth_year=2015, consent_on="2026-03-01", consent_method="paper")
    assert r.status_code == 422 and "consent_guardian" in r.json["errors"]
    ok = post_person(c, h, full_name="Юный Участник", birth_year=2015, consent_on="2026-03-01", consent_method="paper", consent_guardian="Мать, Ирина Участник")
    assert ok.status_code == 201


def test_person_and_participants_pages_render_with_the_merge_preview(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    a = post_person(c, h, full_name="Ирина Соколова", phone="+79140000031").json
    b = post_person(c, h, full_name="ирина соколова", email="irina@example.ru").json
    c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/participants", json={"person_id": a["id"]}, headers=h)
    page = c.get(f"/cohorts/people/{b['id']}?merge_into={a['id']}", headers=h)
    assert page.status_code == 200 and 'id="merge-preview"' in page.text and "Ирина Соколова" in page.text
    listing = c.get(f"/cohorts/cohorts/{ids['cohort']['id']}/participants", headers=h)
    assert listing.status_code == 200 and "Ирина Соколова" in listing.text and "Согласие на обработку" in listing.text
    assert c.get("/cohorts/people?q=СОКОЛОВА", headers=h).text.count("/cohorts/people/") >= 2


def test_archiving_keeps_the_person_out_of_lists_and_brings_them_back(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    p = post_person(c, h, full_name="Семён Выбывший", phone="+79140000041").json
    r = c.post(f"/cohorts/api/v1/people/{p['id']}", headers=h)  # wrong method on the API: 405, not a 500
    assert r.status_code == 405
    assert c.patch(f"/cohorts/api/v1/people/{p['id']}", json={"archived": True}, headers=h).json["archived"] is True
    assert c.get("/cohorts/api/v1/people", headers=h).json["total"] == 0
    assert c.get("/cohorts/api/v1/people?include_archived=true", headers=h).json["total"] == 1
    assert c.patch(f"/cohorts/api/v1/people/{p['id']}", json={"archived": False}, headers=h).json["archived"] is False


def _outbox(system, routing_key):
    import json

    runtime = system.runtime("cohorts")
    t = runtime.tables.outbox
    with runtime.engine.connect() as conn:
        return [json.loads(b)["data"] for b in conn.execute(sa.select(t.c.body).where(t.c.routing_key == routing_key).order_by(t.c.id)).scalars()]


def test_a_merge_of_people_in_two_teams_of_one_cohort_is_refused_naming_the_teams(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    a = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    b = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Анавгай")
    kept = post_person(c, h, full_name="Ольга Иванова", phone="+79140000101").json
    dup = post_person(c, h, full_name="Ольга Иванова", email="olga2@example.ru").json
    c.post(f"/cohorts/api/v1/teams/{a['id']}/members", json={"person_id": kept["id"]}, headers=h)
    c.post(f"/cohorts/api/v1/teams/{b['id']}/members", json={"person_id": dup["id"]}, headers=h)
    preview = c.get(f"/cohorts/api/v1/people/{dup['id']}/merge-preview?into={kept['id']}", headers=h)
    assert preview.status_code == 409 and "«Анавгай»" in preview.json["message"] and "«Эссо»" in preview.json["message"]
    merge = c.post(f"/cohorts/api/v1/people/{dup['id']}/merge", json={"into": kept["id"]}, headers=h)
    assert merge.status_code == 409 and "«Анавгай»" in merge.json["errors"]["into"][0]
    assert c.get(f"/cohorts/api/v1/teams/{b['id']}/members", headers=h).json["total"] == 1  # nothing dropped


def test_a_merge_in_one_team_announces_the_duplicate_leaving_and_moves_history_and_accounts(system):
    from services.cohorts.accounts.models import Account
    from tests.support.api import create_account

    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    cohort_id = ids["cohort"]["id"]
    team = register_team(system, h, cohort_id, ids["territory"]["id"], "Эссо")
    kept = post_person(c, h, full_name="Ольга Иванова", phone="+79140000111").json
    dup = post_person(c, h, full_name="Ольга Иванова", email="olga3@example.ru").json
    for pid in (kept["id"], dup["id"]):
        c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": pid}, headers=h)
    session = c.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions",
                     json={"title": "Школа", "starts_at": "2026-05-12T10:00:00+12:00", "duration_minutes": 60}, headers=h).json
    c.put(f"/cohorts/api/v1/sessions/{session['id']}/attendance", json={"person_ids": [dup["id"]]}, headers=h)
    mentor = create_account(system, roles=("mentor",), name="Ольга наставник")
    runtime = system.runtime("cohorts")
    with runtime.uow() as uow:
        uow.session.get(Account, mentor["id"]).person_id = dup["id"]
        uow.commit()
    preview = c.get(f"/cohorts/api/v1/people/{dup['id']}/merge-preview?into={kept['id']}", headers=h).json
    assert preview["memberships"] == [{"team_id": team["id"], "team": "Эссо", "outcome": "already_member"}]
    version = c.get(f"/cohorts/api/v1/teams/{team['id']}", headers=h).json["version"]
    assert c.post(f"/cohorts/api/v1/people/{dup['id']}/merge", json={"into": kept["id"]}, headers=h).status_code == 200
    assert _outbox(system, "cohorts.member.removed") == [{"team_id": team["id"], "cohort_id": cohort_id, "person_id": dup["id"], "role": "member"}]
    assert c.get(f"/cohorts/api/v1/teams/{team['id']}", headers=h).json["version"] == version + 1
    history = c.get(f"/cohorts/api/v1/sessions/{session['id']}/attendance/history", headers=h).json
    assert history[0]["added"] == [kept["id"]] and history[0]["added_people"][0]["full_name"] == "Ольга Иванова"
    with runtime.engine.connect() as conn:
        assert conn.execute(sa.select(Account.person_id).where(Account.id == mentor["id"])).scalar_one() == kept["id"]


def test_erasure_scrubs_import_previews_and_stored_answers(system):
    import io

    from tests.support import kamchatka

    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    created = c.post("/cohorts/api/v1/people", json={"full_name": "Тайная Персона", "phone": "+79140000121"},
                     headers={**h, "Idempotency-Key": "k-erase-1"}).json
    rows = [["Тайная Персона", "+79140000121", "tai@example.ru", "", "", "", "", "", "", ""],
            ["Другой Человек", "+79140000122", "", "", "", "", "", "", "", ""]]
    batch = c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/imports", data={"file": (io.BytesIO(kamchatka.xlsx(rows)), "a.xlsx")},
                   headers=h, content_type="multipart/form-data").json
    assert c.post(f"/cohorts/api/v1/people/{created['id']}/erasure", headers=h).status_code == 200
    plan = c.get(f"/cohorts/api/v1/imports/{batch['id']}", headers=h).json["rows"]
    assert plan[0]["full_name"] == "—" and plan[0]["phone"] is None and plan[0]["notes"] == []
    assert plan[1]["full_name"] == "Другой Человек"
    runtime = system.runtime("cohorts")
    with runtime.engine.connect() as conn:
        bodies = conn.execute(sa.select(runtime.tables.idempotency.c.body)).scalars().all()
        from services.cohorts.imports.models import ImportBatch
        stored_plan = conn.execute(sa.select(ImportBatch.plan)).scalar_one()
    assert not any("79140000121" in b for b in bodies)
    assert "Тайная" not in str(stored_plan) and "79140000121" not in str(stored_plan)
    resent = c.post("/cohorts/api/v1/people", json={"full_name": "Тайная Персона", "phone": "+79140000121"},
                    headers={**h, "Idempotency-Key": "k-erase-1"})
    assert resent.status_code == 201 and resent.json["id"] != created["id"]  # the old answer is gone, not replayed


def test_blank_or_nul_names_are_refused_and_people_filter_by_cohort_team_territory_role(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    r = post_person(c, h, full_name="     ")
    assert r.status_code == 422 and list(r.json["errors"]) == ["full_name"]
    r = post_person(c, h, full_name="Анна", settlement="с. Эс\x00со")
    assert r.status_code == 422 and r.json["errors"] == {"settlement": ["Содержит недопустимый символ NUL."]}
    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо")
    leader = post_person(c, h, full_name="Лидер Команды", phone="+79140000131").json
    guest = post_person(c, h, full_name="Гость Школы", phone="+79140000132").json
    post_person(c, h, full_name="Посторонний", phone="+79140000133")
    c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": leader["id"], "role": "leader"}, headers=h)
    c.post(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/participants", json={"person_id": guest["id"]}, headers=h)
    names = lambda q: sorted(p["full_name"] for p in c.get("/cohorts/api/v1/people" + q, headers=h).json["items"])
    assert names(f"?cohort_id={ids['cohort']['id']}") == ["Гость Школы", "Лидер Команды"]
    assert names(f"?team_id={team['id']}") == names("?role=leader") == names(f"?territory_id={ids['territory']['id']}") == ["Лидер Команды"]
    assert names("?role=member") == []
    assert c.get("/cohorts/api/v1/people?q=%00", headers=h).status_code in (200, 422)  # never a 500
    page = c.get(f"/cohorts/people?cohort_id={ids['cohort']['id']}&role=leader", headers=h).text
    assert "Лидер Команды" in page and "Гость Школы" not in page and 'id="people-filters"' in page
