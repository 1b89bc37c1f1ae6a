"""The funder's report against a hand-built programme of two cohorts: the same person in a team, at the school, in
two consultations, in two cohorts and at the fair counts once; a merge, an erasure, a withdrawn enrolment, a cancelled
and an amended consultation, a pledge received with another amount and a withdrawn one. Every figure's records add up
to it, for the programme, for each cohort and for a date range cut in the programme's time zone."""
from __future__ import annotations

import datetime as dt
import re

from shared.events import envelope
from tests.support.api import create_account
from tests.support.report import API, UTC, log_consultation, pledge, publish_results
from tests.support.report import world  # noqa: F401  (the hand-built programme, a fixture)
from tests.support.system import wait_until


def _all_records(c, h, link):
    items, page = [], 1
    while True:
        r = c.get(f"{link}{'&' if '?' in link else '?'}page={page}&per_page=2", headers=h)
        assert r.status_code == 200, r.json
        body = r.json
        assert set(body) >= {"items", "total", "page", "per_page"}
        items += body["items"]
        if page * 2 >= body["total"]:
            return body, items
        page += 1


def _check_traceable(c, h, report):
    """Each figure equals its records: their count, or the sum of their hours or rubles."""
    for code, figure in report["indicators"].items():
        body, items = _all_records(c, h, figure["records"])
        assert len(items) == body["total"] and all(item.get("url") for item in items), code
        if code == "consultation_hours":
            assert sum(i["duration_minutes"] for i in items) == body["sum_minutes"] and body["sum"] == figure["value"]
        elif code == "funds_raised":
            assert sum(i["counted"] for i in items) == figure["value"] == body["sum"]
        else:
            assert body["total"] == figure["value"], code


def test_the_programme_counts_each_person_once_and_every_figure_has_its_records(world):
    c, h = world["c"], world["h"]
    r = c.get(f"{API}/programs/{world['program']}/report", headers=h)
    assert r.status_code == 200, r.json
    report = r.json
    values = {code: item["value"] for code, item in report["indicators"].items()}
    # Анна, Борис, Вера (two records merged) and the erased Глеб; not Дина (withdrawn) nor Егор (cancelled consultation)
    assert values == {"participants": 4, "teams": 3, "consultations": 4, "consultation_hours": 4.1, "leaders": 2, "funds_raised": 14000.0}
    assert report["indicators"]["participants"] == {"value": 4, "target": 8, "percent": 50,
                                                    "records": f"{API}/programs/{world['program']}/report/records/participants"}
    assert report["period"] == {"from": "2026-03-01", "to": "2026-11-30", "timezone": "Asia/Kamchatka", "cut": False}
    assert report["fresh_as_of"] is not None and [x["name"] for x in report["cohorts"]] == ["Весна", "Осень"]
    assert report["webinar_audience"] == {"webinars": 1, "named_attendances": 1, "anonymous_listeners": 25}
    assert report["pledges"]["money_received"] == 9000.0 and report["pledges"]["in_kind_confirmed"] == 20000.0
    b = report["breakdowns"]
    # Анна is placed by her latest team (Эссо); the erasure took Глеб's sex and birth year, not his place
    assert b["sex"] == {"female": 2, "male": 1, "unknown": 1}
    assert b["district"] == {"Быстринский МР": 2, "Мильковский МР": 1, "unknown": 1}
    assert b["role"] == {"member": 2, "leader": 1, "no_team": 1}
    assert b["youth_14_35"] == {"youth_14_35": 1, "other": 1, "unknown": 2}
    assert b["first_contact_month"] == {"2026-05": 4}
    assert b["sector"] == {"none": 4}  # nobody here is linked to an organisation of the register
    _check_traceable(c, h, report)
    people = {p["id"]: p for p in _all_records(c, h, report["indicators"]["participants"]["records"])[1]}
    assert set(people) == {world["anna"], world["boris"], world["vera"], world["gleb"]}
    assert people[world["gleb"]]["erased"] and people[world["gleb"]]["full_name"] is None
    assert set(people[world["anna"]]["sources"]) == {"enrolment", "team", "school", "consultation", "fair"}


