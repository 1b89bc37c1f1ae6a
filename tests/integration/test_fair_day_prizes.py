"""Prizes by the published rules, through the API: exact ties, the frozen results, the pledge desk's cash."""
from __future__ import annotations

from tests.support.fair_day import day_fair, day_world

API = "/fairs/api/v1"


def one_criterion_of_three(system, w) -> dict:
    """A fair judged on one criterion scored 0 to 3, so sheets are worth thirds of 100."""
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w, open_it=False)
    base = f"{API}/fairs/{fair['id']}"
    for criterion in fair["criteria"]:
        assert f.delete(f"{base}/criteria/{criterion['id']}", headers=h).status_code == 204
    made = f.post(f"{base}/criteria", json={"name": "Общее впечатление", "weight": 1, "max_score": 3}, headers=h)
    assert made.status_code == 201, made.json
    fair["criteria"] = [made.json]
    assert f.patch(base, json={"state": "open"}, headers=h).status_code == 200
    return fair


def score(system, fair, juror: int, pitch: int, value: int):
    link = fair["jurors"][juror]["link_token"]
    answer = system.client("fairs").put(
        f"{API}/fairs/{fair['id']}/pitches/{fair['pitches'][pitch]['id']}/scores",
        json={"scores": {str(fair["criteria"][0]["id"]): value}}, headers={"Authorization": f"Bearer {link}"})
    assert answer.status_code == 200, answer.json


def test_equal_totals_reached_by_different_sheets_share_a_place_and_stay_shared_once_published(system):
    w = day_world(system, teams=3, jurors=2)
    f, h = system.client("fairs"), w["h"]
    fair = one_criterion_of_three(system, w)
    # pitch A gets 0 and 2, pitch B 1 and 1: both exactly 33.3...; pitch C 3 and 3
    for juror, pitch, value in [(0, 0, 0), (1, 0, 2), (0, 1, 1), (1, 1, 1), (0, 2, 3), (1, 2, 3)]:
        score(system, fair, juror, pitch, value)
    a, b, c = (p["id"] for p in fair["pitches"])
    board = f.get(f"{API}/fairs/{fair['id']}/leaderboard", headers=h).json
    places = {r["pitch_id"]: (r["rank"], r["tied"], r["total"]) for r in board["items"]}
    assert places == {c: (1, False, 100.0), a: (2, True, 33.333333), b: (2, True, 33.333333)}
    assert board["snapshot"] is False and board["unscored"] == []

    published = f.post(f"{API}/fairs/{fair['id']}/results", headers=h)
    assert published.status_code == 201, published.json
    assert {r["pitch_id"]: (r["rank"], r["tied"]) for r in published.json["items"]} == {c: (1, False), a: (2, True), b: (2, True)}
    assert sorted(published.json["leaders"]) == sorted(p["team_id"] for p in fair["pitches"])  # places 1, 2 and 2

    # frozen: the jury no longer changes, and the board and the exports are the published snapshot
    # (an account already on the jury: the state is checked before anything else about the juror)
    added = f.post(f"{API}/fairs/{fair['id']}/jurors", json={"account_id": w["accounts"][0]["id"]}, headers=h)
    assert added.status_code == 409 and added.json["errors"] == {"account_id": ["Итоги опубликованы: ярмарка больше не меняется."]}
    removed = f.delete(f"{API}/fairs/{fair['id']}/jurors/{fair['jurors'][0]['id']}", headers=h)
    assert removed.status_code == 409 and removed.json["errors"] == {"juror_id": ["Итоги опубликованы: ярмарка больше не меняется."]}
    frozen = f.get(f"{API}/fairs/{fair['id']}/leaderboard", headers=h).json
    assert frozen["snapshot"] is True and frozen["published_at"]
    assert [(r["pitch_id"], r["rank"], r["tied"]) for r in frozen["items"]] == [(r["pitch_id"], r["rank"], r["tied"]) for r in board["items"]]
    csv = f.get(f"{API}/fairs/{fair['id']}/ranking.csv", headers=h).get_data(as_text=True)
    assert csv.count(";да;") == 2  # the two tied rows say so
    page = system.app("fairs").test_client()
    with page.session_transaction() as s:
        s.update(aid=99999, roles=["coordinator"], v=1, name="Координатор")
    assert "Опубликованные итоги в том виде, в каком они были при публикации" in page.get(f"/fairs/{fair['id']}/leaderboard").text


def test_a_pledge_handed_over_at_the_desk_is_recorded_received_at_once(system):
    w = day_world(system, teams=1, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    pitch = fair["pitches"][0]["id"]
    url = f"{API}/fairs/{fair['id']}/pledges"
    cash = f.post(url, json={"pitch_id": pitch, "partner": "ИП Иванова", "kind": "money", "amount": 5000, "status": "received"}, headers=h)
    assert cash.status_code == 201, cash.json
    assert (cash.json["status"], cash.json["received_amount"]) == ("received", "5000.00")
    less = f.post(url, json={"pitch_id": pitch, "partner": "ИП Иванова", "kind": "money", "amount": 5000, "status": "received",
                             "received_amount": 4000}, headers=h)
    assert less.status_code == 201 and less.json["received_amount"] == "4000.00"
    confirmed = f.post(url, json={"pitch_id": pitch, "partner": "ООО Камчатка", "kind": "money", "amount": 20000, "status": "confirmed"}, headers=h)
    assert confirmed.status_code == 201 and confirmed.json["status"] == "confirmed"
    plain = f.post(url, json={"pitch_id": pitch, "partner": "ООО Камчатка", "kind": "money", "amount": 100}, headers=h)
    assert plain.status_code == 201 and plain.json["status"] == "pledged"
    for bad, field in (({"status": "withdrawn"}, "status"), ({"status": "lost"}, "status"), ({"received_amount": 10}, "received_amount")):
        refused = f.post(url, json={"pitch_id": pitch, "partner": "ООО Камчатка", "kind": "money", "amount": 100, **bad}, headers=h)
        assert refused.status_code == 422 and list(refused.json["errors"]) == [field], refused.json
    listed = f.get(url, headers=h).json
    assert listed["total"] == 4
