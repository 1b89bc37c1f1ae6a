"""The leaderboard on real servers: exactly the issue's shape, recusals left out, ties the list cannot break shown
as ties, high disagreement marked, the juror who would change the top three named; standardisation falls back to raw
with too few sheets and says so; coordinators only; a fixed number of queries whatever the number of sheets."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.leaderboard import operations
from tests.support.api import token
from tests.support.fair_day import day_fair, day_world, send

KEYS = {"pitch_id", "team_id", "rank", "tied", "jury_raw", "jury_standardised", "audience", "total", "sheets", "recused", "spread"}


def board(system, w, fair, lang=""):
    r = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/leaderboard{lang}", headers=w["h"])
    assert r.status_code == 200, r.json
    return r.json


def test_ties_recusal_spread_and_the_juror_who_would_change_the_top_three(system):
    w = day_world(system, teams=4, jurors=3)
    fair = day_fair(system, w, tie_breaks=["jury"])
    f = system.client("fairs")
    # J3 declares a conflict with the first team; P4 divides the jury; J3 alone lifts P4 above P3
    assert f.post(f"/fairs/api/v1/fairs/{fair['id']}/conflicts", json={"pitch_id": fair["pitches"][0]["id"]},
                  headers={"Authorization": f"Bearer {fair['jurors'][2]['link_token']}"}).status_code == 201
    for juror, values in enumerate(([(9, 9), (8, 8), (7, 7), (6, 6)], [(8, 8), (9, 9), (7, 7), (6, 6)], [None, (8, 9), (4, 4), (10, 10)])):
        for pitch, value in enumerate(values):
            if value:
                assert send(system, fair, juror, pitch, *value).status_code == 200
    refused = send(system, fair, 2, 0, 9, 9)
    assert refused.status_code == 409 and refused.json["reason"] == "declared"

    got = board(system, w, fair)
    assert KEYS <= set(got["items"][0]) and {"formula", "standardised", "stable_top"} <= set(got)
    rows = {r["pitch_id"]: r for r in got["items"]}
    p1, p2, p3, p4 = (rows[p["id"]] for p in fair["pitches"])
    assert (p1["rank"], p1["tied"], p2["rank"], p2["tied"]) == (1, True, 1, True)  # the tie-break list (jury) cannot separate them
    assert (p1["jury_raw"], p1["sheets"], p1["recused"]) == (85.0, 2, 1)
    assert (p4["rank"], round(p4["total"], 3), p3["rank"], p3["total"]) == (3, 73.333, 4, 60.0)
    assert p4["high_spread"] is True and p3["high_spread"] is False and round(p4["spread"], 2) == 18.86
    assert got["stable_top"] is False and [j["name"] for j in got["unstable_jurors"]] == ["Анна Жюри"]
    assert got["formula"]["tie_breaks"] == ["jury"] and got["standardised"] is False
    assert [r["team_name"] for r in got["items"]][:2] == ["Эссо-тур", "Анавгайские ремёсла"]

    page = system.app("fairs").test_client()
    with page.session_transaction() as s:
        s.update(aid=99999, roles=["coordinator"], v=1, name="Координатор")
    html = page.get(f"/fairs/{fair['id']}/leaderboard").text
    assert "Значение листа — 100 × Σ вес·балл/максимум / Σ вес" in html
    assert "Первая тройка меняется, если убрать листы одного из этих членов жюри: Анна Жюри." in html
    assert html.count("члены жюри расходятся") == 1 and html.count(">делят место<") == 2
    english = page.get(f"/fairs/{fair['id']}/leaderboard?lang=en").text
    assert "A sheet's value is 100 × Σ weight·score/max / Σ weight" in english

    # jurors never see the others' scores: neither by link nor by account
    link = {"Authorization": f"Bearer {fair['jurors'][0]['link_token']}"}
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/leaderboard", headers=link).status_code == 403
    account = {"Authorization": f"Bearer {token(system, w['accounts'][0]['email'], w['accounts'][0]['password'])}"}
    assert f.get(f"/fairs/api/v1/fairs/{fair['id']}/leaderboard", headers=account).status_code == 403
    assert f.get("/fairs/api/v1/fairs/987654/leaderboard", headers=w["h"]).status_code == 404


def test_a_juror_with_too_few_sheets_is_kept_raw_while_the_others_are_standardised_and_the_page_says_so(system):
    w = day_world(system, teams=3, jurors=3)
    fair = day_fair(system, w, standardise=True)
    values = ([(9, 9), (7, 7), (5, 5)], [(8, 8), (6, 6), (4, 4)], [(5, 5), (3, 3)])  # the third juror is harsh, one pitch short
    for juror, row in enumerate(values):
        for pitch, value in enumerate(row):
            assert send(system, fair, juror, pitch, *value).status_code == 200
    got = board(system, w, fair)
    assert got["standardised"] is True and got["fallback_reason"] is None
    assert len(got["raw_jurors"]) == 1
    raw_juror = got["raw_jurors"][0]
    assert {o["name"]: o["offset"] for o in got["juror_offsets"]}[raw_juror["name"]] == 0
    page = system.app("fairs").test_client()
    with page.session_transaction() as s:
        s.update(aid=99999, roles=["coordinator"], v=1, name="Координатор")
    text = page.get(f"/fairs/{fair['id']}/leaderboard").text
    assert "без стандартизации (меньше 3 листов)" in text and raw_juror["name"] in text
    # the harsh juror sends the last sheet: standardised, and harshness no longer pulls their pitches down
    assert send(system, fair, 2, 2, 2, 2).status_code == 200
    got = board(system, w, fair)
    assert got["standardised"] is True and got["fallback_reason"] is None
    ranks = [r["team_name"] for r in got["items"]]
    assert ranks == ["Эссо-тур", "Анавгайские ремёсла", "Мильково"]
    offsets = {o["name"]: o["offset"] for o in got["juror_offsets"]}
    assert offsets["Анна Жюри"] < 0 < offsets["Ирина Жюри"]


def test_the_leaderboard_reads_a_fixed_number_of_queries(system):
    w = day_world(system, teams=3, jurors=3)
    fair = day_fair(system, w)
    runtime = system.runtime("fairs")
    counted = []

    def count(*_):
        counted[-1] += 1

    def queries() -> int:
        counted.append(0)
        sa.event.listen(runtime.engine, "before_cursor_execute", count)
        try:
            with runtime.uow() as uow:
                operations.leaderboard(uow, fair["id"])
        finally:
            sa.event.remove(runtime.engine, "before_cursor_execute", count)
        return counted[-1]

    empty = queries()
    for juror in range(3):
        for pitch in range(3):
            assert send(system, fair, juror, pitch, 5 + juror, pitch).status_code == 200
    assert queries() == empty <= 15