def test_each_cohort_has_its_own_figures_and_records(world):
    c, h = world["c"], world["h"]
    spring = c.get(f"{API}/cohorts/{world['A']}/report", headers=h).json
    autumn = c.get(f"{API}/cohorts/{world['B']}/report", headers=h).json
    assert {k: v["value"] for k, v in spring["indicators"].items()} == {
        "participants": 3, "teams": 2, "consultations": 2, "consultation_hours": 2.5, "leaders": 1, "funds_raised": 9000.0}
    assert {k: v["value"] for k, v in autumn["indicators"].items()} == {
        "participants": 2, "teams": 1, "consultations": 2, "consultation_hours": 1.6, "leaders": 1, "funds_raised": 5000.0}
    # Анна is in both cohorts: 3 + 2 people, 4 in the programme
    for report in (spring, autumn):
        _check_traceable(c, h, report)


def test_a_date_range_is_cut_in_the_programmes_time_zone(world):
    c, h = world["c"], world["h"]
    june = c.get(f"{API}/programs/{world['program']}/report?from=2026-06-01&to=2026-06-30", headers=h).json
    values = {k: v["value"] for k, v in june["indicators"].items()}
    # consultation 2 (1 June in Kamchatka) and the webinar; Анна is the one person met in June
    assert values["consultations"] == 2 and values["consultation_hours"] == 2.3 and values["participants"] == 1
    assert june["period"]["cut"] and june["period"]["from"] == "2026-06-01"
    assert june["indicators"]["consultations"]["records"].endswith("?from=2026-06-01&to=2026-06-30")
    _check_traceable(c, h, june)
    bad = c.get(f"{API}/programs/{world['program']}/report?from=2026-07-01&to=2026-06-30", headers=h)
    assert bad.status_code == 422 and "to" in bad.json["errors"]


def test_leaders_count_in_the_period_their_fairs_results_were_published(system, world):
    c, h = world["c"], world["h"]
    ta1, ta2, tb1 = world["teams"]
    # a second fair of the spring cohort: its results published at 13:00 UTC on 31 October, 1 November in Kamchatka
    publish_results(system, world["A"], [(ta2, 1, True)], fair_id=950, published_at=dt.datetime(2026, 10, 31, 13, 0, tzinfo=UTC))
    program = f"{API}/programs/{world['program']}/report"

    def leaders(cut: str) -> tuple[int, list, list]:
        report = c.get(f"{program}{cut}", headers=h).json
        body, items = _all_records(c, h, report["indicators"]["leaders"]["records"])
        assert body["total"] == report["indicators"]["leaders"]["value"] == len(items)
        return report["indicators"]["leaders"]["value"], sorted((i["fair_id"], i["id"]) for i in items), \
            sorted((x["fair_id"], x["team_id"]) for x in report["leaders"])

    assert leaders("") == (3, [(900 + world["A"], ta1), (900 + world["B"], tb1), (950, ta2)],
                           [(900 + world["A"], ta1), (900 + world["B"], tb1), (950, ta2)])
    assert leaders("?from=2026-06-01&to=2026-06-30") == (0, [], [])
    october = leaders("?from=2026-10-01&to=2026-10-31")
    assert october == (2, [(900 + world["A"], ta1), (900 + world["B"], tb1)], [(900 + world["A"], ta1), (900 + world["B"], tb1)])
    assert leaders("?from=2026-11-01&to=2026-11-30") == (1, [(950, ta2)], [(950, ta2)])
    # the cohort's own report is cut the same way, and the workbook's leaders sheet lists the same records
    spring = c.get(f"{API}/cohorts/{world['A']}/report?from=2026-11-01&to=2026-11-30", headers=h).json
    assert spring["indicators"]["leaders"]["value"] == 1
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(c.get(f"{API}/cohorts/{world['A']}/report.xlsx?from=2026-11-01&to=2026-11-30", headers=h).data))
    assert [row[1] for row in book.worksheets[6].iter_rows(min_row=2, values_only=True)] == [ta2]


def test_unknown_indicator_and_programme(world):
    c, h = world["c"], world["h"]
    assert c.get(f"{API}/programs/{world['program']}/report/records/smiles", headers=h).status_code == 404
    assert c.get(f"{API}/programs/999999/report", headers=h).status_code == 404


