"""The stage of the fair day through its API: only the chair moves it; the projector's view (and a juror's) shows
what the hall may see and nothing more; an unchanged stage answers 304 to its ETag."""
from __future__ import annotations

import datetime as dt
import json
import re

from tests.support.jury import add_juror, bearer, full_scores, world_with_fair
from tests.support.web import coordinator_client, form_token
from tests.support.api import create_account, token

T0 = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.timezone.utc)


def opened(system, w, fair) -> dict:
    r = system.client("fairs").patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"state": "open"}, headers=w["h"])
    assert r.status_code == 200, r.json
    return fair


def stage_url(fair) -> str:
    return f"/fairs/api/v1/fairs/{fair['id']}/stage"


def test_only_the_chair_moves_the_stage_and_a_stale_click_does_not_move_it_twice(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    one = add_juror(system, w, fair["id"], w["j1"])
    first, second = fair["pitches"]
    url = stage_url(fair)
    # before anything: nothing on stage, the default five minutes planned
    empty = f.get(url, headers=h).json
    assert empty["pitch"] is None and empty["version"] == 0 and empty["timer"] == {"running": False, "elapsed": 0, "planned": 300}
    # a juror (by link or by account) and a plain account cannot move it
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник 2")
    for headers in (bearer(one["link_token"]), bearer(token(system, w["j1"]["email"], w["j1"]["password"])),
                    bearer(token(system, mentor["email"], mentor["password"]))):
        assert f.post(f"{url}/next", json={}, headers=headers).status_code == 403
        assert f.patch(url, json={"counts_shown": True}, headers=headers).status_code == 403
    assert f.get(url, headers=bearer(token(system, mentor["email"], mentor["password"]))).status_code == 403
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/console", headers=bearer(one["link_token"])).status_code == 403
    # the chair brings on the first pitch; a second click showing the old version is refused, not a second move
    moved = f.post(f"{url}/next", json={"version": 0}, headers=h)
    assert moved.status_code == 200 and moved.json["pitch"]["id"] == first["id"] and moved.json["version"] == 1
    stale = f.post(f"{url}/next", json={"version": 0}, headers=h)
    assert stale.status_code == 409 and stale.json["errors"] == {"version": ["Устарело."]} and stale.json["current"] == 1
    assert f.get(url, headers=h).json["pitch"]["id"] == first["id"]
    refused = f.post(f"{url}/previous", json={}, headers=h)
    assert refused.status_code == 409 and refused.json["message"] == "Это первое выступление."
    # the team on stage is absent: skipped, the next one comes on; it is the last, so next is refused
    skipped = f.post(f"{url}/skip", json={}, headers=h).json
    assert skipped["pitch"]["id"] == second["id"] and [p["skipped"] for p in skipped["lineup"]] == [True, False]
    last = f.post(f"{url}/next", json={}, headers=h)
    assert last.status_code == 409 and last.json["message"] == "Это последнее выступление."
    # the late team arrives: the chair puts it on stage, no longer skipped
    back = f.patch(url, json={"pitch_id": first["id"]}, headers=h).json
    assert back["pitch"]["id"] == first["id"] and [p["skipped"] for p in back["lineup"]] == [False, False]
    unknown = f.patch(url, json={"pitch_id": 987654}, headers=h)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"pitch_id": ["Такого выступления нет в порядке выступлений."]}
    # the planned length: one minute to an hour
    assert f.patch(url, json={"planned_seconds": 420}, headers=h).json["timer"]["planned"] == 420
    too_long = f.patch(url, json={"planned_seconds": 4000}, headers=h)
    assert too_long.status_code == 422 and too_long.json["errors"] == {"planned_seconds": ["От 1 до 60 минут."]}
    bad = f.patch(url, json={"timer": "faster"}, headers=h)
    assert bad.status_code == 422 and "timer" in bad.json["errors"]


