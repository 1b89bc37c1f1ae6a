"""A fair's settings: its criteria are added, corrected and deleted while the fair is a draft, by page and API;
its name, date, place and weights are corrected on a page; forms answer with field messages in Russian.

Rule: opening the fair fixes its criteria, weights, formula and lineup (after that: 409 naming the field); jurors
score only an open fair, so scores are never on a scale that changed under them.
"""
from __future__ import annotations

import re

from tests.support.jury import add_juror, bearer, make_fair, open_fair, replicated, workers, world, world_with_fair
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort, token
from tests.support.web import coordinator_client

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_criteria_by_api_change_in_a_draft_and_are_fixed_once_the_fair_opens(system):
    w = world(system)
    f = system.client("fairs")
    h = w["h"]
    with workers(system):
        replicated(system, accounts=4, nominated=2)
        fair, other = make_fair(system, w), make_fair(system, w, name="Другая ярмарка")
    base = f"/fairs/api/v1/fairs/{fair['id']}/criteria"
    first, second = fair["criteria"]
    renamed = f.patch(f"{base}/{first['id']}", json={"name": "  Актуальность   темы ", "weight": 1.5, "max_score": 8}, headers=h)
    assert renamed.status_code == 200, renamed.json
    assert (renamed.json["name"], renamed.json["weight"], renamed.json["max_score"]) == ("Актуальность темы", 1.5, 8)
    taken = f.patch(f"{base}/{first['id']}", json={"name": "реалистичность"}, headers=h)
    assert taken.status_code == 409 and taken.json["errors"] == {"name": ["Это название уже занято."]}
    same = f.patch(f"{base}/{first['id']}", json={"name": "актуальность ТЕМЫ"}, headers=h)  # its own name, other case
    assert same.status_code == 200 and same.json["name"] == "актуальность ТЕМЫ"
    bad = f.patch(f"{base}/{first['id']}", json={"weight": 0, "max_score": 101}, headers=h)
    assert bad.status_code == 422 and bad.json["errors"] == {
        "weight": ["Вес должен быть больше нуля."], "max_score": ["Максимальный балл — от 1 до 100."]}
    assert f.patch(f"{base}/{first['id']}", json={"name": ""}, headers=h).status_code == 422
    assert f.patch(f"/fairs/api/v1/fairs/{other['id']}/criteria/{first['id']}", json={"weight": 2}, headers=h).status_code == 404
    assert f.delete(f"/fairs/api/v1/fairs/{other['id']}/criteria/{first['id']}", headers=h).status_code == 404

    # in a draft the second one goes; then the fair opens and a juror scores
    assert f.delete(f"{base}/{second['id']}", headers=h).status_code == 204
    assert f.delete(f"{base}/{second['id']}", headers=h).status_code == 404
    assert [c["name"] for c in f.get(base, headers=h).json["items"]] == ["актуальность ТЕМЫ"]
    juror = add_juror(system, w, fair["id"], w["j1"])
    pitch = fair["pitches"][0]
    early = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores",
                  json={"scores": {str(first["id"]): 6}}, headers=bearer(juror["link_token"]))
    assert early.status_code == 409 and early.json["reason"] == "draft" and list(early.json["errors"]) == ["scores"]
    open_fair(system, w, fair)
    scored = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch['id']}/scores",
                   json={"scores": {str(first["id"]): 6}}, headers=bearer(juror["link_token"]))
    assert scored.status_code == 200 and scored.json["state"] == "complete"
    fixed = "Зафиксировано при открытии ярмарки: меняется, только пока ярмарка — черновик."
    locked = f.patch(f"{base}/{first['id']}", json={"max_score": 10, "weight": 3}, headers=h)
    assert locked.status_code == 409 and locked.json["errors"] == {"max_score": [fixed], "weight": [fixed]}
    kept = f.patch(f"{base}/{first['id']}", json={"max_score": 8, "weight": 1.5}, headers=h)
    assert kept.status_code == 200  # unchanged values are not a change
    refused = f.delete(f"{base}/{first['id']}", headers=h)
    assert refused.status_code == 409 and refused.json["errors"] == {"criteria": [fixed]}
    added = f.post(base, json={"name": "Команда", "weight": 1, "max_score": 5}, headers=h)
    assert added.status_code == 409 and added.json["errors"] == {"criteria": [fixed]}
    weights = f.patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"jury_weight": 0.5, "place": "с. Мильково"}, headers=h)
    assert weights.status_code == 409 and weights.json["errors"] == {"jury_weight": [fixed]}
    english = f.patch(f"/fairs/api/v1/fairs/{fair['id']}?lang=en", json={"standardise": True}, headers=h)
    assert english.json["errors"] == {"standardise": ["Fixed when the fair opened: it changes only while the fair is a draft."]}
    moved = f.patch(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{fair['pitches'][1]['id']}", json={"position": 1}, headers=h)
    assert moved.status_code == 409 and list(moved.json["errors"]) == ["position"]
    assert f.patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"place": "с. Мильково"}, headers=h).json["place"] == "с. Мильково"
    # juror accounts and links may read criteria, never change them
    assert f.patch(f"{base}/{first['id']}", json={"weight": 1}, headers=bearer(juror["link_token"])).status_code == 403
    assert f.delete(f"{base}/{first['id']}", headers=bearer(juror["link_token"])).status_code == 403
    # a juror's account opening the fairs sees the fairs it sits on, with its sheets
    j1 = bearer(token(system, w["j1"]["email"], w["j1"]["password"]))
    home = f.get("/fairs/", headers=j1)
    assert home.status_code == 200 and f"/fairs/{fair['id']}/my-sheets" in home.text and "Другая ярмарка" not in home.text


