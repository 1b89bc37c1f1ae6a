"""A grants call's ranking and funding line at the size of a large competition, on PostgreSQL: 300 applications,
20 experts, 3 reviews each (900 sheets over 4 criteria, one of which may not apply).

Written straight into fairs' own tables (the call, its criteria, applications, experts, assignments, sheets); each
sheet is the application's level plus its expert's leniency plus noise, some say a criterion does not apply.
Measured in the same run: the whole standing the coordinator's page and the API read (the sheets' values, each
expert's bias taken out, disagreement, the funding line, and the line recomputed without each expert in turn), and
the baseline, a plain aggregate of the same sheets (each application's mean score, in SQL). Prints milliseconds
(median of the runs) and the ratio; the goal is under 1 s.

    .venv/bin/python -m bench.grants_ranking [--applications 300] [--experts 20] [--runs 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random

import sqlalchemy as sa

from bench.common import bench_settings
from bench.report_scale import _insert, median_ms
from services.fairs.grants.models import GrantApplication, GrantReview
from services.fairs.grants.standing import standing
from services.fairs.runtime import build_runtime

START = dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc)
GOAL_MS = 1000


def seed(engine, *, applications: int, experts: int, reviews: int, rnd: random.Random) -> int:
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO cohort_replica (id, program_id, name, timezone, version, updated_at) "
                             "VALUES (1, 1, 'Поток', 'Asia/Kamchatka', 1, now())"))
        call = conn.execute(sa.text(
            "INSERT INTO grant_calls (program_id, name, opens_at, closes_at, budget, min_award, max_award, "
            "reviews_per_application, state, version, created_at) VALUES (1, 'Большой конкурс', :opens, :closes, "
            "30000000, 50000, 300000, :reviews, 'review', 1, :opens) RETURNING id"),
            {"opens": START, "closes": START + dt.timedelta(days=30), "reviews": reviews}).scalar_one()
        criteria = [conn.execute(sa.text(
            "INSERT INTO grant_criteria (call_id, name, weight, max_score, not_applicable, position) "
            "VALUES (:call, :name, :weight, 10, :na, :pos) RETURNING id"),
            {"call": call, "name": f"Критерий {n}", "weight": (3, 2, 1, 1)[n], "na": n == 3, "pos": n + 1}).scalar_one()
            for n in range(4)]
        conn.execute(GrantApplication.__table__.insert(), [{
            "id": a, "call_id": call, "link_hash": f"{a:064d}", "title": f"Проект {a}", "summary": "Совместный проект",
            "organisation": f"НКО {a}", "inn": None, "partners": [{"name": f"Партнёр {a}", "inn": None}], "contact_name": "Контакт",
            "phone": None, "email": f"a{a}@example.ru", "requested_amount": 50000 + (a * 7919) % 250000,
            "budget_lines": [{"item": "Всё", "amount": "1"}], "version": 1, "created_at": START, "updated_at": START}
            for a in range(1, applications + 1)])
        _insert(conn, "grant_experts", [{"id": e, "call_id": call, "account_id": 1000 + e, "link_version": 1, "removed": False,
                                         "link_issued_at": START} for e in range(1, experts + 1)])
        leniency = {e: rnd.uniform(-1.5, 1.5) for e in range(1, experts + 1)}
        seats, sheets = [], []
        for a in range(1, applications + 1):
            level = rnd.uniform(3, 8)
            for e in rnd.sample(range(1, experts + 1), reviews):
                seats.append({"application_id": a, "expert_id": e, "call_id": call, "assigned_at": START})
                scores = {str(c): max(0, min(10, round(level + leniency[e] + rnd.gauss(0, 0.7)))) for c in criteria}
                if rnd.random() < 0.2:
                    scores[str(criteria[3])] = None  # does not apply
                sheets.append({"call_id": call, "application_id": a, "expert_id": e, "scores": scores, "version": 1,
                               "updated_at": START})
        _insert(conn, "grant_assignments", seats)
        conn.execute(GrantReview.__table__.insert(), sheets)
        conn.execute(sa.text("ANALYZE"))
    return call


def measure(runtime, call: int, runs: int) -> dict:
    def ranked():
        uow = runtime.uow()
        try:
            return standing(uow, call)
        finally:
            uow.session.close()

    def plain():  # the baseline: each application's mean score over the same sheets, in SQL
        with runtime.session_factory() as session:
            return session.execute(sa.text(
                "SELECT r.application_id, AVG(s.value::numeric) FROM grant_reviews r, json_each_text(r.scores) s "
                "WHERE r.call_id = :call AND s.value IS NOT NULL GROUP BY r.application_id ORDER BY 2 DESC"),
                {"call": call}).all()

    board = ranked()
    return {"standing_ms": median_ms(ranked, runs), "plain_ms": median_ms(plain, runs), "board": board}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--experts", type=int, default=20)
    parser.add_argument("--reviews", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with bench_settings("fairs") as settings:
        runtime = build_runtime(settings["fairs"])
        try:
            call = seed(runtime.engine, applications=args.applications, experts=args.experts, reviews=args.reviews,
                        rnd=random.Random(11))
            result = measure(runtime, call, args.runs)
        finally:
            runtime.dispose()
    ratio = result["standing_ms"] / result["plain_ms"]
    met = "met" if result["standing_ms"] < GOAL_MS else "NOT met"
    board = result["board"]
    print("| figure | baseline, same run | measured | ratio | goal |")
    print("|---|---|---|---|---|")
    print(f"| a call's ranking and funding line, {args.applications} applications × {args.reviews} of {args.experts} experts "
          f"| plain AVG per application {result['plain_ms']:.1f} ms | {result['standing_ms']:.1f} ms | {ratio:.1f} "
          f"| < {GOAL_MS} ms: {met} |")
    funded = sum(1 for r in board["rows"] if r["award"] is not None)
    print(f"ranked {len(board['rows'])}, funded {funded}, standardised {board['standardised']}, "
          f"stable without any one expert: {board['stable']}")
    return result


if __name__ == "__main__":
    main()
