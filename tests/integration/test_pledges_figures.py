"""Pledges reach cohorts through the outbox and the broker: the figures count money and in-kind apart (pledged,
confirmed, received), after pledges are recorded, corrected, withdrawn and received; events applied twice or out of
order change nothing; each team's page lists its pledges."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.figures import pledges as figures
from services.cohorts.figures.models import PledgeFact
from shared.events import envelope
from tests.support.api import create_account
from tests.support.fair_day import day_fair, day_world, workers
from tests.support.system import wait_until

API = "/fairs/api/v1"


def facts(system) -> dict[int, tuple]:
    with system.runtime("cohorts").engine.connect() as conn:
        rows = conn.execute(sa.select(PledgeFact.id, PledgeFact.status, PledgeFact.amount, PledgeFact.received_amount,
                                      PledgeFact.version)).all()
    return {r.id: (r.status, r.amount, r.received_amount, r.version) for r in rows}


def test_cohorts_counts_pledged_confirmed_and_received_money_and_in_kind_apart(system):
    w = day_world(system, teams=2, jurors=1)
    f, h = system.client("fairs"), w["h"]
    fair = day_fair(system, w)
    base = f"{API}/fairs/{fair['id']}"
    p1, p2 = (p["id"] for p in fair["pitches"])
    post = lambda body: f.post(f"{base}/pledges", json=body, headers=h).json
    a = post({"pitch_id": p1, "partner": "ИП Иванова", "kind": "money", "amount": 12500})
    b = post({"pitch_id": p1, "partner": "Автобаза №3", "kind": "in_kind", "description": "Автобус на 40 детей, 2 дня", "amount": 30000})
    c = post({"pitch_id": p1, "partner": "Пётр Ёлкин", "new_partner": {"kind": "person", "anonymous": True}, "kind": "money", "amount": 5000})
    d = post({"pitch_id": p2, "partner": "ИП Иванова", "kind": "money", "amount": 7000})
    patch = lambda pid, body: f.patch(f"{API}/pledges/{pid}", json=body, headers=h)
    assert patch(a["id"], {"status": "confirmed"}).status_code == 200
    assert patch(a["id"], {"status": "received", "received_amount": 10000}).status_code == 200
    assert patch(b["id"], {"status": "confirmed"}).status_code == 200
    assert patch(b["id"], {"amount": 28000, "reason": "уточнили смету"}).status_code == 200
    assert patch(d["id"], {"status": "withdrawn", "reason": "ошибся проектом"}).status_code == 200

    expected = {a["id"]: ("received", Decimal("12500.00"), Decimal("10000.00"), 3),
                b["id"]: ("confirmed", Decimal("28000.00"), None, 3),
                c["id"]: ("pledged", Decimal("5000.00"), None, 1),
                d["id"]: ("cancelled", Decimal("7000.00"), None, 2)}
    with workers(system, "fairs", "cohorts"):
        wait_until(lambda: facts(system) == expected, message="the pledges in cohorts")
    with system.runtime("cohorts").uow() as uow:
        assert figures.totals(uow.session, w["cohort_id"]) == {
            "money_pledged": Decimal("15000.00"), "money_confirmed": Decimal("10000.00"), "money_received": Decimal("10000.00"),
            "in_kind_pledged": Decimal("28000.00"), "in_kind_confirmed": Decimal("28000.00"), "in_kind_received": Decimal(0)}

    report = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}/report", headers=h).json
    assert report["pledges"] == {"money_pledged": 15000.0, "money_confirmed": 10000.0, "money_received": 10000.0,
                                 "in_kind_pledged": 28000.0, "in_kind_confirmed": 28000.0, "in_kind_received": 0.0}
    # the partners' kinds came with the events: Пётр Ёлкин a person, the others businesses (the desk's default)
    kinds = {k["partner_kind"]: k for k in report["funds"]["by_partner_kind"]}
    assert list(kinds) == ["business", "person"] and kinds["person"]["money_pledged"] == 5000.0 and kinds["person"]["pledges"] == 1
    assert kinds["business"]["money_received"] == 10000.0 and kinds["business"]["in_kind_pledged"] == 28000.0
    page = system.app("cohorts").test_client()
    coordinator = create_account(system, name="Координатор")
    with page.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    html = page.get(f"/cohorts/teams/{w['teams'][0]['id']}").text
    assert 'id="pledges"' in html and "Обещания на ярмарке" in html
    assert "ИП Иванова" in html and "12\u00a0500\u00a0₽" in html and "получено 10\u00a0000\u00a0₽" in html
    assert "Автобус на 40 детей, 2 дня" in html and "около 28\u00a0000\u00a0₽" in html
    assert "анонимный партнёр" in html and "Ёлкин" not in html
    assert "Деньги: обещано 15\u00a0000\u00a0₽, подтверждено 10\u00a0000\u00a0₽, получено 10\u00a0000\u00a0₽." in html
    other = page.get(f"/cohorts/teams/{w['teams'][1]['id']}").text
    assert "отозвано" in other and "ИП Иванова" in other


def test_pledge_events_applied_twice_or_out_of_order_keep_the_newest(system):
    def event(version: int, status: str, received=None):
        return envelope.build("fairs.pledge.updated" if version > 1 else "fairs.pledge.recorded", {
            "id": 77, "fair_id": 1, "cohort_id": 5, "team_id": 9, "pitch_id": 3, "partner": "ИП Иванова", "partner_id": 4,
            "kind": "money", "amount": Decimal("12500"), "received_amount": received, "status": status, "anonymous": False,
            "description": None, "pledged_at": dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.timezone.utc),
        }, producer="fairs", entity_version=version, correlation_id=None)

    # the envelope as the consumer hands it over: its body parsed against the contract
    recorded, confirmed, received = (envelope.parse(e.to_json()) for e in (
        event(1, "pledged"), event(2, "confirmed"), event(3, "received", Decimal("11000"))))
    runtime = system.runtime("cohorts")
    for env in (received, recorded, confirmed, received):  # newest first, then the older ones late, then again
        with runtime.uow() as uow:
            figures.apply(uow, env)
            uow.commit()
    assert facts(system) == {77: ("received", Decimal("12500.00"), Decimal("11000.00"), 3)}
    with runtime.uow() as uow:
        assert figures.totals(uow.session, 5)["money_received"] == Decimal("11000.00")
