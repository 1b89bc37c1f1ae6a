"""Run the benchmarks and print one table of ratios: python -m bench (make bench).

Written to bench/results/latest.json and latest.md as well (a run's own figures, not kept in git),
so that two runs can be compared. ``--quick`` for a short trial run of the whole thing.

After the event backbone's table the other benchmarks print their own, each beside its own baseline; the run ends
with the table of goals: every figure with a goal, its baseline from the same run, and whether it is met.
"""
import argparse
import json

from bench import backbone
from bench.common import bench_settings
from bench.harness import Figure, markdown, write

SHEET_P99_MS, SHEET_CPU_RATIO, PEOPLE_PAGE_MS = 100.0, 2.0, 100.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds after the warm-up (median of them)")
    parser.add_argument("--events", type=int, default=5000, help="messages per publish round")
    parser.add_argument("--consume-events", type=int, default=3000, help="events per consume round")
    parser.add_argument("--rate", type=float, default=1000.0, help="commits per second of the latency load")
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
    if args.quick or args.backbone_only:
        print(f"written to {json_path} and {md_path}")
        return
    # the fair's jury burst, the report at scale and the rest print their own tables, each beside its own baseline
    from bench import embedded_delay, fair_burst, grants_ranking, reach_scale, registrations, report_scale

    burst = fair_burst.main([])
    report = report_scale.main([])
    registrations.main([])
    reach_scale.main([])
    grants_ranking.main([])
    figures += burst_figures(burst) + people_page_figures(report) + embedded_delay.main([])
    goals = [f for f in figures if f.met is not None]
    json_path, md_path = write(figures, {"rounds": args.rounds, "events": args.events, **extra})
    machine = json.loads(json_path.read_text())["machine"]
    print("\nGoals, each beside its baseline from this run:\n")
    print(markdown(goals, machine, {}))
    print(f"\n{sum(1 for f in goals if f.met)} of {len(goals)} goals met; written to {json_path} and {md_path}")


def burst_figures(result: dict) -> list[Figure]:
    bare_p99, p99 = result["best round, bare: p99_ms"], result["best round, fairs: p99_ms"]
    bare_cpu, cpu = result["CPU ms per sheet, bare / fairs (web+db)"]
    return [
        Figure("a juror's sheet p99, 60 jurors × 12 pitches in ~10 s", "a bare view doing the same inserts, p99", "ms",
               bare_p99, p99, p99 / bare_p99, f"p99 < {SHEET_P99_MS:.0f} ms", p99 < SHEET_P99_MS, 2),
        Figure("CPU per sheet, web + database", "the bare view's CPU per sheet", "ms", bare_cpu, cpu, cpu / bare_cpu,
               f"≤ {SHEET_CPU_RATIO:.0f}x", cpu / bare_cpu <= SHEET_CPU_RATIO, 2),
    ]


def people_page_figures(results: dict) -> list[Figure]:
    return [Figure(f"funder's report: people page at {size:,} consultations".replace(",", " "),
                   "a plain COUNT(*) of the same tables", "ms", r["count"], r["people_page"],
                   r["people_page"] / r["count"], f"< {PEOPLE_PAGE_MS:.0f} ms", r["people_page"] < PEOPLE_PAGE_MS, 5)
            for size, r in results.items()]


if __name__ == "__main__":
    main()
