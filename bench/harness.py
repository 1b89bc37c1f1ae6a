"""How every figure of the table is measured: a warm-up, then baseline and measured alternating, the median.

Alternating (baseline, measured, baseline, measured...) spreads whatever else the machine is doing over both
sides; the median of at least five rounds ignores a round that a neighbour's burst slowed. Each figure is a
ratio against a baseline measured in the same run, so a slower machine changes the rates, not the ratio.
"""
from __future__ import annotations

import json
import platform
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    name: str
    baseline: str
    unit: str
    baseline_value: float
    measured_value: float
    ratio: float
    target: str
    met: bool | None
    rounds: int
    note: str = ""
    samples: dict = field(default_factory=dict)


def rate(n: int, prepare: Callable[[], None], run: Callable[[], None]) -> float:
    """Items per second of ``run`` after ``prepare`` (not timed)."""
    prepare()
    started = time.perf_counter()
    run()
    return n / (time.perf_counter() - started)


def alternate(sides: dict[str, Callable[[], float]], rounds: int = 5, warmup: int = 1) -> dict[str, list[float]]:
    """Run each side once per round, in an order that rotates, after ``warmup`` untimed rounds; all samples."""
    names = list(sides)
    for _ in range(warmup):
        for name in names:
            sides[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            samples[name].append(sides[name]())
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def write(figures: list[Figure], extra: dict) -> tuple[Path, Path]:
    RESULTS.mkdir(exist_ok=True)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "system": platform.platform(),
               "cpus": _cpus()}
    payload = {"machine": machine, **extra, "figures": [asdict(f) for f in figures]}
    json_path = RESULTS / "latest.json"
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    md_path = RESULTS / "latest.md"
    md_path.write_text(markdown(figures, machine, extra))
    return json_path, md_path


def markdown(figures: list[Figure], machine: dict, extra: dict) -> str:
    lines = [
        f"Machine: {machine['system']}, {machine['cpus']} CPUs, Python {machine['python']}; "
        + ", ".join(f"{k} {v}" for k, v in extra.items()),
        "",
        "| figure | baseline (same run) | baseline | measured | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        met = "—" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(
            f"| {f.name} | {f.baseline} | {_fmt(f.baseline_value)} {f.unit} | {_fmt(f.measured_value)} {f.unit} "
            f"| {f.ratio:.2f} | {f.target} | {met} |"
        )
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value >= 100 else f"{value:.1f}"


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
