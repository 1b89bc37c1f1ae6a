"""The fair's life on real servers: draft -> open -> scoring closed -> (open again with a reason); every change in
the fair's history; the formula fixed at opening and shown to the jurors; sheets only while open, every change of a
sent sheet kept, the chair's correction requests; who has sent for each pitch; a juror's link dies with the role or
with a new password.
"""
from __future__ import annotations

import re

from tests.support.jury import add_juror, bearer, full_scores, make_fair, open_fair, replicated, workers, world, world_with_fair
from tests.support.api import token
from tests.support.system import wait_until


def patch(system, w, fair, body, lang=""):
    return system.client("fairs").patch(f"/fairs/api/v1/fairs/{fair['id']}{lang}", json=body, headers=w["h"])


def test_states_go_forward_back_only_with_a_reason_and_every_change_is_in_the_history(system):
    w, fair = world_with_fair(system)
    f = system.client("fairs")
    h = w["h"]
    assert fair["state"] == "draft" and fair["formula"]["tie_breaks"] == ["jury", "audience", "first_places"]
    bad = patch(system, w, fair, {"tie_breaks": ["jury", "coin", "jury"]})
    assert bad.status_code == 422 and bad.json["errors"] == {"tie_breaks": [
        "Неизвестное правило «coin»: выберите из jury, audience, first_places, min_spread.",
        "Каждое правило можно указать только один раз."]}
    formula = patch(system, w, fair, {"standardise": True, "tie_breaks": ["audience", "min_spread"], "audience_mode": "ticket"})
    assert formula.status_code == 200 and formula.json["formula"]["tie_breaks"] == ["audience", "min_spread"]
    assert patch(system, w, fair, {"state": "closed"}).json["errors"] == {
        "state": ["Ярмарка ещё не открыта: откройте её, прежде чем закрывать оценивание."]}
    assert patch(system, w, fair, {"state": "published"}).status_code == 422
    assert patch(system, w, fair, {"voting_open": False}).json["errors"] == {
        "voting_open": ["Голосование зрителей открывают и закрывают только на открытой ярмарке."]}

    opened = patch(system, w, fair, {"state": "open"})
    assert opened.status_code == 200 and opened.json["state"] == "open" and opened.json["opened_at"]
    assert opened.json["formula"] == {"jury_weight": 0.7, "audience_weight": 0.3, "standardise": True,
                                      "tie_breaks": ["audience", "min_spread"], "audience_mode": "ticket", "fixed": True}
    assert patch(system, w, fair, {"state": "open"}).status_code == 200  # the same state again: nothing changes
    back = patch(system, w, fair, {"state": "draft"}, "?lang=en")
    assert back.status_code == 409 and back.json["errors"] == {"state": ["An opened fair cannot go back to draft."]}
    assert patch(system, w, fair, {"voting_open": False}).json["voting_open"] is False
    assert patch(system, w, fair, {"voting_open": True}).json["voting_open"] is True
    assert patch(system, w, fair, {"state": "closed"}).json["state"] == "closed"
    no_reason = patch(system, w, fair, {"state": "open", "reason": "  "})
    assert no_reason.status_code == 422 and list(no_reason.json["errors"]) == ["reason"]
    reopened = patch(system, w, fair, {"state": "open", "reason": "Жюри исправляет лист"})
    assert reopened.status_code == 200 and reopened.json["state"] == "open"

    history = f.get(f"/fairs/api/v1/fairs/{fair['id']}/history", headers=h).json
    assert history["total"] == 5 and history["page"] == 1
    assert [(x["field"], x["from_value"], x["to_value"], x["reason"]) for x in history["items"]] == [
        ("state", "draft", "open", None), ("voting_open", "True", "False", None), ("voting_open", "False", "True", None),
        ("state", "open", "closed", None), ("state", "closed", "open", "Жюри исправляет лист")]
    assert all(x["actor_name"] and x["at"] for x in history["items"])


