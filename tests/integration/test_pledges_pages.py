"""The pledge pages on real servers: the desk records a pledge from a plain form (a resend with the same key records
it once), refuses bad input naming the field in Russian and keeps what was typed; the follow-up page moves a pledge
to received with another amount; the needs page; the board page carries its view and polls from a script file."""
from __future__ import annotations

import re

import sqlalchemy as sa

from services.fairs.pledges.models import Pledge
from tests.support.api import create_account
from tests.support.fair_day import day_fair, day_world

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def signed_in(system):
    page = system.app("fairs").test_client()
    coordinator = create_account(system, name="Координатор Ольга")
    with page.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор Ольга")
    return page


def pledge_count(system) -> int:
    with system.runtime("fairs").engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(Pledge.__table__)).scalar_one()


def test_the_desk_records_once_refuses_naming_the_field_and_keeps_what_was_typed(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w)
    page = signed_in(system)
    desk = f"/fairs/{fair['id']}/pledge-desk"
    html = page.get(desk).text
    assert "Стол обещаний" in html and "Эссо-тур" in html and "<script>" not in html
    token, key = CSRF.search(html).group(1), KEY.search(html).group(1)
    p1 = fair["pitches"][0]["id"]

    typed = {"csrf_token": token, "idempotency_key": key, "partner": "ИП Иванова", "pitch_id": str(p1), "kind": "money",
             "amount": "двенадцать тысяч", "note": "со сцены"}
    refused = page.post(desk, data=typed)
    assert refused.status_code == 422 and pledge_count(system) == 0
    assert "Введите сумму в рублях числом, например 12500." in refused.text
    assert 'value="двенадцать тысяч"' in refused.text and 'value="ИП Иванова"' in refused.text and 'value="со сцены"' in refused.text
    assert f'<option value="{p1}" selected>' in refused.text
    no_description = page.post(desk, data={**typed, "kind": "in_kind", "amount": ""})
    assert "Опишите помощь натурой (что, сколько, на какой срок)." in no_description.text

    ok = {**typed, "amount": "12 500"}
    first = page.post(desk, data=ok)
    assert first.status_code == 303
    again = page.post(desk, data=ok)  # the phone sent it twice: one pledge
    assert again.status_code == 303 and pledge_count(system) == 1
    after = page.get(desk).text
    assert "Записано: ИП Иванова, 12\u00a0500\u00a0₽ для Эссо-тур." in after
    assert len(re.findall(r'id="pledge-\d+"', after)) == 1

    # a new partner in the same form, with a bad INN: named, nothing written, the details stay open and typed
    bad_inn = page.post(desk, data={**ok, "idempotency_key": "k2", "partner": "Фонд «Берег»", "partner_kind": "ngo",
                                    "partner_inn": "1234567890"})
    assert bad_inn.status_code == 422 and pledge_count(system) == 1
    assert "Контрольные цифры ИНН не сходятся: проверьте номер." in bad_inn.text and 'value="1234567890"' in bad_inn.text
    assert '<details class="new-partner" open>' in bad_inn.text