def test_funds_per_project_and_partner_beside_the_grant(world):
    c, h = world["c"], world["h"]
    funds = c.get(f"{API}/programs/{world['program']}/report", headers=h).json["funds"]
    assert funds["grant"] == 1500000.0 and funds["cofinancing"] == 300000.0 and funds["cofinancing_percent_of_grant"] == 20.0
    # the received pledge counts at what came (9 000 of 10 000); the withdrawn one counts nowhere
    assert funds["raised"] == {"money_pledged": 14000.0, "money_confirmed": 9000.0, "money_received": 9000.0,
                               "in_kind_pledged": 20000.0, "in_kind_confirmed": 20000.0, "in_kind_received": 0.0}
    ta1, ta2, tb1 = world["teams"]
    projects = {p["team_id"]: p for p in funds["by_project"]}
    assert projects[tb1]["money_pledged"] == 5000.0 and projects[tb1]["in_kind_pledged"] == 20000.0
    assert projects[ta1]["money_received"] == 9000.0 and projects[ta2]["money_pledged"] == 0.0
    partners = {p["partner"]: p for p in funds["by_partner"]}
    assert partners["ИП Иванова"]["money_pledged"] == 14000.0 and partners["ИП Иванова"]["pledges"] == 3
    assert partners["Автобаза №3"]["in_kind_confirmed"] == 20000.0 and funds["withdrawn"] == 1


def test_funds_by_kind_of_partner_follow_the_kind_announced_last(system, world):
    c, h = world["c"], world["h"]
    report = lambda: c.get(f"{API}/programs/{world['program']}/report", headers=h).json["funds"]["by_partner_kind"]
    # ИП Иванова's three pledges (one withdrawn: counted among the pledges, in no sum); Автобаза №3's from an older event
    assert report() == [
        {"partner_kind": "business", "pledges": 3, "money_pledged": 14000.0, "money_confirmed": 9000.0, "money_received": 9000.0,
         "in_kind_pledged": 0.0, "in_kind_confirmed": 0.0, "in_kind_received": 0.0},
        {"partner_kind": "unknown", "pledges": 1, "money_pledged": 0.0, "money_confirmed": 0.0, "money_received": 0.0,
         "in_kind_pledged": 20000.0, "in_kind_confirmed": 20000.0, "in_kind_received": 0.0}]
    # the partner of pledge 12 is corrected to an authority at fairs: the pledge is announced again, one version on
    ta1, ta2, tb1 = world["teams"]
    pledge(system, 12, world["B"], tb1, "money", "5000", "pledged", version=2, partner_kind="authority")
    pledge(system, 12, world["B"], tb1, "money", "5000", "pledged", version=1)  # the old version, late: nothing
    kinds = {k["partner_kind"]: k for k in report()}
    assert list(kinds) == ["business", "authority", "unknown"]
    assert kinds["authority"]["money_pledged"] == 5000.0 and kinds["business"]["money_pledged"] == 9000.0
    assert sum(k["money_pledged"] for k in kinds.values()) == 14000.0


def _page_client(system):
    page = system.app("cohorts").test_client()
    coordinator = create_account(system, name="Координатор")
    with page.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    return page


def test_the_report_page_charts_links_each_figure_to_its_records_and_prints(system, world):
    page = _page_client(system)
    html = page.get(f"/cohorts/programs/{world['program']}/report").text
    assert "Отчёт для грантодателя" in html and html.count("<svg") == 5 and "<script>" not in html
    for key in ("progress", "territory", "months", "mentors", "projects"):
        assert f'id="chart-{key}"' in html
    assert f'href="/cohorts/programs/{world["program"]}/report/records/participants"' in html
    assert 'id="funds-by-partner-kind"' in html and "По видам партнёров" in html
    assert "Бизнес · 3 обещания" in html
    assert 'data-partner-kind="unknown"' in html and "Вид не известен" in html
    records = page.get(f"/cohorts/programs/{world['program']}/report/records/participants").text
    assert 'id="records-total">4<' in records and "Анна Ёлкина" in records and "Глеб" not in records
    june = page.get(f"/cohorts/programs/{world['program']}/report/records/consultations?from=2026-06-01&to=2026-06-30").text
    assert 'id="records-total">2<' in june
    printed = page.get(f"/cohorts/cohorts/{world['A']}/report/print").text
    assert 'class="topbar"' not in printed and "print.css" in printed and "<svg" in printed
    dashboard = page.get(f"/cohorts/cohorts/{world['A']}/dashboard").text
    assert dashboard.count("<svg") == 5 and f"/cohorts/cohorts/{world['A']}/report" in dashboard
    assert page.get(f"/cohorts/programs/{world['program']}/report/records/smiles").status_code == 404