def test_an_empty_fair_does_not_open_and_the_lineup_is_fixed_once_open(system):
    w = world(system)
    f = system.client("fairs")
    h = w["h"]
    c = system.client("cohorts")
    with workers(system):
        replicated(system, accounts=4, nominated=2)
        bare = f.post("/fairs/api/v1/fairs", json={"cohort_id": w["cohort_id"], "name": "Пустая", "held_on": "2026-12-01"}, headers=h).json
        refused = f.patch(f"/fairs/api/v1/fairs/{bare['id']}", json={"state": "open"}, headers=h)
        assert refused.status_code == 409 and refused.json["errors"] == {"criteria": ["Добавьте критерии до открытия."]}
        fair = make_fair(system, w)
        open_fair(system, w, fair)
        # a nomination after opening does not join the opened lineup, only drafts follow nominations
        milkovo = w["teams"][2]
        assert c.post(f"/cohorts/api/v1/teams/{milkovo['id']}/nomination", headers=h).status_code == 200
        wait_until(lambda: len(f.get(f"/fairs/api/v1/fairs/{bare['id']}/pitches", headers=h).json["items"]) == 3,
                   message="the draft's lineup following the nomination")
    assert [p["team_name"] for p in f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=h).json["items"]] == [
        "Эссо-тур", "Анавгайские ремёсла"]


