"""The audience vote on real servers: one vote per phone (changeable until voting closes) or per printed ticket (once);
votes only while the fair is open and voting is open; counts never on the public page; a burst from one address is
slowed (429 with Retry-After, counted in the database) and shown to the chair; the audience share in the ranking."""
from __future__ import annotations

import re

from services.fairs.audience import rules
from tests.support.fair_day import day_fair, day_world, hall_code, send

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def phone(system, address="10.0.0.1"):
    client = system.app("fairs").test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_one_vote_per_phone_changeable_until_voting_closes_and_the_share_in_the_ranking(system):
    w = day_world(system, teams=3, jurors=3)
    fair = day_fair(system, w, open_it=False, jury_weight=1, audience_weight=1)
    f = system.client("fairs")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    p1, p2, p3 = (p["id"] for p in fair["pitches"])
    a, b = phone(system, "10.0.0.1"), phone(system, "10.0.0.2")
    page = a.get(f"/fairs/{fair['id']}/vote")
    # before the fair opens its vote page shows nothing of it: not its name, not its lineup
    assert page.status_code == 200 and "Голосование ещё не открыто." in page.text
    assert "Этнотропа" not in page.text and "Ярмарка проектов" not in page.text
    assert a.get_cookie("rostok_voter", path="/fairs") is not None
    token = CSRF.search(page.text).group(1)
    early = a.post(f"{base}/votes", json={"pitch_id": p1}, headers={"X-CSRFToken": token})
    assert early.status_code == 409 and early.json["reason"] == "draft" and list(early.json["errors"]) == ["pitch_id"]

    assert f.patch(base, json={"state": "open"}, headers=w["h"]).status_code == 200
    # a phone that never opened the page has no vote
    stranger = f.post(f"{base}/votes", json={"pitch_id": p1})
    assert stranger.status_code == 422 and stranger.json["errors"] == {"device": ["Сначала откройте страницу голосования на этом телефоне."]}
    # a phone votes from the hall: with the code the projector shows
    away = a.post(f"/fairs/{fair['id']}/vote", data={"csrf_token": token, "pitch_id": str(p1)})
    assert away.status_code == 422 and "Введите код, который показан на экране в зале." in away.text
    guessed = a.post(f"{base}/votes", json={"pitch_id": p1, "presence": "0000" if hall_code(system, fair["id"]) != "0000" else "1111"},
                     headers={"X-CSRFToken": token})
    assert guessed.status_code == 422 and list(guessed.json["errors"]) == ["presence"]
    voted = a.post(f"/fairs/{fair['id']}/vote", data={"csrf_token": token, "pitch_id": str(p1), "presence": hall_code(system, fair["id"])})
    assert voted.status_code == 303
    again = a.get(f"/fairs/{fair['id']}/vote").text
    assert "Спасибо: ваш голос учтён." in again and again.count("data-mine") == 1 and "Изменить мой голос" in again
    changed = a.post(f"{base}/votes", json={"pitch_id": p2, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token})
    assert changed.status_code == 200 and changed.json == {"fair_id": fair["id"], "pitch_id": p2, "changed": True, "counted": True}
    same = a.post(f"{base}/votes", json={"pitch_id": p2, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token})
    assert same.json["changed"] is False
    b_token = CSRF.search(b.get(f"/fairs/{fair['id']}/vote").text).group(1)
    assert b.post(f"{base}/votes", json={"pitch_id": p2, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": b_token}).status_code == 200
    wrong = b.post(f"{base}/votes?lang=en", json={"pitch_id": 987654, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": b_token})
    assert wrong.status_code == 422 and wrong.json["errors"] == {"pitch_id": ["No such project in this fair's lineup."]}
    assert b.post(f"{base}/votes", json={"pitch_id": p3}).status_code == 400  # the cookie without the page's token: refused

    counts = f.get(f"{base}/vote-counts", headers=w["h"]).json
    assert {c["pitch_id"]: c["votes"] for c in counts["items"]} == {p1: 0, p2: 2, p3: 0}
    assert f.get(f"{base}/vote-counts").status_code == 401
    assert not re.search(r"\d+\s+голос", a.get(f"/fairs/{fair['id']}/vote").text)  # no counts on the public page

    # jury and audience blended: 100 x votes / the most votes
    for juror in range(3):
        for pitch, value in enumerate([(9, 9), (5, 5), (7, 7)]):
            assert send(system, fair, juror, pitch, *value).status_code == 200
    board = f.get(f"{base}/leaderboard", headers=w["h"]).json
    rows = {r["pitch_id"]: r for r in board["items"]}
    assert (rows[p2]["audience"], rows[p1]["audience"]) == (100.0, 0.0)
    assert (rows[p1]["total"], rows[p2]["total"], rows[p3]["total"]) == (45.0, 75.0, 35.0)
    assert [r["pitch_id"] for r in board["items"]] == [p2, p1, p3]

    # the chair closes the vote: refused, nothing counted; reopened: taken again
    assert f.patch(base, json={"voting_open": False}, headers=w["h"]).json["voting_open"] is False
    closed = a.post(f"{base}/votes", json={"pitch_id": p3, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token})
    assert closed.status_code == 409 and closed.json["reason"] == "voting_closed" and closed.json["message"] == "Голосование закрыто."
    assert "Голосование закрыто." in a.get(f"/fairs/{fair['id']}/vote").text
    assert f.patch(base, json={"voting_open": True}, headers=w["h"]).status_code == 200
    assert a.post(f"{base}/votes", json={"pitch_id": p3, "presence": hall_code(system, fair["id"])}, headers={"X-CSRFToken": token}).json["changed"] is True
    assert {c["pitch_id"]: c["votes"] for c in f.get(f"{base}/vote-counts", headers=w["h"]).json["items"]} == {p1: 0, p2: 1, p3: 1}


def test_a_ticket_votes_once_and_unknown_tickets_are_refused(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w, audience_mode="ticket", audience_weight=1)
    f = system.client("fairs")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    p1, p2 = (p["id"] for p in fair["pitches"])
    assert f.post(f"{base}/tickets", json={"count": 0}, headers=w["h"]).json["errors"] == {"count": ["От 1 до 500 билетов за раз."]}
    assert f.post(f"{base}/tickets", json={"count": 3}, headers={"Authorization": f"Bearer {fair['jurors'][0]['link_token']}"}).status_code == 403
    issued = f.post(f"{base}/tickets", json={"count": 3}, headers={**w["h"], "Idempotency-Key": "print-1"})
    assert issued.status_code == 201 and issued.json["total"] == 3
    resent = f.post(f"{base}/tickets", json={"count": 3}, headers={**w["h"], "Idempotency-Key": "print-1"})
    assert resent.json == issued.json  # a resend prints no second batch
    codes = [t["code"] for t in issued.json["items"]]
    assert all(re.fullmatch(f"[{rules.CODE_ALPHABET}]{{8}}", c) for c in codes) and len(set(codes)) == 3
    assert issued.json["items"][0]["vote_url"].startswith(f"http://localhost/fairs/{fair['id']}/vote?ticket=")

    first = codes[0]
    typed = first[:4].lower() + "-" + first[4:]
    assert f.post(f"{base}/votes", json={"pitch_id": p1, "ticket": typed}).status_code == 200
    assert f.post(f"{base}/votes", json={"pitch_id": p1, "ticket": first}).json["changed"] is False  # resent: the same vote
    twice = f.post(f"{base}/votes", json={"pitch_id": p2, "ticket": first})
    assert twice.status_code == 409 and twice.json["errors"] == {"ticket": ["По этому билету уже проголосовали."]}
    unknown = f.post(f"{base}/votes", json={"pitch_id": p2, "ticket": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 422 and unknown.json["errors"] == {"ticket": ["На этой ярмарке нет такого билета: проверьте код."]}
    missing = f.post(f"{base}/votes", json={"pitch_id": p2})
    assert missing.status_code == 422 and list(missing.json["errors"]) == ["ticket"]
    listed = f.get(f"{base}/tickets", headers=w["h"]).json["items"]
    assert [t["used"] for t in listed] == [True, False, False]
    # the ticket's QR code opens the page with the code filled in; the page votes with it
    page = phone(system).get(f"/fairs/{fair['id']}/vote?ticket={codes[1]}")
    assert page.status_code == 200 and f'value="{rules.pretty_code(codes[1])}"' in page.text
    printable = system.app("fairs").test_client()
    with printable.session_transaction() as s:
        s.update(aid=99999, roles=["coordinator"], v=1, name="Координатор")
    sheet = printable.get(f"/fairs/{fair['id']}/tickets").text
    assert sheet.count("<svg") == 3 and rules.pretty_code(codes[2]) in sheet


def test_a_burst_from_one_address_is_slowed_and_shown_to_the_chair(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w, audience_mode="ticket")
    f = system.client("fairs")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    code = f.post(f"{base}/tickets", json={"count": 1}, headers=w["h"]).json["items"][0]["code"]
    stuffer = phone(system, "203.0.113.7")
    for _ in range(rules.VOTES_PER_WINDOW - 1):
        assert stuffer.post(f"{base}/votes", json={"pitch_id": fair["pitches"][0]["id"], "ticket": "NOPE-NOPE"}).status_code == 422
    assert stuffer.post(f"{base}/votes", json={"pitch_id": fair["pitches"][0]["id"], "ticket": code}).status_code == 200
    slowed = stuffer.post(f"{base}/votes", json={"pitch_id": fair["pitches"][1]["id"], "ticket": "NOPE-NOPE"})
    assert slowed.status_code == 429 and 1 <= int(slowed.headers["Retry-After"]) <= 61
    assert slowed.json["message"] == "Слишком много голосов из этой сети: подождите минуту и попробуйте снова."
    # another address is not slowed; the chair sees the burst
    assert phone(system, "198.51.100.1").post(f"{base}/votes", json={"pitch_id": fair["pitches"][1]["id"], "ticket": "NOPE-NOPE"}).status_code == 422
    bursts = f.get(f"{base}/vote-bursts", headers=w["h"]).json["items"]
    assert [(b["address"], b["attempts"], b["slowed"]) for b in bursts] == [("203.0.113.7", rules.VOTES_PER_WINDOW + 1, 1)]
    assert f.get(f"{base}/vote-bursts").status_code == 401


def test_the_chair_sets_a_bursts_phone_votes_aside_with_a_reason_kept_in_the_history(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w, audience_weight=1)
    f = system.client("fairs")
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    p1, p2 = (p["id"] for p in fair["pitches"])
    # one person with a script: new phones (cookies) one after another, each with the hall's code, from one address
    for _ in range(rules.BURST):
        script = phone(system, "203.0.113.9")
        token = CSRF.search(script.get(f"/fairs/{fair['id']}/vote").text).group(1)
        assert script.post(f"{base}/votes", json={"pitch_id": p1, "presence": hall_code(system, fair["id"])},
                           headers={"X-CSRFToken": token}).status_code == 200
    honest = phone(system, "198.51.100.4")
    token = CSRF.search(honest.get(f"/fairs/{fair['id']}/vote").text).group(1)
    assert honest.post(f"{base}/votes", json={"pitch_id": p2, "presence": hall_code(system, fair["id"])},
                       headers={"X-CSRFToken": token}).status_code == 200
    burst = f.get(f"{base}/vote-bursts", headers=w["h"]).json["items"][0]
    assert (burst["address"], burst["votes"]) == ("203.0.113.9", rules.BURST)

    console = system.app("fairs").test_client()
    with console.session_transaction() as s:
        s.update(aid=99999, roles=["coordinator"], v=1, name="Председатель")
    page = console.get(f"/fairs/{fair['id']}/console").text
    assert "Отложить эти голоса" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf, "action": "set_aside", "address": burst["address"], "since": burst["first_at"],
            "until": burst["last_at"]}
    refused = console.post(f"/fairs/{fair['id']}/console", data=form, follow_redirects=True)
    assert "Укажите, почему эти голоса откладываются" in refused.text
    done = console.post(f"/fairs/{fair['id']}/console", data={**form, "reason": "Один человек голосовал скриптом"},
                        follow_redirects=True)
    assert f"Голоса отложены: {rules.BURST}." in done.text
    counts = {c["pitch_id"]: c["votes"] for c in f.get(f"{base}/vote-counts", headers=w["h"]).json["items"]}
    assert counts == {p1: 0, p2: 1}
    history = f.get(f"{base}/history", headers=w["h"]).json["items"]
    assert [(h["field"], h["from_value"], h["reason"]) for h in history if h["field"] == "votes_set_aside"] == [
        ("votes_set_aside", str(rules.BURST), "203.0.113.9: Один человек голосовал скриптом")]
    assert f.get(f"{base}/vote-bursts", headers=w["h"]).json["items"][0]["votes"] == 0
