"""A programme's money in its own currency on the real servers: funded in euros, spending in tenge (as the rural NGO
programme of Kazakhstan is). The grant shows in euros, pledges, calls and awards in tenge, never summed; an unknown
currency is a clear 422."""
from __future__ import annotations

import io

import openpyxl
import sqlalchemy as sa

from services.fairs.db import REPLICAS
from tests.integration.test_grants_calls import a_call
from tests.support.jury import make_fair, replicated, workers, world
from tests.support.system import wait_until
from tests.support.web import coordinator_client


def test_a_programme_funded_in_euros_and_spending_in_tenge_shows_each_where_it_belongs(system):
    w = world(system)
    h, c = w["h"], system.client("cohorts")
    program_id = c.get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    unknown = c.patch(f"/cohorts/api/v1/programs/{program_id}", json={"currency": "XYZ"}, headers=h)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"currency": ["Неизвестная валюта: RUB, KZT, EUR или USD."]}
    changed = c.patch(f"/cohorts/api/v1/programs/{program_id}", json={"currency": "KZT", "grant_currency": "EUR",
                                                                      "grant_amount": "267300"}, headers=h)
    assert changed.status_code == 200 and (changed.json["currency"], changed.json["grant_currency"]) == ("KZT", "EUR")
    fairs = system.runtime("fairs")
    with workers(system):
        replicated(system, accounts=4, nominated=2)

        def tenge():
            with fairs.engine.connect() as conn:
                return conn.execute(sa.select(REPLICAS.cohorts.c.currency).where(REPLICAS.cohorts.c.id == w["cohort_id"])).scalar()
        wait_until(lambda: tenge() == "KZT", message="the programme's currency in fairs")

    report = coordinator_client(system, "cohorts").get(f"/cohorts/programs/{program_id}/report").get_data(as_text=True)
    assert "267\u00a0300\u00a0€" in report and "0\u00a0₸" in report and "₽" not in report
    api = c.get(f"/cohorts/api/v1/programs/{program_id}/report", headers=h).json
    assert (api["currency"], api["grant_currency"], api["funds"]["grant"]) == ("KZT", "EUR", 267300.0)
    book = openpyxl.load_workbook(io.BytesIO(c.get(f"/cohorts/api/v1/programs/{program_id}/report.xlsx", headers=h).data))
    formats = {cell.number_format for row in book["Показатели"].iter_rows() for cell in row if "€" in cell.number_format or "₸" in cell.number_format}
    assert formats == {'#,##0.00\\ "€"', '#,##0.00\\ "₸"'}

    fair = make_fair(system, w)
    coordinator = coordinator_client(system)
    desk = coordinator.get(f"/fairs/{fair['id']}/pledge-desk").get_data(as_text=True)
    assert "Сумма, ₸" in desk and "₽" not in desk
    pledges = openpyxl.load_workbook(io.BytesIO(system.client("fairs").get(f"/fairs/api/v1/fairs/{fair['id']}/pledges.xlsx",
                                                                           headers=h).data))
    assert "Сумма, ₸" in [cell.value for cell in pledges.active[1]]

    call = a_call(system, h, program_id, budget="5000000", min_award="500000", max_award="2000000")
    page = coordinator.get(f"/fairs/grants/{call['id']}").get_data(as_text=True)
    assert "5\u00a0000\u00a0000\u00a0₸" in page and "₽" not in page
    applying = system.app("fairs").test_client().get(f"/fairs/grants/{call['id']}/apply").get_data(as_text=True)
    assert "500\u00a0000\u00a0₸" in applying
    workbook = openpyxl.load_workbook(io.BytesIO(system.client("fairs").get(f"/fairs/api/v1/calls/{call['id']}/export.xlsx",
                                                                            headers=h).data))
    assert "Запрошено, ₸" in [cell.value for cell in workbook["Рейтинг"][1]]
