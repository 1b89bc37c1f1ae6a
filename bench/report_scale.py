"""The funder's report at programme scale, on PostgreSQL.

A cohort with 5 000 people, 500 teams, 2 000 pledges, school attendance and first 10 000 then 100 000 consultation
facts, written straight into cohorts' own tables (as the event handlers would leave them). Measured at each size, in
the same run: the whole cohort report, the first page of records of three figures (unique people, consultations,
funds), and the baseline, a plain ``COUNT(*)`` over the same tables. Prints milliseconds (median of the runs), each as
a ratio to the baseline, and how the report grows from 10 000 to 100 000 consultations against the data's own growth.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

import sqlalchemy as sa

from bench.common import bench_settings
from services.cohorts.runtime import build_runtime

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 1, tzinfo=UTC)


def _insert(conn, table: str, rows: list[dict], batch: int = 5000) -> None:
    for i in range(0, len(rows), batch):
        conn.execute(sa.table(table, *(sa.column(k) for k in rows[0])).insert(), rows[i:i + batch])


def seed_people_and_teams(engine, *, people: int, teams: int, pledges: int, rnd: random.Random) -> dict:
    with engine.begin() as conn:
        program = conn.execute(sa.text(
            "INSERT INTO programs (name, funder, starts_on, ends_on, timezone, targets, grant_amount, cofinancing_amount, created_at) "
            "VALUES ('Росток', 'Фонд', '2026-03-01', '2026-11-30', 'Asia/Kamchatka', '{\"participants\": 5000}', 1500000, 300000, now()) "
            "RETURNING id")).scalar_one()
        cohort = conn.execute(sa.text("INSERT INTO cohorts (program_id, name, version, created_at) VALUES (:p, 'Поток', 1, now()) RETURNING id"),
                              {"p": program}).scalar_one()
        _insert(conn, "territories", [{"id": i, "district": f"Район {i % 11}", "settlement": f"с. Село {i}", "district_key": f"район {i % 11}",
                                       "settlement_key": f"с. село {i}"} for i in range(1, 41)])
        _insert(conn, "people", [{"id": i, "full_name": f"Участник {i}", "name_key": f"участник {i}", "settlement": f"с. Село {i % 40 + 1}",
                                  "birth_year": 1960 + i % 50, "sex": ("female", "male")[i % 2], "archived": False, "version": 1,
                                  "created_at": START} for i in range(1, people + 1)])
        _insert(conn, "teams", [{"id": t, "cohort_id": cohort, "name": f"Команда {t}", "name_key": f"команда {t}",
                                 "kind": ("initiative_group", "ngo")[t % 2], "territory_id": t % 40 + 1, "project_title": f"Проект {t}",
                                 "archived": False, "nominated_at": START + dt.timedelta(days=200) if t % 5 == 0 else None,
                                 "version": 1, "created_at": START} for t in range(1, teams + 1)])
        _insert(conn, "team_members", [{"team_id": p % teams + 1, "person_id": p, "cohort_id": cohort,
                                        "role": "leader" if p <= teams else "member",
                                        "added_at": START + dt.timedelta(days=p % 60)} for p in range(1, people + 1)])
        _insert(conn, "cohort_participants", [{"cohort_id": cohort, "person_id": p, "withdrawn": p % 97 == 0, "version": 1,
                                               "enrolled_at": START + dt.timedelta(days=p % 60)} for p in range(1, people + 1)])
        _insert(conn, "school_sessions", [{"id": s, "cohort_id": cohort, "title": f"Занятие {s}", "duration_minutes": 120,
                                           "starts_at": START + dt.timedelta(days=7 * s), "version": 1, "created_at": START}
                                          for s in range(1, 21)])
        _insert(conn, "attendance", [{"session_id": s, "person_id": p} for s in range(1, 21) for p in rnd.sample(range(1, people + 1), people // 2)])
        # each person's first session attended, as the school keeps it beside the attendance
        conn.execute(sa.text(
            "INSERT INTO school_reach_facts (cohort_id, person_id, first_attended_at) SELECT s.cohort_id, a.person_id, min(s.starts_at) "
            "FROM attendance a JOIN school_sessions s ON s.id = a.session_id GROUP BY s.cohort_id, a.person_id"))
        _insert(conn, "fair_result_facts", [{"fair_id": 1, "team_id": t, "cohort_id": cohort, "rank": t, "score": 100.0 - t / 10,
                                             "leader": t <= 3, "version": 1, "updated_at": START} for t in range(1, teams + 1) if t % 5 == 0])
        _insert(conn, "pledge_facts", [{"id": i, "fair_id": 1, "cohort_id": cohort, "team_id": rnd.randrange(1, teams + 1), "partner": f"Партнёр {i % 300}",
                                        "kind": ("money", "in_kind")[i % 3 == 0], "amount": Decimal(rnd.randrange(1, 100) * 500),
                                        "status": ("pledged", "confirmed", "received", "cancelled")[i % 4],
                                        "received_amount": Decimal(rnd.randrange(1, 100) * 500) if i % 4 == 2 else None,
                                        "anonymous": i % 10 == 0, "version": 1, "updated_at": START,
                                        "pledged_at": START + dt.timedelta(days=200, minutes=i)} for i in range(1, pledges + 1)])
    return {"program": program, "cohort": cohort}


def add_consultations(engine, cohort: int, first_id: int, count: int, *, people: int, teams: int, rnd: random.Random) -> None:
    rows = []
    for i in range(first_id, first_id + count):
        kind = ("individual", "individual", "group", "webinar")[i % 4]
        rows.append({"id": i, "cohort_id": cohort, "kind": kind, "status": "cancelled" if i % 20 == 0 else "held",
                     "started_at": START + dt.timedelta(minutes=i * 3 % (260 * 24 * 60)), "duration_minutes": 30 + i % 4 * 15,
                     "mentor_account_id": i % 40 + 1, "team_ids": [i % teams + 1],
                     "attendee_ids": rnd.sample(range(1, people + 1), 1 if kind == "individual" else 4),
                     "anonymous_attendees": 12 if kind == "webinar" else 0, "version": 1, "updated_at": START})
    attendees = [{"consultation_id": r["id"], "person_id": p, "cohort_id": cohort, "started_at": r["started_at"], "held": r["status"] == "held"}
                 for r in rows for p in r["attendee_ids"]]
    with engine.begin() as conn:
        conn.execute(sa.insert(sa.Table("consultation_facts", sa.MetaData(), autoload_with=conn)), rows)
        _insert(conn, "consultation_attendee_facts", attendees)
        # each person's first held consultation in the cohort, as the handler keeps it beside the attendee rows
        conn.execute(sa.text(
            "INSERT INTO consultation_reach_facts (cohort_id, person_id, first_held_at) "
            "SELECT cohort_id, person_id, min(started_at) FROM consultation_attendee_facts WHERE held GROUP BY cohort_id, person_id "
            "ON CONFLICT (cohort_id, person_id) DO UPDATE SET first_held_at = "
            "least(consultation_reach_facts.first_held_at, excluded.first_held_at)"))
        conn.execute(sa.text("ANALYZE"))


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runtime, ids: dict, runs: int) -> dict:
    from services.cohorts.report import figures, indicators, scope as scopes

    def in_session(work):
        def run():
            with runtime.uow() as uow:
                work(uow.session)
        return run

    cohort = ids["cohort"]

    def report(session):
        figures.report(session, scopes.for_cohort(session, cohort), base="/bench")

    def first_page(code):
        return lambda session: indicators.RECORDS[code](session, scopes.for_cohort(session, cohort), 1, 50)

    def counts(session):  # the baseline: a plain count of every table the figures read
        for table in ("consultation_facts", "consultation_attendee_facts", "consultation_reach_facts", "people", "team_members", "cohort_participants", "attendance", "school_reach_facts", "pledge_facts", "teams"):
            session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()

    in_session(report)()  # warm the caches and the plans once
    return {
        "count": median_ms(in_session(counts), runs),
        "report": median_ms(in_session(report), runs),
        "people_page": median_ms(in_session(first_page("participants")), runs),
        "consultations_page": median_ms(in_session(first_page("consultations")), runs),
        "funds_page": median_ms(in_session(first_page("funds_raised")), runs),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--pledges", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,100000", help="consultation counts, ascending")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rnd = random.Random(12)
    results = {}
    with bench_settings("cohorts") as settings:
        runtime = build_runtime(settings["cohorts"])
        ids = seed_people_and_teams(runtime.engine, people=args.people, teams=args.teams, pledges=args.pledges, rnd=rnd)
        done = 0
        for size in sizes:
            add_consultations(runtime.engine, ids["cohort"], done + 1, size - done, people=args.people, teams=args.teams, rnd=rnd)
            done = size
            results[size] = measure(runtime, ids, args.runs)
        runtime.dispose()
    print(f"\nfunder's report, PostgreSQL: {args.people} people, {args.teams} teams, {args.pledges} pledges; median of {args.runs} runs, ms")
    print("| consultations | COUNT(*) baseline | whole report | × baseline | people, 1st page | consultations, 1st page | funds, 1st page |")
    print("|---|---|---|---|---|---|---|")
    for size, r in results.items():
        print(f"| {size:,} | {r['count']:.1f} | {r['report']:.1f} | {r['report'] / r['count']:.1f}× | {r['people_page']:.1f} | "
              f"{r['consultations_page']:.1f} | {r['funds_page']:.1f} |".replace(",", " "))
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        data = sizes[-1] / sizes[0]
        print(f"growth from {sizes[0]:,} to {sizes[-1]:,} consultations (data ×{data:.0f}): report ×{large['report'] / small['report']:.2f}, "
              f"people page ×{large['people_page'] / small['people_page']:.2f}, consultations page ×"
              f"{large['consultations_page'] / small['consultations_page']:.2f}, COUNT(*) ×{large['count'] / small['count']:.2f}")
    return results


if __name__ == "__main__":
    main()