def test_the_settings_page_adds_edits_and_deletes_criteria_with_russian_field_messages(system):
    w, fair = world_with_fair(system)
    c = coordinator_client(system)
    settings = f"/fairs/{fair['id']}/settings"
    page = c.get(settings)
    assert page.status_code == 200 and "Актуальность" in page.text and "вес 2,0" in page.text and "вес 1,0" in page.text
    assert f'href="/fairs/{fair["id"]}/settings"' in c.get("/fairs/").text  # reached from the fairs
    assert f"/fairs/{fair['id']}/settings" in c.get(f"/fairs/{fair['id']}/lineup").text  # and from the lineup
    csrf = CSRF.search(page.text).group(1)
    add = f"/fairs/{fair['id']}/criteria"

    empty = c.post(add, data={"csrf_token": csrf, "name": " ", "weight": "", "max_score": ""})
    assert empty.status_code == 422 and empty.text.count("Обязательное поле.") == 3
    wrong = c.post(add, data={"csrf_token": csrf, "name": "Команда", "weight": "много", "max_score": "5,5"})
    assert wrong.status_code == 422 and "Должно быть число." in wrong.text and "Должно быть целое число." in wrong.text
    assert 'value="Команда"' in wrong.text  # what was typed stays
    ranges = c.post(add, data={"csrf_token": csrf, "name": "Команда", "weight": "0", "max_score": "101"})
    assert ranges.status_code == 422 and "Вес должен быть больше нуля." in ranges.text and "Максимальный балл — от 1 до 100." in ranges.text
    twice = c.post(add, data={"csrf_token": csrf, "name": "актуальность", "weight": "1", "max_score": "5"})
    assert twice.status_code == 409 and "Это название уже занято." in twice.text
    added = c.post(add, data={"csrf_token": csrf, "name": "Команда", "weight": "1,5", "max_score": "3"})
    assert added.status_code == 303 and added.headers["Location"].endswith(f"{settings}#criteria")
    page = c.get(settings).text
    assert "Критерий добавлен: Команда." in page and "Команда" in page and "вес 1,5" in page and "от 0 до 3" in page

    criteria = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/criteria", headers=w["h"]).json["items"]
    team = next(x for x in criteria if x["name"] == "Команда")
    edit = f"/fairs/{fair['id']}/criteria/{team['id']}"
    form = c.get(edit)
    assert form.status_code == 200 and 'value="1,5"' in form.text and "novalidate" in form.text
    bad = c.post(edit, data={"csrf_token": csrf, "name": "", "weight": "-1", "max_score": "3"})
    assert bad.status_code == 422 and "Обязательное поле." in bad.text
    saved = c.post(edit, data={"csrf_token": csrf, "name": "Работа в команде", "weight": "0,5", "max_score": "4"})
    assert saved.status_code == 303
    assert "Работа в команде" in c.get(settings).text and "вес 0,5" in c.get(settings).text
    assert c.get(f"/fairs/{fair['id']}/criteria/999999").status_code == 404

    criteria = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/criteria", headers=w["h"]).json["items"]
    assert [x["name"] for x in criteria] == ["Актуальность", "Реалистичность", "Работа в команде"]
    deleted = c.post(f"/fairs/{fair['id']}/criteria/{team['id']}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 303 and "Критерий удалён: Работа в команде." in c.get(settings).text

    # opened: the criteria are fixed, the page says so and offers no edits
    open_fair(system, w, fair)
    page = c.get(settings).text
    assert "Ярмарка открыта: критерии, веса, формула и порядок выступлений зафиксированы." in page
    assert "/delete" not in page and 'id="new-criterion"' not in page
    first = fair["criteria"][0]
    refused = c.post(f"/fairs/{fair['id']}/criteria/{first['id']}/delete", data={"csrf_token": csrf})
    assert refused.status_code == 303
    assert "Зафиксировано при открытии ярмарки: меняется, только пока ярмарка — черновик." in c.get(settings).text
    locked = c.post(f"/fairs/{fair['id']}/criteria/{first['id']}", data={"csrf_token": csrf, "name": first["name"], "weight": "2", "max_score": "7"})
    assert locked.status_code == 409 and "Зафиксировано при открытии ярмарки" in locked.text
    f = system.client("fairs")
    assert [x["name"] for x in f.get(f"/fairs/api/v1/fairs/{fair['id']}/criteria", headers=w["h"]).json["items"]] == ["Актуальность", "Реалистичность"]


def test_the_fair_is_corrected_on_its_settings_page_and_forms_use_server_messages(system):
    w, fair = world_with_fair(system)
    c = coordinator_client(system)
    settings = f"/fairs/{fair['id']}/settings"
    page = c.get(settings).text
    assert 'value="0,7"' in page and 'value="0,3"' in page and 'value="2026-11-20"' in page
    csrf = CSRF.search(page).group(1)
    bad = c.post(settings, data={"csrf_token": csrf, "name": "", "held_on": "", "place": "", "jury_weight": "-1", "audience_weight": "x"})
    assert bad.status_code == 422 and bad.text.count('class="field-error"') == 4
    assert bad.text.count("Обязательное поле.") == 2 and "Должно быть число." in bad.text
    both_zero = c.post(settings, data={"csrf_token": csrf, "name": "Ярмарка", "held_on": "2026-12-01", "jury_weight": "0", "audience_weight": "0"})
    assert both_zero.status_code == 422 and "Вес жюри и вес зрителей не могут быть оба нулевыми." in both_zero.text
    saved = c.post(settings, data={"csrf_token": csrf, "name": "Ярмарка «Росток»", "held_on": "2026-12-01", "place": "с. Мильково",
                                   "jury_weight": "0,6", "audience_weight": "0,4"})
    assert saved.status_code == 303
    got = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}", headers=w["h"]).json
    assert (got["name"], got["held_on"], got["place"], got["jury_weight"], got["audience_weight"]) == (
        "Ярмарка «Росток»", "2026-12-01", "с. Мильково", 0.6, 0.4)
    lineup = c.get(f"/fairs/{fair['id']}/lineup").text
    assert "Вес жюри 0,6, вес зрителей 0,4" in lineup
    # the new-fair form has no browser bubbles: the server names the fields
    home = c.get("/fairs/").text
    new_fair = re.search(r'<form[^>]*id="new-fair".*?</form>', home, re.S).group(0)
    assert "novalidate" in new_fair and " required" not in new_fair
    empty = c.post("/fairs/", data={"csrf_token": csrf, "name": "", "cohort_id": str(w["cohort_id"]), "held_on": ""})
    assert empty.status_code == 422 and empty.text.count("Обязательное поле.") == 2