class Clock:
    """The stage's clock, set by the test (sign-in tokens keep the real one)."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def shift(self, **delta):
        self.now += dt.timedelta(**delta)


def test_the_timer_runs_on_the_servers_clock(system, monkeypatch):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    url = stage_url(fair)
    clock = Clock(T0)
    monkeypatch.setattr("services.fairs.stage.views.utcnow", clock)
    no_pitch = f.patch(url, json={"timer": "start"}, headers=h)
    assert no_pitch.status_code == 409 and no_pitch.json["message"] == "На сцене пока никого нет."
    f.post(f"{url}/next", json={}, headers=h)
    assert f.patch(url, json={"timer": "start"}, headers=h).json["timer"] == {"running": True, "elapsed": 0, "planned": 300}
    clock.shift(seconds=75)
    assert f.get(url, headers=h).json["timer"] == {"running": True, "elapsed": 75, "planned": 300}
    assert f.patch(url, json={"timer": "stop"}, headers=h).json["timer"]["elapsed"] == 75
    clock.shift(minutes=10)
    assert f.get(url, headers=h).json["timer"] == {"running": False, "elapsed": 75, "planned": 300}
    f.patch(url, json={"timer": "start"}, headers=h)
    clock.shift(seconds=5)
    assert f.get(url, headers=h).json["timer"]["elapsed"] == 80
    # the next pitch starts from zero, stopped
    assert f.post(f"{url}/next", json={}, headers=h).json["timer"] == {"running": False, "elapsed": 0, "planned": 300}
    f.patch(url, json={"timer": "start"}, headers=h)
    clock.shift(seconds=30)
    assert f.patch(url, json={"timer": "reset"}, headers=h).json["timer"] == {"running": False, "elapsed": 0, "planned": 300}


def test_an_unchanged_stage_answers_304_and_any_change_a_new_etag(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    one = add_juror(system, w, fair["id"], w["j1"])
    opened(system, w, fair)
    url = stage_url(fair)
    f.post(f"{url}/next", json={}, headers=h)
    first = f.get(url, headers=h)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"') and "no-cache" in first.headers["Cache-Control"]
    again = f.get(url, headers={**h, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    # a sheet sent for the pitch on stage changes what the hall sees ("1 of 1")
    pitch = first.json["pitch"]["id"]
    assert first.json["sheets"] == {"sent": 0, "expected": 1}
    sent = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch}/scores", json={"scores": full_scores(fair)},
                 headers=bearer(one["link_token"]))
    assert sent.status_code == 200, sent.json
    changed = f.get(url, headers={**h, "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag and changed.json["sheets"] == {"sent": 1, "expected": 1}
    # the chair's move too
    tag = changed.headers["ETag"]
    f.patch(url, json={"counts_shown": True}, headers=h)
    assert f.get(url, headers={**h, "If-None-Match": tag}).status_code == 200
    # the console and a juror each have their own tag for their own view
    console = f.get(f"/fairs/api/v1/fairs/{fair['id']}/console", headers=h)
    juror = f.get(url, headers=bearer(one["link_token"]))
    assert len({console.headers["ETag"], juror.headers["ETag"], f.get(url, headers=h).headers["ETag"]}) == 3
    assert f.get(url, headers={**bearer(one["link_token"]), "If-None-Match": juror.headers["ETag"]}).status_code == 304


def test_the_hall_and_the_jurors_see_no_scores_and_no_hidden_counts(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    opened(system, w, fair)
    url = stage_url(fair)
    first = fair["pitches"][0]["id"]
    f.post(f"{url}/next", json={}, headers=h)
    scores = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{first}/scores"
    assert f.put(scores, json={"scores": full_scores(fair, 9, 5), "comment": "Секрет Ирины"}, headers=bearer(one["link_token"])).status_code == 200
    _vote(system, fair, first)
    hall = f.get(url, headers=h).json
    juror = f.get(url, headers=bearer(two["link_token"])).json
    for body in (hall, juror):
        text = str(body)
        assert "Секрет Ирины" not in text and "scores" not in text and body["votes"] is None and body["leaders"] == []
        assert body["sheets"] == {"sent": 1, "expected": 2}
    # a juror gets their own sheets' states, not another's
    assert juror["mine"][str(first)]["state"] == "not_started"
    assert f.get(url, headers=bearer(one["link_token"])).json["mine"][str(first)]["state"] == "complete"
    # the chair's console names who sent and who is missing, never what they gave
    console = f.get(f"/fairs/api/v1/fairs/{fair['id']}/console", headers=h).json
    row = next(p for p in console["lineup"] if p["id"] == first)
    assert [j["name"] for j in row["sent"]] == ["Ирина Жюри"] and [j["name"] for j in row["missing"]] == ["Олег Жюри"]
    assert "Секрет" not in str(console) and console["counts"] == {str(first): 1}
    # counts reach the hall only once the chair shows them
    shown = f.patch(url, json={"counts_shown": True}, headers=h).json
    assert [(v["pitch_id"], v["count"]) for v in shown["votes"]] == [(first, 1), (fair["pitches"][1]["id"], 0)]
    assert f.get(url, headers=h).json["votes"][0]["count"] == 1
    assert f.patch(url, json={"counts_shown": False}, headers=h).json["votes"] is None


def _vote(system, fair, pitch_id):
    """One audience vote, written as the audience module keeps it."""
    from services.fairs.audience.models import Vote

    with system.runtime("fairs").uow() as uow:
        uow.session.add(Vote(fair_id=fair["id"], pitch_id=pitch_id, voter="device:test-1", changes=0))
        uow.commit()


def test_the_chairs_console_runs_the_fair_with_plain_forms(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    add_juror(system, w, fair["id"], w["j1"])
    chair = coordinator_client(system)
    console = f"/fairs/{fair['id']}/console"
    page = chair.get(console)
    assert page.status_code == 200 and "Пульт председателя" in page.text and "Ярмарка — черновик" in page.text
    csrf = form_token(page.text)

    def press(action, **form):
        answer = chair.post(console, data={"csrf_token": csrf, "action": action, **form})
        assert answer.status_code == 303, answer.text
        return chair.get(answer.headers["Location"]).text

    assert "Ярмарка открыта: жюри оценивает, зрители голосуют." in press("open")
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}", headers=h).json["state"] == "open"
    shown = press("next", version="1")  # opening from the console set the stage up (version 1)
    assert "На сцене: 1. Эссо-тур" in shown and "Прислали листы: 0 из 1" in shown
    # a second tap from the same old page is refused, the stage stays where it is
    assert "Сцена уже изменилась" in press("next", version="1")
    assert f.get(stage_url(fair), headers=h).json["pitch"]["id"] == fair["pitches"][0]["id"]
    assert "Таймер запущен." in press("start")
    assert "Длительность выступления: 7 мин." in press("planned", planned_minutes="7")
    assert "От 1 до 60 минут." in press("planned", planned_minutes="90")
    assert "Зал видит число голосов." in press("show_counts")
    assert "Голосование зрителей закрыто." in press("voting_close")
    # leaders only once scoring is closed; reopening needs a reason
    assert "Сначала закройте оценку" in press("reveal")
    assert "Оценивание закрыто." in press("close")
    refused = press("reopen", reason=" ")
    assert "Оценивание снова открыто." not in refused and f.get(f"/fairs/api/v1/fairs/{fair['id']}", headers=h).json["state"] == "closed"
    assert "Оценивание снова открыто." in press("reopen", reason="Член жюри не успел отправить лист")
    assert "Неизвестное действие." in press("dance")


def test_a_jurors_live_page_carries_their_own_sheets_only(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    opened(system, w, fair)
    first = fair["pitches"][0]["id"]
    scores = f"/fairs/api/v1/fairs/{fair['id']}/pitches/{first}/scores"
    assert f.put(scores, json={"scores": full_scores(fair, 9, 5), "comment": "Секрет Ирины"}, headers=bearer(one["link_token"])).status_code == 200
    phone = system.app("fairs").test_client()
    assert phone.get(f"/fairs/j/{two['link_token']}").status_code == 303
    page = phone.get(f"/fairs/{fair['id']}/live")
    assert page.status_code == 200 and "Секрет Ирины" not in page.text and "Член жюри: Олег Жюри" in page.text
    data = json.loads(re.search(r'<script type="application/json" id="live-data">(.*?)</script>', page.text, re.S).group(1))
    assert data["sheets"][str(first)] == {"scores": {}, "comment": "", "state": "not_started", "recusal": None, "correction": None}
    assert [c["name"] for c in data["criteria"]] == ["Актуальность", "Реалистичность"]
    assert data["stage"]["mine"][str(first)]["state"] == "not_started"
    # the same juror signed in with an account gets the same page
    account = f.get(f"/fairs/{fair['id']}/live", headers=bearer(token(system, w["j2"]["email"], w["j2"]["password"])))
    assert account.status_code == 200 and "Член жюри: Олег Жюри" in account.text
    # a link is held to its own fair; an account that is not a juror does not get the page
    assert phone.get(f"/fairs/{fair['id'] + 1}/live").status_code == 403
    assert coordinator_client(system).get(f"/fairs/{fair['id']}/live").status_code == 403


def test_the_projector_shows_only_the_leaders_the_chair_revealed(system):
    w, fair = world_with_fair(system)
    f, h = system.client("fairs"), w["h"]
    one, two = add_juror(system, w, fair["id"], w["j1"]), add_juror(system, w, fair["id"], w["j2"])
    opened(system, w, fair)
    first, second = (p["id"] for p in fair["pitches"])
    for link in (one["link_token"], two["link_token"]):
        for pitch, (a, b) in ((first, (9, 5)), (second, (4, 2))):
            r = f.put(f"/fairs/api/v1/fairs/{fair['id']}/pitches/{pitch}/scores", json={"scores": full_scores(fair, a, b)}, headers=bearer(link))
            assert r.status_code == 200, r.json
    url = stage_url(fair)
    # while scoring is open nothing is revealed, whatever the chair asks
    early = f.patch(url, json={"revealed": 1}, headers=h)
    assert early.status_code == 409 and early.json["errors"] == {"revealed": ["Оценка ещё открыта."]}
    assert f.patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"state": "closed"}, headers=h).status_code == 200
    hidden = f.get(url, headers=h).json
    assert hidden["leaders"] == [] and "Эссо-тур" not in str(hidden["leaders"])
    console = f.get(f"/fairs/api/v1/fairs/{fair['id']}/console", headers=h).json
    assert console["reveal_steps"] == 2 and console["next_leader"]["rank"] == 2  # the chair sees who comes next
    # one by one: the second place first; a jump straight to the winner is refused
    assert f.patch(url, json={"revealed": 2}, headers=h).status_code == 409
    step = f.post(f"{url}/next", json={}, headers=h)  # the stage moves independently of the reveal
    assert step.status_code == 200
    revealed = f.patch(url, json={"revealed": 1}, headers=h).json
    assert [(l["rank"], [p["team_name"] for p in l["pitches"]]) for l in revealed["leaders"]] == [(2, ["Анавгайские ремёсла"])]
    for headers in (h, bearer(one["link_token"])):  # the projector and the jurors alike, after a reload too
        seen = f.get(url, headers=headers).json
        assert [l["rank"] for l in seen["leaders"]] == [2] and "Эссо-тур" not in str(seen["leaders"])
    both = f.patch(url, json={"revealed": 2}, headers=h).json
    assert [(l["rank"], l["pitches"][0]["team_name"]) for l in both["leaders"]] == [(2, "Анавгайские ремёсла"), (1, "Эссо-тур")]
    done = f.patch(url, json={"revealed": 3}, headers=h)
    assert done.status_code == 409 and done.json["message"] == "Все лидеры уже объявлены."
    # hiding again is always allowed
    assert f.patch(url, json={"revealed": 0}, headers=h).json["leaders"] == []


def test_the_console_shows_a_burst_of_votes_from_one_address(system):
    from services.fairs.audience import rules as audience_rules
    from services.fairs.audience.models import VoteAttempt

    w, fair = world_with_fair(system)
    with system.runtime("fairs").uow() as uow:
        for i in range(audience_rules.BURST + 2):
            uow.session.add(VoteAttempt(fair_id=fair["id"], address="203.0.113.7", at=T0 + dt.timedelta(seconds=i),
                                        accepted=i < audience_rules.BURST))
        uow.session.add(VoteAttempt(fair_id=fair["id"], address="198.51.100.1", at=T0, accepted=True))
        uow.commit()
    page = coordinator_client(system).get(f"/fairs/{fair['id']}/console").text
    assert "Подозрительные всплески голосов" in page and "203.0.113.7" in page and "198.51.100.1" not in page