def test_the_dashboard_reads_the_unique_people_once(system, world):
    import sqlalchemy as sa

    page = _page_client(system)
    statements = []
    record = lambda conn, cursor, statement, *args: statements.append(statement)
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        html = page.get(f"/cohorts/cohorts/{world['A']}/dashboard").text
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    # one union of every source of contact per page (each person's first consultation read once), the figures and the
    # charts both taken from it
    assert sum("consultation_reach_facts" in s for s in statements) == 1, statements
    assert 'data-indicator="participants"' in html and html.count("<svg") == 5
    figures = {m[0]: m[1] for m in re.findall(r'data-indicator="(\w+)">\s*<span class="muted">[^<]*</span>\s*<b>([^<]*)</b>', html)}
    assert figures["participants"] == "3" and figures["teams"] == "2" and figures["leaders"] == "1"


def test_the_workbook_holds_the_funders_table_and_every_figures_records(world):
    import io

    from openpyxl import load_workbook

    c, h = world["c"], world["h"]
    for path in (f"/programs/{world['program']}/report", f"/cohorts/{world['A']}/report"):
        report = c.get(f"{API}{path}", headers=h).json
        r = c.get(f"{API}{path}.xlsx", headers=h)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
        book = load_workbook(io.BytesIO(r.data))
        table = book.worksheets[0]
        assert table.freeze_panes == "A6" and table.column_dimensions["A"].width >= 40
        assert [cell.value for cell in table[5]] == ["Показатель", "План", "Факт", "%", "Комментарий"]
        rows = {row[0]: row for row in table.iter_rows(min_row=6, max_row=11, values_only=True)}
        assert len(rows) == 6
        sheets = book.sheetnames
        assert sheets[1] == "Школа" and len(sheets) == 9
        kinds = list(book["Средства по видам партнёров"].iter_rows(values_only=True))
        assert kinds[0][:3] == ("Вид партнёра", "Обещаний", "Деньги: обещано")
        names = {"business": "Бизнес", "unknown": "Вид не известен"}
        assert [(row[0], row[1], row[2], row[5]) for row in kinds[1:]] == [
            (names[k["partner_kind"]], k["pledges"], k["money_pledged"], k["in_kind_pledged"]) for k in report["funds"]["by_partner_kind"]]
        codes = ("participants", "teams", "consultations", "consultation_hours", "leaders", "funds_raised")  # the funder's order
        for index, code in enumerate(codes):
            item = report["indicators"][code]
            label, planned, achieved, percent, comment = table.cell(row=6 + index, column=1).value, *(
                table.cell(row=6 + index, column=k).value for k in (2, 3, 4, 5))
            assert (achieved, planned, percent) == (item["value"], item["target"], item["percent"]), code
            records = book.worksheets[2 + index]
            assert records.freeze_panes == "A2"
            body = list(records.iter_rows(min_row=2, values_only=True))
            if code == "consultation_hours":
                assert round(sum(row[4] for row in body) / 60 + 1e-9, 1) == item["value"]
                assert records.cell(row=2, column=3).number_format == "DD.MM.YYYY HH:MM"
            elif code == "funds_raised":
                assert sum(row[9] for row in body) == item["value"]
                assert "₽" in records.cell(row=2, column=10).number_format
            else:
                assert len(body) == item["value"], code
        assert "₽" in table.cell(row=11, column=3).number_format and table.cell(row=9, column=3).number_format == "0.0"
    # the erased person is a row without a name
    people = load_workbook(io.BytesIO(c.get(f"{API}/programs/{world['program']}/report.xlsx", headers=h).data)).worksheets[2]
    names = [row[2] for row in people.iter_rows(min_row=2, values_only=True)]
    assert "Удалённые данные (учтён, без имени)" in names and "Глеб Орлов" not in names


