"""The cost of exactly-once bookkeeping in the consumer.

Baseline: the bare replica upsert of N team events, one transaction each.
Measured: the consumer's ``apply_raw`` on the same events (parse and validate
against the contract, inbox insert, the same upsert, failure bookkeeping,
one transaction each). Prints events/second and the ratio.
"""
from __future__ import annotations

import argparse

from bench.common import bench_settings, timed
from services.consultations.runtime import build_runtime
from shared.events import envelope
from shared.uow import UnitOfWork


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args(argv)
    n = args.events
    bodies = [
        envelope.build("cohorts.team.registered", {"id": i + 1, "cohort_id": 1, "name": f"Команда {i}", "kind": "ngo"},
                       producer="cohorts", entity_version=1, correlation_id=None)
        for i in range(n)
    ]
    with bench_settings("consultations") as settings:
        runtime = build_runtime(settings["consultations"])
        handler = runtime.handlers["cohorts.team.registered"]

        def bare():
            for env in bodies:
                with UnitOfWork(runtime.session_factory, runtime.outbox) as uow:
                    handler(uow, env)
                    uow.commit()

        base = timed(bare)
        applier = runtime.applier()
        fresh = [
            envelope.build("cohorts.team.registered", {"id": n + i + 1, "cohort_id": 1, "name": f"Команда {i}", "kind": "ngo"},
                           producer="cohorts", entity_version=1, correlation_id=None).to_json()
            for i in range(n)
        ]
        full = timed(lambda: [applier.apply_raw(b) for b in fresh])
        runtime.dispose()
    result = {
        "events": n,
        "bare_upsert_ev_s": round(n / base),
        "consumer_apply_ev_s": round(n / full),
        "ratio_consumer_vs_bare": round(full / base, 2),
    }
    for key, value in result.items():
        print(f"{key:38} {value}")
    return result


if __name__ == "__main__":
    main()
