"""The jury at a fair: a juror sees only their own score sheets; the personal link works without an account,
only for its fair and its juror; standing and declared conflicts recuse; messages name the field; a resend doubles nothing.

Cohorts' data reaches fairs through the real flow: cohorts' API, its outbox, the broker, fairs' worker.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from tests.support.api import create_account, token
from tests.support.jury import (add_juror, assert_sheet_recusals_agree, bearer, full_scores, make_fair, open_fair, replicated, workers, world,
    world_with_fair)
from tests.support.system import scalar, wait_until


def test_fairs_criteria_and_a_lineup_that_follows_nominations(system):
    w = world(system)
    f = system.client("fairs")
    h = w["h"]
    with workers(system):
        replicated(system, accounts=4, nominated=2)
        unknown = f.post("/fairs/api/v1/fairs", json={"cohort_id": 987654, "name": "X", "held_on": "2026-11-20"}, headers=h)
        assert unknown.status_code == 422 and unknown.json["errors"] == {"cohort_id": ["Нет такого потока: #987654."]}
        weights = f.post("/fairs/api/v1/fairs", json={"cohort_id": w["cohort_id"], "name": "X", "held_on": "2026-11-20",
                                                     "jury_weight": -1, "audience_weight": 0}, headers=h)
        assert weights.status_code == 422 and weights.json["errors"] == {"jury_weight": ["Вес не может быть отрицательным."]}
        missing = f.post("/fairs/api/v1/fairs", json={}, headers=h)
        assert missing.status_code == 422 and set(missing.json["errors"]) == {"cohort_id", "name", "held_on"}
        fair = make_fair(system, w)
        assert [p["team_name"] for p in fair["pitches"]] == ["Эссо-тур", "Анавгайские ремёсла"]
        base = f"/fairs/api/v1/fairs/{fair['id']}"
        bad = f.post(f"{base}/criteria", json={"name": "Команда", "weight": 0, "max_score": 101}, headers=h)
        assert bad.status_code == 422 and bad.json["errors"] == {
            "weight": ["Вес должен быть больше нуля."], "max_score": ["Максимальный балл — от 1 до 100."]}
        twice = f.post(f"{base}/criteria", json={"name": "актуальность", "weight": 1, "max_score": 5}, headers=h)
        assert twice.status_code == 409 and twice.json["errors"] == {"name": ["Это название уже занято."]}
        english = f.post(f"{base}/criteria?lang=en", json={"name": "Команда", "weight": 1, "max_score": 0}, headers=h)
        assert english.json["errors"] == {"max_score": ["The maximum score must be from 1 to 100."]}
        patched = f.patch(base, json={"place": "с. Мильково", "jury_weight": 0.6, "audience_weight": 0.4}, headers=h)
        assert patched.status_code == 200 and patched.json["place"] == "с. Мильково" and patched.json["version"] == 2
        # the coordinator changes the order
        second = fair["pitches"][1]
        moved = f.patch(f"{base}/pitches/{second['id']}", json={"position": 1}, headers=h)
        assert moved.status_code == 200 and [p["team_name"] for p in moved.json["items"]] == ["Анавгайские ремёсла", "Эссо-тур"]
        # a new nomination joins at the end, a withdrawn one drops out
        c = system.client("cohorts")
        esso, anavgai, milkovo = w["teams"]
        assert c.post(f"/cohorts/api/v1/teams/{milkovo['id']}/nomination", headers=h).status_code == 200
        assert c.delete(f"/cohorts/api/v1/teams/{esso['id']}/nomination", headers=h).status_code == 200
        names = lambda: [p["team_name"] for p in f.get(f"{base}/pitches", headers=h).json["items"]]
        wait_until(lambda: names() == ["Анавгайские ремёсла", "Мильково"], message="the lineup after the nominations")
        assert [p["position"] for p in f.get(f"{base}/pitches", headers=h).json["items"]] == [1, 2]
        listed = f.get("/fairs/api/v1/fairs", headers=h).json
        assert listed["total"] == 1 and listed["items"][0]["name"] == "Ярмарка проектов"


def test_the_personal_link_works_without_an_account_only_for_its_fair_and_juror(system):
    w = world(system)
    f = system.client("fairs")
    h = w["h"]
    with workers(system):
        replicated(system, accounts=4, nominated=2)
        fair, other = make_fair(system, w), make_fair(system, w, name="Другая ярмарка")
        open_fair(system, w, fair)
        open_fair(system, w, other)
        not_juror = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors", json={"account_id": w["mentor"]["id"]}, headers=h)
        assert not_juror.status_code == 422 and not_juror.json["errors"] == {"account_id": ["У этой учётной записи нет роли члена жюри."]}
        juror = add_juror(system, w, fair["id"], w["j1"])
        add_juror(system, w, other["id"], w["j1"])
        again = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors", json={"account_id": w["j1"]["id"]}, headers=h)
        assert again.status_code == 409 and "account_id" in again.json["errors"]
        assert juror["name"] == "Ирина Жюри" and re.fullmatch(r"http://localhost/fairs/j/[\w.-]+", juror["link_url"])
        qr = f.get(juror["qr_url"], headers=h)
        assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
        listed = f.get(f"/fairs/api/v1/fairs/{fair['id']}/jurors", headers=h).json
        assert listed["total"] == 1 and [j["link_url"] for j in listed["items"]] == [juror["link_url"]]
        link = juror["link_token"]
        pitch = fair["pitches"][0]

        # the link as a bearer credential: its own fair only
        assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=bearer(link)).status_code == 200
        assert f.get(f"/fairs/api/v1/fairs/{other['id']}/pitches", headers=bearer(link)).status_code == 403
        saved = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores",
                      json={"scores": full_scores(fair), "comment": "Сильная команда"}, headers=bearer(link))
        assert saved.status_code == 200 and saved.json["state"] == "complete"
        other_pitch = other["pitches"][0]
        assert f.put(f"/fairs/api/v1/fairs/{other['id']}/pitches/{other_pitch['id']}/scores",
                     json={"scores": {}}, headers=bearer(link)).status_code == 403
        # coordinators' endpoints are closed to a link
        for url in (f"/fairs/api/v1/fairs/{fair['id']}/sheets", f"/fairs/api/v1/fairs/{fair['id']}/jurors", juror["qr_url"]):
            assert f.get(url, headers=bearer(link)).status_code == 403, url

        # the link in a browser: no account, a session for that juror at that fair
        phone = system.app("fairs").test_client()
        opened = phone.get(f"/fairs/j/{link}")
        assert opened.status_code == 303 and opened.headers["Location"].endswith(f"/fairs/{fair['id']}/live")  # open: the day
        mine = phone.get(f"/fairs/{fair['id']}/my-sheets")
        assert mine.status_code == 200 and "Ирина Жюри" in mine.text and "заполнен" in mine.text
        assert 'data-state="complete"' in mine.text and 'data-state="not_started"' in mine.text
        assert phone.get(f"/fairs/{other['id']}/my-sheets").status_code == 403
        assert phone.get(f"/fairs/{fair['id']}/lineup").status_code == 403
        home = phone.get("/fairs/")  # the brand link: a link's home is its own sheets
        assert home.status_code == 303 and home.headers["Location"].endswith(f"/fairs/{fair['id']}/my-sheets")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(f"/fairs/{fair['id']}/pitches/{pitch['id']}/sheet").text).group(1)
        assert phone.post("/fairs/", data={"csrf_token": csrf, "name": "X"}).status_code == 403
        nav = re.search(r'<nav class="nav[^"]*".*?</nav>', mine.text, re.S).group(0)
        assert "/cohorts/" not in nav.replace("/cohorts/sign-out", "") and "/fairs/\"" not in nav

        # a mentor's account is refused on juror pages; a juror account sees only fairs it sits on
        mentor = bearer(token(system, w["mentor"]["email"], w["mentor"]["password"]))
        assert f.get(f"/fairs/{fair['id']}/my-sheets", headers=mentor).status_code == 403
        assert f.get(f"/fairs/{fair['id']}/pitches/{pitch['id']}/sheet", headers=mentor).status_code == 403
        assert f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores", json={"scores": {}}, headers=mentor).status_code == 403
        j2 = bearer(token(system, w["j2"]["email"], w["j2"]["password"]))
        assert f.get(f"/fairs/{fair['id']}/my-sheets", headers=j2).status_code == 404
        j1 = bearer(token(system, w["j1"]["email"], w["j1"]["password"]))
        assert 'data-state="complete"' in f.get(f"/fairs/{fair['id']}/my-sheets", headers=j1).text

        # reissued: the old link is dead everywhere, the new one works
        reissued = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors/{juror['id']}/link", headers=h)
        assert reissued.status_code == 200 and reissued.json["link_token"] != link
        assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=bearer(link)).status_code == 401
        assert phone.get(f"/fairs/{fair['id']}/my-sheets").status_code == 302  # the session's link is dead too
        dead = system.app("fairs").test_client().get(f"/fairs/j/{link}")
        assert dead.status_code == 410 and "Эта ссылка больше не работает" in dead.text
        new = reissued.json["link_token"]
        assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=bearer(new)).status_code == 200
        # removed: that link stops working too
        assert f.delete(f"/fairs/api/v1/fairs/{fair['id']}/jurors/{juror['id']}", headers=h).status_code == 204
        assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores", headers=bearer(new)).status_code == 401
        assert system.app("fairs").test_client().get(f"/fairs/j/{new}").status_code == 410
        assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/jurors", headers=h).json["items"] == []
        # a made-up or damaged link: a clear page, never a server error
        for bad in ("no-such-token", link[:-3] + "abc", "x" * 400):
            r = system.app("fairs").test_client().get(f"/fairs/j/{bad}")
            assert r.status_code == 404 and "Ссылка недействительна" in r.text, bad


def test_a_juror_sees_only_their_own_sheet(system):
    w, fair = world_with_fair(system, opened=True)
    f = system.client("fairs")
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    pitch = fair["pitches"][0]
    url = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores"
    assert f.put(url, json={"scores": full_scores(fair, 9, 5), "comment": "Секрет Ирины"}, headers=bearer(one["link_token"])).status_code == 200
    assert f.get(url, headers=bearer(two["link_token"])).json == {
        **f.get(url, headers=bearer(two["link_token"])).json, "scores": {}, "comment": None, "state": "not_started"}
    partial = f.put(url, json={"scores": {str(fair["criteria"][0]["id"]): 3}, "comment": "Мнение Олега"}, headers=bearer(two["link_token"]))
    assert partial.status_code == 200 and partial.json["state"] == "incomplete"
    mine = f.get(url, headers=bearer(one["link_token"])).json
    assert mine["comment"] == "Секрет Ирины" and mine["juror_id"] == one["id"]
    theirs = f.get(url, headers=bearer(two["link_token"])).json
    assert theirs["comment"] == "Мнение Олега" and theirs["juror_id"] == two["id"]
    # the juror's pages never carry another juror's sheet
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{two['link_token']}")
    for page in (f"/fairs/{fair['id']}/my-sheets", f"/fairs/{fair['id']}/pitches/{pitch['id']}/sheet"):
        text = phone.get(page).text
        assert "Секрет Ирины" not in text and "Ирина" not in text, page
    assert 'data-state="incomplete"' in phone.get(f"/fairs/{fair['id']}/my-sheets").text
    # every sheet: the coordinator only
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/sheets", headers=bearer(two["link_token"])).status_code == 403
    j2 = bearer(token(system, w["j2"]["email"], w["j2"]["password"]))
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/sheets", headers=j2).status_code == 403
    # the same juror signed in with an account: the same own sheet, and saving works as with the link
    own = f.get(url, headers=j2).json
    assert own["juror_id"] == two["id"] and own["comment"] == "Мнение Олега"
    assert f.put(url, json={"scores": full_scores(fair, 6, 2), "comment": "Мнение Олега"}, headers=j2).json["state"] == "complete"
    everything = f.get(f"/fairs/api/v1/fairs/{fair['id']}/sheets", headers=w["h"]).json["items"]
    assert sorted((s["juror_name"], s["state"]) for s in everything) == [("Ирина Жюри", "complete"), ("Олег Жюри", "complete")]


def test_standing_conflicts_from_cohorts_and_a_declared_one_recuse(system):
    w = world(system)
    h = w["h"]
    c, f = system.client("cohorts"), system.client("fairs")
    esso, anavgai, _ = w["teams"]
    # a juror who mentors Эссо-тур, and a juror who is herself in Анавгайские ремёсла
    mentor_juror = create_account(system, roles=("mentor", "juror"), name="Пётр Наставник")
    assert c.post(f"/cohorts/api/v1/teams/{esso['id']}/mentors", json={"account_id": mentor_juror["id"]}, headers=h).status_code == 201
    person = c.post("/cohorts/api/v1/people", json={"full_name": "Анна Участница", "phone": "+79140007777"}, headers=h).json["id"]
    assert c.post(f"/cohorts/api/v1/teams/{anavgai['id']}/members", json={"person_id": person}, headers=h).status_code == 201
    member_juror = create_account(system, roles=("juror",), name="Анна Участница")
    linked = c.patch(f"/cohorts/api/v1/accounts/{member_juror['id']}", json={"person_id": person}, headers=h)
    assert linked.status_code == 200 and linked.json["person_id"] == person
    # one person, one account; an unknown person is refused naming the field
    twice = c.patch(f"/cohorts/api/v1/accounts/{mentor_juror['id']}", json={"person_id": person}, headers=h)
    assert twice.status_code == 422 and list(twice.json["errors"]) == ["person_id"]
    unknown = c.patch(f"/cohorts/api/v1/accounts/{mentor_juror['id']}", json={"person_id": 987654}, headers=h)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"person_id": ["Такого человека нет."]}
    fairs = system.runtime("fairs")
    with workers(system):
        replicated(system, accounts=6, nominated=2, mentors=1, members=1)
        wait_until(lambda: scalar(fairs.engine,
            sa.select(REPLICAS.accounts.c.person_id).where(REPLICAS.accounts.c.id == member_juror["id"])) == person,
            message="the account's person in fairs")
        fair = make_fair(system, w)
    open_fair(system, w, fair)
    by_team = {p["team_id"]: p for p in fair["pitches"]}
    mj = add_juror(system, w, fair["id"], mentor_juror)
    pj = add_juror(system, w, fair["id"], member_juror)
    scores = lambda pid: f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pid}/scores"
    refused = f.put(scores(by_team[esso["id"]]["id"]), json={"scores": full_scores(fair)}, headers=bearer(mj["link_token"]))
    assert refused.status_code == 409 and refused.json["reason"] == "mentor"
    assert refused.json["message"] == "Вы наставник этой команды: конфликт интересов, вы не оцениваете её выступление."
    assert f.put(scores(by_team[anavgai["id"]]["id"]), json={"scores": full_scores(fair)}, headers=bearer(mj["link_token"])).status_code == 200
    member = f.put(scores(by_team[anavgai["id"]]["id"]), json={"scores": full_scores(fair)}, headers=bearer(pj["link_token"]))
    assert member.status_code == 409 and member.json["reason"] == "member"
    assert f.get(scores(by_team[esso["id"]]["id"]), headers=bearer(mj["link_token"])).json["state"] == "recused"
    # the recused sheet page has nothing to fill in
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{mj['link_token']}")
    page = phone.get(f"/fairs/{fair['id']}/pitches/{by_team[esso['id']]['id']}/sheet").text
    assert "вы наставник этой команды" in page and 'name="score-' not in page
    # a declared conflict: the scores for that pitch go, and scoring it is refused until withdrawn
    declared = f.post(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", json={"pitch_id": by_team[anavgai["id"]]["id"], "reason": "Родственник"},
                      headers=bearer(mj["link_token"]))
    assert declared.status_code == 201 and declared.json["kind"] == "declared"
    sheet = f.get(scores(by_team[anavgai["id"]]["id"]), headers=bearer(mj["link_token"])).json
    assert sheet["state"] == "recused" and sheet["scores"] == {}
    again = f.put(scores(by_team[anavgai["id"]]["id"]), json={"scores": full_scores(fair)}, headers=bearer(mj["link_token"]))
    assert again.status_code == 409 and again.json["reason"] == "declared"
    listed = f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=h).json["items"]
    assert sorted((x["juror_name"], x["kind"]) for x in listed) == [
        ("Анна Участница", "member"), ("Пётр Наставник", "declared"), ("Пётр Наставник", "mentor")]
    # the sheet's one-query answer is the whole fair's, for every juror and pitch
    kinds = assert_sheet_recusals_agree(system, fair["id"])
    assert sorted(kinds.values()) == ["declared", "member", "mentor"]
    assert f.delete(f"/fairs/api/v1/fairs/{fair['id']}/conflicts/{declared.json['id']}", headers=bearer(pj["link_token"])).status_code == 404
    assert f.delete(f"/fairs/api/v1/fairs/{fair['id']}/conflicts/{declared.json['id']}", headers=bearer(mj["link_token"])).status_code == 204
    assert f.put(scores(by_team[anavgai["id"]]["id"]), json={"scores": full_scores(fair)}, headers=bearer(mj["link_token"])).status_code == 200


def test_sheet_validation_names_the_field_in_russian_by_default(system):
    w, fair = world_with_fair(system, opened=True)
    f = system.client("fairs")
    juror = add_juror(system, w, fair["id"], w["j1"])
    link = bearer(juror["link_token"])
    first, second = (str(c["id"]) for c in fair["criteria"])
    url = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{fair['pitches'][0]['id']}/scores"
    r = f.put(url, json={"scores": {first: 11, second: -1, "987654": 3, "abc": 1}}, headers=link)
    assert r.status_code == 422 and r.json["errors"] == {"scores": {
        first: ["Оценка — от 0 до 10."], second: ["Оценка — от 0 до 5."],
        "987654": ["На этой ярмарке нет такого критерия."], "abc": ["На этой ярмарке нет такого критерия."]}}
    r = f.put(url, json={"scores": {first: "семь", second: 2.5}}, headers=link)
    assert r.status_code == 422 and r.json["errors"] == {"scores": {first: ["Должно быть целое число."], second: ["Должно быть целое число."]}}
    assert f.put(url, json={"comment": "без оценок"}, headers=link).json["errors"] == {"scores": ["Обязательное поле."]}
    r = f.put(url + "?lang=en", json={"scores": {first: 11}}, headers=link)
    assert r.json["errors"] == {"scores": {first: ["The score must be from 0 to 10."]}}
    unknown_pitch = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/987654/scores", json={"scores": {}}, headers=link)
    assert unknown_pitch.status_code == 404
    # the form says it next to the criterion
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{juror['link_token']}")
    form_url = f"/fairs/{fair['id']}/pitches/{fair['pitches'][0]['id']}/sheet"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(form_url).text).group(1)
    r = phone.post(form_url, data={"csrf_token": csrf, f"score-{second}": "9", "comment": ""})
    assert r.status_code == 422 and "Оценка — от 0 до 5." in r.text
    assert phone.post(form_url, data={f"score-{first}": "3"}).status_code == 400  # no CSRF token: refused


def test_a_resent_sheet_doubles_nothing(system):
    w, fair = world_with_fair(system, opened=True)
    f = system.client("fairs")
    juror = add_juror(system, w, fair["id"], w["j1"])
    link = bearer(juror["link_token"])
    pitch = fair["pitches"][0]
    url = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores"
    first = f.put(url, json={"scores": full_scores(fair), "comment": "Хорошо"}, headers={**link, "Idempotency-Key": "k-1"})
    resent = f.put(url, json={"scores": full_scores(fair), "comment": "Хорошо"}, headers={**link, "Idempotency-Key": "k-1"})
    assert first.status_code == resent.status_code == 200 and first.json == resent.json and first.json["version"] == 1
    same = f.put(url, json={"scores": full_scores(fair), "comment": "Хорошо"}, headers=link)  # without a key: nothing changes
    assert same.json["version"] == 1
    # the phone's form sent twice (the first answer lost on the way): one sheet, the same answer
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{juror['link_token']}")
    form_url = f"/fairs/{fair['id']}/pitches/{fair['pitches'][1]['id']}/sheet"
    page = phone.get(form_url).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    a, b = (str(c["id"]) for c in fair["criteria"])
    data = {"csrf_token": csrf, "idempotency_key": key, f"score-{a}": "8", f"score-{b}": "3", "comment": "Дважды"}
    one, two = phone.post(form_url, data=data), phone.post(form_url, data=data)
    assert one.status_code == two.status_code == 303 and one.headers["Location"] == two.headers["Location"]
    from services.fairs.jury.models import Score, Sheet

    with system.runtime("fairs").engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(Sheet.__table__)).scalar_one() == 2
        assert conn.execute(sa.select(sa.func.count()).select_from(Score.__table__)).scalar_one() == 4
    mine = phone.get(f"/fairs/{fair['id']}/my-sheets").text
    assert mine.count('data-state="complete"') == 2
    # declaring a conflict twice is one declaration
    for _ in range(2):
        r = f.post(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", json={"pitch_id": pitch["id"]}, headers=link)
        assert r.status_code == 201
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=w["h"]).json["total"] == 1


def test_the_coordinators_pages_refuse_bad_form_values_without_a_server_error(system):
    w, fair = world_with_fair(system)
    f = system.app("fairs").test_client()
    coordinator = create_account(system, name="Координатор")
    with f.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    home = f.get("/fairs/").text
    assert "Ярмарка проектов" in home and f"/fairs/{fair['id']}/jurors" in home
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    bad = f.post("/fairs/", data={"csrf_token": csrf, "name": "", "cohort_id": str(10**30), "held_on": "завтра", "jury_weight": "много"})
    assert bad.status_code == 422 and bad.text.count('class="field-error"') == 4 and "Обязательное поле." in bad.text
    made = f.post("/fairs/", data={"csrf_token": csrf, "name": "Вторая ярмарка", "cohort_id": str(w["cohort_id"]), "held_on": "2026-12-01",
                                   "jury_weight": "0,6", "audience_weight": "0,4"})
    assert made.status_code == 303 and "/jurors" in made.headers["Location"]
    jury = f.get(f"/fairs/{fair['id']}/jurors")
    assert "Ирина Жюри" in jury.text
    assert f.post(f"/fairs/{fair['id']}/jurors", data={"csrf_token": csrf, "account_id": str(10**30)}).status_code == 422
    assert f.post(f"/fairs/{fair['id']}/jurors", data={"csrf_token": csrf, "account_id": str(w["j1"]["id"])}).status_code == 303
    lineup = f.get(f"/fairs/{fair['id']}/lineup").text
    assert lineup.index("Эссо-тур") < lineup.index("Анавгайские ремёсла")
    second = fair["pitches"][1]["id"]
    assert f.post(f"/fairs/{fair['id']}/pitches/{second}/move", data={"csrf_token": csrf, "direction": "up"}).status_code == 303
    lineup = f.get(f"/fairs/{fair['id']}/lineup").text
    assert lineup.index("Анавгайские ремёсла") < lineup.index("Эссо-тур")
    assert f.get("/fairs/teams").status_code == 200


def test_the_sheet_form_declares_and_withdraws_a_conflict(system):
    w, fair = world_with_fair(system, opened=True)
    f = system.client("fairs")
    juror = add_juror(system, w, fair["id"], w["j1"])
    pitch = fair["pitches"][0]
    a, b = (str(c["id"]) for c in fair["criteria"])
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{juror['link_token']}")
    form_url = f"/fairs/{fair['id']}/pitches/{pitch['id']}/sheet"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(form_url).text).group(1)
    scored = phone.post(form_url, data={"csrf_token": csrf, f"score-{a}": "5", "comment": "Черновик"})
    assert scored.status_code == 303
    assert 'data-state="incomplete"' in phone.get(f"/fairs/{fair['id']}/my-sheets").text
    declared = phone.post(form_url, data={"csrf_token": csrf, "conflict": "1", "conflict_reason": "Моя племянница в команде"})
    assert declared.status_code == 303
    mine = phone.get(f"/fairs/{fair['id']}/my-sheets").text
    assert 'data-state="recused"' in mine and "вы заявили о конфликте интересов" in mine
    page = phone.get(form_url).text
    assert "Снимите отметку ниже" in page and "Моя племянница в команде" in page
    listed = f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=w["h"]).json["items"]
    assert [(x["kind"], x["reason"]) for x in listed] == [("declared", "Моя племянница в команде")]
    # unticked and scored in full: the declaration goes, the sheet is complete
    again = phone.post(form_url, data={"csrf_token": csrf, f"score-{a}": "6", f"score-{b}": "2", "comment": "Передумала"})
    assert again.status_code == 303
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=w["h"]).json["items"] == []
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores", headers=bearer(juror["link_token"])).json["state"] == "complete"


def test_a_jurors_link_session_survives_a_visit_to_another_service(system):
    """The brand link on every page leads to /cohorts/: a juror who taps it keeps the sheets open."""
    w, fair = world_with_fair(system)
    juror = add_juror(system, w, fair["id"], w["j1"])
    phone = system.app("fairs").test_client()
    assert phone.get(f"/fairs/j/{juror['link_token']}").status_code == 303
    my_sheets = f"/fairs/{fair['id']}/my-sheets"
    assert phone.get(my_sheets).status_code == 200
    cohorts = system.app("cohorts").test_client()
    cohorts.set_cookie("rostok_session", phone.get_cookie("rostok_session").value)
    assert cohorts.get("/cohorts/").status_code == 302  # no account: sent to sign in
    phone.set_cookie("rostok_session", cohorts.get_cookie("rostok_session").value)
    assert phone.get(my_sheets).status_code == 200


def test_opening_a_jurors_link_asks_before_signing_out_whoever_is_signed_in(system):
    from tests.support.web import SESSION, form_token, sign_in

    w, fair = world_with_fair(system, opened=True)
    link = add_juror(system, w, fair["id"], w["j1"])["link_url"].rsplit("/", 1)[1]
    browser = system.client("cohorts")
    assert sign_in(browser, create_account(system, name="Координатор Ярмарки")).status_code == 302
    fairs = system.app("fairs").test_client()
    fairs.set_cookie(SESSION, browser.get_cookie(SESSION).value)
    asked = fairs.get(f"/fairs/j/{link}")
    assert asked.status_code == 200 and "Открыть ссылку члена жюри?" in asked.text
    assert fairs.get("/fairs/").status_code == 200  # still the coordinator: nothing changed by looking
    switched = fairs.post(f"/fairs/j/{link}", data={"csrf_token": form_token(asked.text)})
    assert switched.status_code == 303 and switched.headers["Location"].endswith(f"/fairs/{fair['id']}/live")
    assert fairs.get(f"/fairs/{fair['id']}/lineup").status_code == 403  # now the juror's phone
    assert fairs.post(f"/fairs/j/{link}", data={}).status_code == 400  # no confirmation without the form's token


def test_a_new_link_or_a_removal_on_the_jury_page_asks_first(system):
    w, fair = world_with_fair(system, opened=True)
    add_juror(system, w, fair["id"], w["j1"])
    page = system.client("fairs").get(f"/fairs/{fair['id']}/jurors", headers=w["h"]).text
    forms = re.findall(r'<form method="post" action="[^"]*/jurors/\d+/(reissue|remove)"[^>]*>', page, re.S)
    asks = re.findall(r'data-confirm="([^"]+)"', page)
    assert len(forms) == 2 and any("новую ссылку" in q for q in asks) and any("Исключить из жюри" in q for q in asks)


def test_scores_sent_from_the_sheet_page_withdraw_a_declared_conflict_only_when_the_sheet_is_saved(system):
    w, fair = world_with_fair(system, opened=True)
    f = system.client("fairs")
    juror = add_juror(system, w, fair["id"], w["j1"])
    link = bearer(juror["link_token"])
    pitch = fair["pitches"][0]
    declared = f.post(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", json={"pitch_id": pitch["id"], "reason": "Соседи"}, headers=link)
    assert declared.status_code == 201
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{juror['link_token']}")
    form_url = f"/fairs/{fair['id']}/pitches/{pitch['id']}/sheet"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(form_url).text).group(1)
    a, b = (str(c["id"]) for c in fair["criteria"])
    # a sheet refused (a score out of range) leaves the declaration standing
    refused = phone.post(form_url, data={"csrf_token": csrf, f"score-{a}": "99", f"score-{b}": "3"})
    assert refused.status_code == 422
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=w["h"]).json["total"] == 1
    # a sheet saved withdraws it, and the juror is told
    saved = phone.post(form_url, data={"csrf_token": csrf, f"score-{a}": "8", f"score-{b}": "3"}, follow_redirects=True)
    assert saved.status_code == 200 and "Ваше заявление о конфликте интересов отозвано" in saved.text
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", headers=w["h"]).json["total"] == 0
