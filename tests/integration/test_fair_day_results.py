"""Publishing on real servers: scoring closed first, the ranking frozen (later sheets, votes and changes refused with a
clear message), a public results page with the leaders first, and ``fairs.results.published`` through the outbox and
the broker to cohorts, whose team page and report show the leaders."""
from __future__ import annotations

import re

from tests.support.api import create_account
from tests.support.fair_day import day_fair, day_world, send, workers, hall_code
from tests.support.system import wait_until

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def test_publishing_freezes_the_fair_and_cohorts_shows_the_leaders(system):
    w = day_world(system, teams=4, jurors=3)
    fair = day_fair(system, w, jury_weight=0.8, audience_weight=0.2)
    f, c = system.client("fairs"), system.client("cohorts")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    for juror in range(3):
        for pitch, value in enumerate([(9, 9), (8, 8), (7, 7), (3, 3)]):
            assert send(system, fair, juror, pitch, *value).status_code == 200
    phone = system.app("fairs").test_client()
    token = CSRF.search(phone.get(f"/fairs/{fair['id']}/vote").text).group(1)
    assert phone.post(f"{base}/votes", json={"pitch_id": fair["pitches"][3]["id"], "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token}).status_code == 200
    assert f.get(f"{base}/results").status_code == 404  # nothing published yet

    with workers(system, "cohorts", "fairs"):
        published = f.post(f"{base}/results", headers={**w["h"], "Idempotency-Key": "publish-1"})
        assert published.status_code == 201, published.json
        again = f.post(f"{base}/results", headers={**w["h"], "Idempotency-Key": "publish-1"})
        assert again.status_code == 201 and again.json == published.json  # a resend answers the same
        body = published.json
        names = [r["team_name"] for r in body["items"]]
        assert names == ["Эссо-тур", "Анавгайские ремёсла", "Мильково", "Козыревск"]
        assert [r["leader"] for r in body["items"]] == [True, True, True, False]
        assert body["leaders"] == [t["id"] for t in w["teams"][:3]]
        fact = "SELECT team_id, rank, leader FROM fair_result_facts ORDER BY rank"
        import sqlalchemy as sa

        cohorts_db = system.runtime("cohorts").engine
        wait_until(lambda: cohorts_db.connect().execute(sa.text(fact)).all().__len__() == 4, message="the results in cohorts")
    with cohorts_db.connect() as conn:
        assert [tuple(r) for r in conn.execute(sa.text(fact))] == [
            (w["teams"][0]["id"], 1, True), (w["teams"][1]["id"], 2, True), (w["teams"][2]["id"], 3, True), (w["teams"][3]["id"], 4, False)]
    report = c.get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}/report", headers=w["h"]).json
    assert report["indicators"]["leaders"]["value"] == 3
    team_page = system.app("cohorts").test_client()
    coordinator = create_account(system, name="Координатор")
    with team_page.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    html = team_page.get(f"/cohorts/teams/{w['teams'][0]['id']}").text
    assert "Лидер ярмарки" in html and "Место на ярмарке: 1" in html
    assert "Лидер ярмарки" not in team_page.get(f"/cohorts/teams/{w['teams'][3]['id']}").text

    # frozen: the state went open -> closed -> published, and nothing changes any more
    fair_now = f.get(base, headers=w["h"]).json
    assert fair_now["state"] == "published" and fair_now["published_at"]
    history = [(x["from_value"], x["to_value"]) for x in f.get(f"{base}/history", headers=w["h"]).json["items"]]
    assert history == [("draft", "open"), ("open", "closed"), ("closed", "published")]
    late = send(system, fair, 0, 3, 10, 10)
    assert late.status_code == 409 and late.json["reason"] == "published"
    assert late.json["message"] == "Итоги опубликованы: оценочные листы заморожены."
    vote = phone.post(f"{base}/votes", json={"pitch_id": fair["pitches"][0]["id"], "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token})
    assert vote.status_code == 409 and vote.json["message"] == "Итоги опубликованы: голоса заморожены."
    for change in ({"state": "open", "reason": "ещё раз"}, {"voting_open": False}, {"place": "с. Мильково"}):
        refused = f.patch(base, json=change, headers=w["h"])
        assert refused.status_code == 409 and refused.json["message"] == "Итоги опубликованы: ярмарка больше не меняется.", change
    twice = f.post(f"{base}/results", headers=w["h"])
    assert twice.status_code == 409 and list(twice.json["errors"]) == ["state"]
    assert f.post(f"{base}/tickets", json={"count": 5}, headers=w["h"]).status_code == 409

    # anyone reads the results; the public page puts the leaders first
    public = f.get(f"{base}/results")
    assert public.status_code == 200 and public.json["items"] == body["items"] and "votes" not in public.json["items"][0]
    page = system.app("fairs").test_client().get(f"/fairs/{fair['id']}/results").text
    leaders = re.search(r'<ol class="leaders" id="leaders">(.*?)</ol>', page, re.S).group(1)
    assert [t for t in ("Эссо-тур", "Анавгайские ремёсла", "Мильково", "Козыревск") if t in leaders] == ["Эссо-тур", "Анавгайские ремёсла", "Мильково"]
    assert "Посмотреть итоги" in phone.get(f"/fairs/{fair['id']}/vote").text


def test_a_draft_is_not_published_and_publishing_from_closed_works(system):
    w = day_world(system, teams=2, jurors=1)
    draft = day_fair(system, w, open_it=False)
    f = system.client("fairs")
    refused = f.post(f"/fairs/api/v1/fairs/{draft['id']}/results", headers=w["h"])
    assert refused.status_code == 409 and refused.json["errors"] == {"state": ["Ярмарка ещё не открывалась: публиковать нечего."]}
    assert f.post(f"/fairs/api/v1/fairs/{draft['id']}/results", headers={"Authorization": f"Bearer {draft['jurors'][0]['link_token']}"}).status_code == 403
    assert f.patch(f"/fairs/api/v1/fairs/{draft['id']}", json={"state": "open"}, headers=w["h"]).status_code == 200
    assert f.patch(f"/fairs/api/v1/fairs/{draft['id']}", json={"state": "closed"}, headers=w["h"]).status_code == 200
    done = f.post(f"/fairs/api/v1/fairs/{draft['id']}/results", headers=w["h"])
    assert done.status_code == 201 and done.json["leaders"] == []  # no sheets: no totals, no leaders