def test_follow_up_marks_received_with_another_amount_and_needs_are_entered(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w)
    page = signed_in(system)
    p1 = fair["pitches"][0]["id"]
    needs = f"/fairs/{fair['id']}/needs"
    html = page.get(needs).text
    token = CSRF.search(html).group(1)
    assert page.post(needs, data={"csrf_token": token, "pitch_id": str(p1), "kind": "money", "amount": "150 000"}).status_code == 303
    missing = page.post(needs, data={"csrf_token": token, "pitch_id": str(p1), "kind": "in_kind", "amount": "5000"})
    assert missing.status_code == 422 and "Опишите помощь натурой" in missing.text
    assert "150\u00a0000\u00a0₽" in page.get(needs).text

    desk = page.get(f"/fairs/{fair['id']}/pledge-desk").text
    assert page.post(f"/fairs/{fair['id']}/pledge-desk", data={
        "csrf_token": token, "idempotency_key": KEY.search(desk).group(1), "partner": "Автобаза №3", "pitch_id": str(p1),
        "kind": "money", "amount": "20000"}).status_code == 303
    pledge_id = system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/pledges", headers=w["h"]).json["items"][0]["id"]
    follow = f"/fairs/{fair['id']}/pledges"
    assert "Ещё не получено (1)" in page.get(follow).text
    unexplained = page.post(f"{follow}/{pledge_id}", data={"csrf_token": token, "status": "", "amount": "25 000"})
    assert unexplained.status_code == 303 and "Укажите, почему обещание исправлено." in page.get(follow).text
    fixed = page.post(f"{follow}/{pledge_id}", data={"csrf_token": token, "status": "", "amount": "25 000",
                                                    "reason": "ослышались"})
    assert fixed.status_code == 303 and "25\u00a0000\u00a0₽" in page.get(follow).text
    moved = page.post(f"{follow}/{pledge_id}", data={"csrf_token": token, "status": "received", "received_amount": "18 000"})
    assert moved.status_code == 303
    html = page.get(follow).text
    assert "получено 18\u00a0000\u00a0₽" in html and "Ещё не получено (0)" in html
    history = html[html.index(f'id="pledge-{pledge_id}"'):]
    assert "статус подтверждено → получено" in history or "статус обещано → получено" in history
    assert "получено — → 18000.00" in history and "Координатор Ольга" in history
    back = page.post(f"{follow}/{pledge_id}", data={"csrf_token": token, "status": "withdrawn", "reason": ""})
    assert back.status_code == 303 and "Полученное обещание нельзя отозвать." in page.get(follow).text


def test_the_board_page_carries_its_view_and_a_script_file(system):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w)
    f = system.client("fairs")
    f.post(f"/fairs/api/v1/fairs/{fair['id']}/pledges", json={"pitch_id": fair["pitches"][0]["id"], "partner": "ИП Иванова",
                                                              "kind": "money", "amount": 12500}, headers=w["h"])
    html = signed_in(system).get(f"/fairs/{fair['id']}/pledge-board").text
    assert "12\u00a0500\u00a0₽" in html and "pledge-board.js" in html and "Обещано денег" in html
    assert re.findall(r"<script(?![^>]*(?:type=\"application/json\"|src=))", html) == []  # no inline script (CSP)
    assert f.get(f"/fairs/{fair['id']}/pledge-board").status_code in (302, 303, 401)


def test_namesakes_are_told_apart_at_the_desk(system):
    w = day_world(system, teams=1, jurors=1)
    fair = day_fair(system, w)
    f = system.client("fairs")
    first = f.post("/fairs/api/v1/partners", json={"name": "Иванов Иван", "kind": "person", "phone": "+79145550001"}, headers=w["h"]).json
    second = f.post("/fairs/api/v1/partners", json={"name": "Иванов  Иван", "kind": "person", "phone": "+79145550002"}, headers=w["h"]).json
    page = signed_in(system)
    desk = f"/fairs/{fair['id']}/pledge-desk"
    html = page.get(desk).text
    assert '<option value="Иванов Иван · +79145550002">' in html and '<option value="Иванов Иван · +79145550001">' in html
    token = CSRF.search(html).group(1)
    base = {"csrf_token": token, "pitch_id": str(fair["pitches"][0]["id"]), "kind": "money", "amount": "1000"}
    plain = page.post(desk, data={**base, "idempotency_key": "n1", "partner": "иванов иван"})
    assert plain.status_code == 409 and "Партнёров с таким именем несколько: выберите нужного в поиске." in plain.text
    assert page.post(desk, data={**base, "idempotency_key": "n2", "partner": "Иванов Иван · +79145550002"}).status_code == 303
    items = f.get(f"/fairs/api/v1/fairs/{fair['id']}/pledges", headers=w["h"]).json["items"]
    assert [p["partner_id"] for p in items] == [second["id"]] and first["id"] != second["id"]