def test_sheets_only_while_open_every_change_kept_and_the_chair_asks_for_a_correction(system):
    w, fair = world_with_fair(system)
    f = system.client("fairs")
    h = w["h"]
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    first, second = fair["pitches"]
    url = lambda p: f"/fairs/api/v1/fairs/{fair['id']}/pitches/{p['id']}/scores"
    draft = f.put(url(first), json={"scores": full_scores(fair)}, headers=bearer(one["link_token"]))
    assert draft.status_code == 409 and draft.json["reason"] == "draft"
    assert draft.json["errors"] == {"scores": ["Оценивание ещё не открыто: ярмарка пока готовится."]}
    # the juror sees the criteria and the formula before the fair opens
    phone = system.app("fairs").test_client()
    phone.get(f"/fairs/j/{one['link_token']}")
    mine = phone.get(f"/fairs/{fair['id']}/my-sheets").text
    assert "Как оцениваются выступления" in mine and "Актуальность: от 0 до 10, вес 2,0" in mine and "вес жюри 0,7" in mine
    assert "более высокая оценка жюри" in mine
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}", headers=bearer(one["link_token"])).json["formula"]["jury_weight"] == 0.7

    open_fair(system, w, fair)
    assert f.put(url(first), json={"scores": full_scores(fair, 7, 4), "comment": "Хорошо"}, headers=bearer(one["link_token"])).status_code == 200
    assert f.put(url(first), json={"scores": full_scores(fair, 7, 4), "comment": "Хорошо"}, headers=bearer(one["link_token"])).status_code == 200
    partial = {str(fair["criteria"][0]["id"]): 5}
    assert f.put(url(first), json={"scores": partial}, headers=bearer(two["link_token"])).status_code == 200
    status = f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitch-status", headers=h).json
    assert status["total"] == 2
    by_pitch = {s["pitch_id"]: s for s in status["items"]}
    assert by_pitch[first["id"]]["sent"] == [one["id"]] and by_pitch[first["id"]]["missing"] == [two["id"]]
    assert by_pitch[first["id"]]["expected"] == 2 and by_pitch[second["id"]]["missing"] == [one["id"], two["id"]]
    assert {j["name"]: j["state"] for j in by_pitch[first["id"]]["jurors"]} == {"Ирина Жюри": "complete", "Олег Жюри": "incomplete"}
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitch-status", headers=bearer(one["link_token"])).status_code == 403

    sheet_id = f.get(url(first), headers=bearer(one["link_token"])).json["id"]
    base = f"/fairs/api/v1/fairs/{fair['id']}/sheets/{sheet_id}"
    assert f.post(f"{base}/reopen", json={}, headers=h).json["errors"] == {"reason": ["Напишите, что исправить: член жюри увидит это на телефоне."]}
    assert f.post(f"/fairs/api/v1/fairs/{fair['id']}/sheets/987654/reopen", json={"reason": "x"}, headers=h).status_code == 404
    reopened = f.post(f"{base}/reopen", json={"reason": "Проверьте реалистичность"}, headers=h)
    assert reopened.status_code == 200 and reopened.json["correction"]["reason"] == "Проверьте реалистичность"
    assert f.get(url(first), headers=bearer(one["link_token"])).json["correction"]["reason"] == "Проверьте реалистичность"
    assert "Председатель просит исправить: Проверьте реалистичность" in phone.get(f"/fairs/{fair['id']}/my-sheets").text
    corrected = f.put(url(first), json={"scores": full_scores(fair, 7, 2), "comment": "Исправила"}, headers=bearer(one["link_token"]))
    assert corrected.status_code == 200 and corrected.json["correction"] is None
    history = f.get(f"{base}/history", headers=h).json
    assert [(x["kind"], x["reason"], x["via"]) for x in history["items"]] == [
        ("sent", None, "link"), ("reopened", "Проверьте реалистичность", "chair"), ("changed", "Проверьте реалистичность", "link")]
    change = history["items"][2]
    b = str(fair["criteria"][1]["id"])
    assert change["old_scores"][b] == 4 and change["new_scores"][b] == 2
    assert (change["old_comment"], change["new_comment"]) == ("Хорошо", "Исправила") and change["account_id"] == w["j1"]["id"]
    assert f.get(f"{base}/history", headers=bearer(one["link_token"])).status_code == 403

    # the second pitch has no jury score while the first has: closing waits for the chair's decision about it
    refused = patch(system, w, fair, {"state": "closed"})
    assert refused.status_code == 409 and "нет оценки жюри" in refused.json["message"]
    assert len(refused.json["errors"]["pitches"]) == 1 and "не засчитан ни один лист жюри" in refused.json["errors"]["pitches"][0]
    board = f.get(f"/fairs/api/v1/fairs/{fair['id']}/leaderboard", headers=h).json
    assert [u["pitch_id"] for u in board["unscored"]] == [second["id"]] and board["items"][-1]["pitch_id"] == second["id"]
    decide = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{second['id']}/without-jury"
    assert f.put(decide, json={"reason": ""}, headers=h).status_code == 422
    assert f.put(decide, json={"reason": "Команда выступала последней"}, headers=bearer(one["link_token"])).status_code == 403
    decided = f.put(decide, json={"reason": "Команда выступала последней"}, headers=h)
    assert decided.status_code == 200 and decided.json["reason"] == "Команда выступала последней", decided.json
    board = f.get(f"/fairs/api/v1/fairs/{fair['id']}/leaderboard", headers=h).json
    assert board["unscored"] == []
    assert {r["pitch_id"]: r["without_jury_reason"] for r in board["items"]}[second["id"]] == "Команда выступала последней"

    # scoring closed: nothing is stored, the refusal says why; the chair's reopen of a sheet waits for scoring
    assert patch(system, w, fair, {"state": "closed"}).status_code == 200
    closed = f.put(url(second), json={"scores": full_scores(fair)}, headers=bearer(one["link_token"]))
    assert closed.status_code == 409 and closed.json["reason"] == "closed"
    assert closed.json["message"] == "Оценивание закрыто: для исправлений его снова открывает председатель."
    assert f.get(url(second), headers=bearer(one["link_token"])).json["state"] == "not_started"
    assert f.post(f"{base}/reopen", json={"reason": "ещё"}, headers=h).status_code == 409
    declared = f.post(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", json={"pitch_id": first["id"]}, headers=bearer(one["link_token"]))
    assert declared.status_code == 409 and list(declared.json["errors"]) == ["pitch_id"]
    page = phone.get(f"/fairs/{fair['id']}/pitches/{second['id']}/sheet").text
    assert "Оценивание закрыто" in page and 'name="score-' not in page


def test_a_jurors_link_dies_when_the_role_goes_or_the_password_changes(system):
    w, fair = world_with_fair(system, opened=True)
    f, c = system.client("fairs"), system.client("cohorts")
    h = w["h"]
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    pitches = f"/fairs/api/v1/fairs/{fair['id']}/pitches"
    assert f.get(pitches, headers=bearer(one["link_token"])).status_code == 200
    with workers(system):
        # the juror role taken away in cohorts: the link is refused once the event reaches fairs
        assert c.patch(f"/cohorts/api/v1/accounts/{w['j1']['id']}", json={"roles": ["mentor"]}, headers=h).status_code == 200
        wait_until(lambda: f.get(pitches, headers=bearer(one["link_token"])).status_code == 401, message="the link refused")
        assert system.app("fairs").test_client().get(f"/fairs/j/{one['link_token']}").status_code == 410
        # a new password (signs out everywhere): the link made before it is refused; a new link works
        reset = c.post(f"/cohorts/api/v1/accounts/{w['j2']['id']}/password-reset", headers=h).json
        assert c.post("/cohorts/api/v1/auth/password", json={"token": reset["url"].rsplit("/", 1)[1], "password": "новый-пароль-2026"}).status_code == 204
        wait_until(lambda: f.get(pitches, headers=bearer(two["link_token"])).status_code == 401, message="the old link refused")
    fresh = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors/{two['id']}/link", headers=h).json
    assert f.get(pitches, headers=bearer(fresh["link_token"])).status_code == 200
    assert re.fullmatch(r"http://localhost/fairs/j/[\w.-]+", fresh["link_url"])
    assert f.get(pitches, headers=bearer(token(system, w["j2"]["email"], "новый-пароль-2026"))).status_code == 200


def test_the_settings_page_sets_the_formula_and_moves_the_fair_through_its_states(system):
    from tests.support.api import create_account

    w, fair = world_with_fair(system)
    page = system.app("fairs").test_client()
    chair = create_account(system, name="Председатель")
    with page.session_transaction() as s:
        s.update(aid=chair["id"], roles=["coordinator"], v=1, name="Председатель")
    settings = f"/fairs/{fair['id']}/settings"
    html = page.get(settings).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert "Открыть ярмарку" in html and 'name="tie_break"' in html
    form = {"csrf_token": csrf, "name": "Ярмарка проектов", "held_on": "2026-11-20", "place": "с. Эссо", "jury_weight": "0,7",
            "audience_weight": "0,3", "standardise": "1", "audience_mode": "ticket", "tie_break": ["audience", "", "jury"]}
    twice = page.post(settings, data={**form, "tie_break": ["jury", "jury"]})
    assert twice.status_code == 422 and "Каждое правило можно указать только один раз." in twice.text
    assert page.post(settings, data=form).status_code == 303
    got = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}", headers=w["h"]).json
    assert (got["standardise"], got["audience_mode"], got["tie_breaks"]) == (True, "ticket", ["audience", "jury"])
    # the new-fair form (no formula fields) keeps the default formula
    made = page.post("/fairs/", data={"csrf_token": csrf, "name": "Вторая", "cohort_id": str(w["cohort_id"]), "held_on": "2026-12-01"})
    assert made.status_code == 303
    # opening a fair with no criteria says why it cannot open, as the API does
    second = re.search(r"/fairs/(\d+)/", made.headers["Location"]).group(1)
    refused = page.post(f"/fairs/{second}/state", data={"csrf_token": csrf, "state": "open"}, follow_redirects=True)
    assert "Ярмарку пока нельзя открыть. Добавьте критерии до открытия." in refused.text

    state = f"/fairs/{fair['id']}/state"
    assert page.post(state, data={"csrf_token": csrf, "state": "open"}).status_code == 303
    html = page.get(settings).text
    assert "Состояние ярмарки: открыта, идёт оценивание." in html and "Закрыть оценивание" in html and "Рейтинг" in html
    assert page.post(f"/fairs/{fair['id']}/voting", data={"csrf_token": csrf, "voting_open": "0"}).status_code == 303
    assert "Голосование зрителей закрыто." in page.get(settings).text
    assert page.post(state, data={"csrf_token": csrf, "state": "closed"}).status_code == 303
    no_reason = page.post(state, data={"csrf_token": csrf, "state": "open", "reason": ""})
    assert no_reason.status_code == 422 and "Укажите, почему оценивание открывается снова" in no_reason.text
    assert page.post(state, data={"csrf_token": csrf, "state": "open", "reason": "Исправление листа"}).status_code == 303
    html = page.get(settings).text
    assert "Исправление листа" in html and html.count("оценивание закрыто → открыта, идёт оценивание") == 1
    back = page.post(state, data={"csrf_token": csrf, "state": "draft"})
    assert back.status_code == 303 and "Открытая ярмарка не может вернуться в черновик." in page.get(settings).text
