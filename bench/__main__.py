"""Run the benchmarks and print one table of ratios: python -m bench (make bench).

Written to bench/results/latest.json and latest.md as well (a run's own figures, not kept in git),
so that two runs can be compared. ``--quick`` for a short trial run of the whole thing.
"""
import argparse

from bench import backbone
from bench.common import bench_settings
from bench.harness import write


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds after the warm-up (median of them)")
    parser.add_argument("--events", type=int, default=5000, help="messages per publish round")
    parser.add_argument("--consume-events", type=int, default=3000, help="events per consume round")
    parser.add_argument("--rate", type=float, default=200.0, help="commits per second of the latency load")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the latency load")
    parser.add_argument("--quick", action="store_true", help="small numbers, to try the bench itself")
    parser.add_argument("--backbone-only", action="store_true", help="the events table only, without the fair and the report")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.events, args.consume_events, args.seconds = 5, 1000, 500, 5.0
    from services.cohorts.runtime import build_runtime as cohorts_runtime
    from services.consultations.runtime import build_runtime as consultations_runtime

    figures = []
    with bench_settings("cohorts", "consultations", relay_poll_seconds=5.0) as settings:
        cohorts, consultations = cohorts_runtime(settings["cohorts"]), consultations_runtime(settings["consultations"])
        try:
            figures += backbone.publish_figures(cohorts, args.events, args.rounds)
            figures += backbone.consume_figures(consultations, args.consume_events, args.rounds)
            figures += backbone.scale_figures(consultations, args.consume_events, max(3, args.rounds // 2))
            latency, extra = backbone.latency_figures(cohorts, consultations, args.rate, args.seconds)
            figures += latency
        finally:
            cohorts.dispose()
            consultations.dispose()
    json_path, md_path = write(figures, {"rounds": args.rounds, "events": args.events, **extra})
    print(md_path.read_text())
    print(f"written to {json_path} and {md_path}")
    if not (args.quick or args.backbone_only):
        # the fair's jury burst and the report at scale print their own tables, each beside its own baseline
        from bench import fair_burst, grants_ranking, reach_scale, registrations, report_scale

        fair_burst.main([])
        report_scale.main([])
        registrations.main([])
        reach_scale.main([])
        grants_ranking.main([])


if __name__ == "__main__":
    main()