def test_the_lineup_offers_only_moves_that_move_and_the_teams_page_leads_back(system):
    w, fair = world_with_fair(system)
    c = coordinator_client(system)
    lineup = c.get(f"/fairs/{fair['id']}/lineup").text
    first, second = (re.search(rf'<li id="pitch-{p["id"]}">.*?</li>', lineup, re.S).group(0) for p in fair["pitches"])
    assert "Позже" in first and "Раньше" not in first
    assert "Раньше" in second and "Позже" not in second
    teams = c.get("/fairs/teams").text
    assert 'href="/fairs/"' in teams and "Ярмарки" in teams


def test_a_single_pitch_has_no_moves_and_the_jury_page_says_when_there_are_no_juror_accounts(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)

    team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Мильково", project_title="Тропа здоровья")
    assert system.client("cohorts").post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 200
    with workers(system):
        replicated(system, accounts=1, nominated=1)
    f = system.client("fairs")
    fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": ids["cohort"]["id"], "name": "Ярмарка", "held_on": "2026-12-10"}, headers=h).json
    c = coordinator_client(system)
    lineup = c.get(f"/fairs/{fair['id']}/lineup").text
    assert "Мильково" in lineup and "Позже" not in lineup and "Раньше" not in lineup
    jury = c.get(f"/fairs/{fair['id']}/jurors").text
    assert "Учётных записей членов жюри пока нет." in jury and 'href="/cohorts/accounts"' in jury
    assert "уже в этом жюри" not in jury


def test_a_fairs_old_page_addresses_land_on_the_new_ones(system):
    client = system.app("fairs").test_client()
    old = client.get("/fairs/fairs/7/leaderboard?lang=en")
    assert old.status_code == 308 and old.headers["Location"].endswith("/fairs/7/leaderboard?lang=en")
    posted = client.post("/fairs/fairs/7/state", data={"state": "open"})
    assert posted.status_code == 400  # a form without its token is refused before any redirect
    assert client.get("/fairs/j/unknown-token").status_code != 308  # the jurors' printed links are not touched