def test_attendees_follow_the_newest_version_of_a_consultation_whatever_the_order(system, world):
    import sqlalchemy as sa

    from services.cohorts.figures.models import ConsultationAttendeeFact

    A, anna, boris = world["A"], world["anna"], world["boris"]
    at = dt.datetime(2026, 8, 3, 1, 0, tzinfo=UTC)
    # version 2 drops Анна for Борис; version 1 arrives late, then version 2 again
    log_consultation(system, 40, A, at, 60, [boris], version=2, verb="amended")
    log_consultation(system, 40, A, at, 60, [anna, boris], version=1)
    log_consultation(system, 40, A, at, 60, [boris], version=2, verb="amended")
    with system.runtime("cohorts").engine.connect() as conn:
        rows = conn.execute(sa.select(ConsultationAttendeeFact.person_id, ConsultationAttendeeFact.held)
                            .where(ConsultationAttendeeFact.consultation_id == 40)).all()
    assert rows == [(boris, True)]
    # each person's first held consultation follows: Борис's is this one, Анна's stays her own of 10 May
    assert reach(system)[(A, boris)] == at and reach(system)[(A, anna)] == dt.datetime(2026, 5, 10, 1, 0, tzinfo=UTC)
    log_consultation(system, 40, A, at, 60, [boris], status="cancelled", version=3, verb="cancelled")
    august = world["c"].get(f"{API}/cohorts/{A}/report?from=2026-08-01&to=2026-08-31", headers=world["h"]).json
    assert august["indicators"]["participants"]["value"] == 0 and august["indicators"]["consultations"]["value"] == 0
    assert (A, boris) not in reach(system)
    # an earlier consultation logged late becomes Анна's first; amended to a later hour, it no longer is
    early = dt.datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    log_consultation(system, 41, A, early, 30, [anna])
    assert reach(system)[(A, anna)] == early
    log_consultation(system, 41, A, dt.datetime(2026, 9, 2, 1, 0, tzinfo=UTC), 30, [anna], version=2, verb="amended")
    assert reach(system)[(A, anna)] == dt.datetime(2026, 5, 10, 1, 0, tzinfo=UTC)
    # always what the attendee rows say
    with system.runtime("cohorts").engine.connect() as conn:
        rows = conn.execute(sa.select(ConsultationAttendeeFact.cohort_id, ConsultationAttendeeFact.person_id,
                                      sa.func.min(ConsultationAttendeeFact.started_at))
                            .where(ConsultationAttendeeFact.held.is_(True)).group_by(ConsultationAttendeeFact.cohort_id,
                                                                                      ConsultationAttendeeFact.person_id)).all()
    assert reach(system) == {(c, p): first for c, p, first in rows}


def reach(system) -> dict:
    import sqlalchemy as sa

    from services.cohorts.figures.models import ConsultationReachFact

    with system.runtime("cohorts").engine.connect() as conn:
        return {(c, p): first for c, p, first in conn.execute(sa.select(
            ConsultationReachFact.cohort_id, ConsultationReachFact.person_id, ConsultationReachFact.first_held_at))}


def test_the_whole_period_and_a_cut_covering_it_count_the_same_people(world):
    c, h = world["c"], world["h"]
    # the whole period reads each person's first consultation, a cut reads the attendances: the same people either way
    for path in (f"/programs/{world['program']}/report", f"/cohorts/{world['A']}/report", f"/cohorts/{world['B']}/report"):
        whole = c.get(f"{API}{path}", headers=h).json
        cut = c.get(f"{API}{path}?from=2026-03-01&to=2026-11-30", headers=h).json
        assert whole["indicators"]["participants"]["value"] == cut["indicators"]["participants"]["value"]
        assert whole["breakdowns"] == cut["breakdowns"]
        assert _all_records(c, h, whole["indicators"]["participants"]["records"])[1] == \
            _all_records(c, h, cut["indicators"]["participants"]["records"])[1]


def test_the_people_page_cut_by_the_database_is_the_sorted_list_of_everyone_reached(system, world):
    """The records of unique people are ordered, counted and cut by PostgreSQL: every page, at every size, is the slice
    of everyone reached (merged records followed, the erased counted, unknown ids dropped) in order of first contact."""
    from services.cohorts.report import people, scope as scopes

    log_consultation(system, 90, world["A"], dt.datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 30, [world["vera_again"], 987654])
    with system.runtime("cohorts").session_factory() as session:
        for scope in (scopes.for_program(session, world["program"]), scopes.for_cohort(session, world["A"]),
                      scopes.for_cohort(session, world["B"])):
            expected = sorted(people.reached(session, scope).values(),
                              key=lambda r: (r.first_contact is None, r.first_contact or 0, r.person_id))
            assert world["vera_again"] not in {r.person_id for r in expected} and 987654 not in {r.person_id for r in expected}
            for size in (1, 2, 3, len(expected)):
                for offset in range(0, len(expected) + 2 * size, size):
                    total, page = people.reached_page(session, scope, offset, size)
                    assert total == len(expected)
                    assert [(r.person_id, r.first_contact, r.sources) for r in page] == \
                        [(r.person_id, r.first_contact, r.sources) for r in expected[offset:offset + size]]


def test_a_persons_first_consultation_stays_right_when_two_events_about_them_are_applied_at_once(system):
    """One worker cancels Анна's first consultation while another logs a later one for her: whichever waits sees the
    other's attendance once it is committed, so her first held consultation is the later one, not none."""
    import threading

    import sqlalchemy as sa

    from services.cohorts.figures import consultations as facts

    runtime = system.runtime("cohorts")
    cohort, anna = 77, 501
    first, later = dt.datetime(2026, 5, 3, 1, 0, tzinfo=UTC), dt.datetime(2026, 6, 3, 1, 0, tzinfo=UTC)

    def event(cid, at, status, version):
        return envelope.parse(envelope.build("consultations.consultation.logged", {
            "id": cid, "cohort_id": cohort, "kind": "individual", "status": status, "started_at": at, "duration_minutes": 30,
            "mentor_account_id": 7, "team_ids": [], "attendee_ids": [anna], "anonymous_attendees": 0, "topics": []},
            producer="consultations", entity_version=version, correlation_id=None).to_json())

    with runtime.uow() as uow:
        facts.apply(uow, event(60, first, "held", 1))
        uow.commit()
    logging_later = runtime.uow()
    uow = logging_later.__enter__()
    facts.apply(uow, event(61, later, "held", 1))  # not committed yet: her row is locked
    cancelled = threading.Thread(target=lambda: _apply_and_commit(runtime, facts, event(60, first, "cancelled", 2)))
    cancelled.start()
    # the cancellation waits on her row
    def waiting() -> int:
        with runtime.engine.connect() as conn:  # a new transaction each time: pg_stat_activity is read once per transaction
            return conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                        "AND datname = current_database()")).scalar_one()

    wait_until(lambda: waiting() > 0, message="the cancellation waiting for the row")
    uow.commit()
    logging_later.__exit__(None, None, None)
    cancelled.join()
    assert reach(system)[(cohort, anna)] == later


def _apply_and_commit(runtime, facts, env):
    with runtime.uow() as uow:
        facts.apply(uow, env)
        uow.commit()


def test_every_figure_on_the_report_page_opens_records_that_add_up_to_it(system, world):
    """Headline figures, the figures apart (projects, consultations by kind, school, webinar listeners), every row of
    the reach tables and every sum of the funds tables: each a link whose records page shows the same figure, and
    as many records as a count says."""
    import html as markup

    page = _page_client(system)
    report = page.get(f"/cohorts/programs/{world['program']}/report").text
    links = re.findall(r'<a href="([^"]+)" class="figure-link">([^<]+)</a>', report)
    hrefs = [markup.unescape(href) for href, _ in links]
    for needed in ("teams?projects=developed", "consultations?kind=individual", "/records/sessions",
                   "participants?by=district", "participants?by=youth_14_35", "funds_raised?kind=in_kind&stage=pledged",
                   "partner_kind=business"):
        assert any(needed in href for href in hrefs), needed
    assert len(links) > 30
    for (href, shown), target in zip(links, hrefs):
        records = page.get(target)
        assert records.status_code == 200, target
        figure = re.search(r'<span id="figure">([^<]+)</span>', records.text).group(1)
        total = int(re.search(r'id="records-total">(\d+)<', records.text).group(1))
        shown = markup.unescape(shown).strip()
        if "consultations?kind=webinar" in target and "consultation_hours" not in target:
            continue  # the listeners without names open the webinars they were counted at
        assert figure.strip() == shown or figure.strip().split()[0] == shown.split()[0], (target, shown, figure)
        if re.fullmatch(r"\d+", shown):
            assert total == int(shown), (target, shown, total)
    # unknown parts of a figure are not guessed at
    base = f"/cohorts/programs/{world['program']}/report/records"
    for bad in ("participants?by=shoe_size&key=42", "consultations?kind=picnic", "teams?projects=dreamt", "funds_raised?stage=hoped"):
        assert page.get(f"{base}/{bad}").status_code == 404, bad
