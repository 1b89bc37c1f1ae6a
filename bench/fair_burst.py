"""A jury's burst of score sheets through the real web stack, and how soon the leaderboard shows them.

60 jurors x 12 pitches x 6 criteria: 720 sheets sent pitch by pitch over about
ten seconds by one client thread per juror (its own keep-alive connection),
to gunicorn (``deploy/gunicorn.conf.py``) serving the fairs app on PostgreSQL,
with each juror's personal link token. The cohort, its teams, nominations and
juror accounts go in through cohorts' API and reach fairs by the broker and
the workers; the fairs, criteria, jurors and their links through fairs' API.

Baseline in the same run: the same sheets through a bare Flask view (no auth,
no validation, no locks) doing the same inserts into the same tables (a sheet,
its scores, its history line), served by gunicorn with the same settings. The
two alternate for ``--rounds`` rounds, each burst on a fresh fair with the same
lineup and jury; the round with the lowest p99 speaks for each side, since work
from other processes on the same cores only ever adds time.

Prints sheets stored (checked in the database), p50/p99 of a sheet write, each
burst's length, the CPU per sheet of the web workers and of the database
backends (from /proc: the figure least moved by a busy machine), and the time
from the last sheet's answer until ``GET fairs/{id}/leaderboard`` shows every
sheet with the right raw means; ratios against the baseline.

    .venv/bin/python -m bench.fair_burst [--rounds 2] [--seconds 10]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BARE_PREFIX = "/bare"


# --- the baseline: a bare view over the same tables ------------------------------------------------


def create_bare_app():
    """``gunicorn "bench.fair_burst:create_bare_app()"``: PUT a sheet with no checks at all."""
    from flask import Flask, request

    from services.fairs.jury.models import Score, Sheet, SheetRevision
    from shared.db import make_engine, utcnow

    engine = make_engine(os.environ["ROSTOK_FAIRS_DATABASE_URL"], pool_size=int(os.environ.get("ROSTOK_DB_POOL_SIZE", "5")))
    app = Flask(__name__)

    @app.get(f"{BARE_PREFIX}/healthz")
    def healthz():
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return {"status": "ok"}

    @app.put(f"{BARE_PREFIX}/fairs/<int:fair_id>/pitches/<int:pitch_id>/scores")
    def put_sheet(fair_id, pitch_id):
        body = request.get_json()
        now = utcnow()
        with engine.begin() as conn:
            sheet_id = conn.execute(sa.insert(Sheet.__table__).values(
                fair_id=fair_id, juror_id=body["juror_id"], pitch_id=pitch_id, comment=None, version=1, updated_at=now,
            ).returning(Sheet.__table__.c.id)).scalar_one()
            conn.execute(sa.insert(Score.__table__), [
                {"sheet_id": sheet_id, "criterion_id": int(cid), "value": value, "max_score": body["maxima"][cid]}
                for cid, value in body["scores"].items()
            ])
            conn.execute(sa.insert(SheetRevision.__table__).values(
                sheet_id=sheet_id, fair_id=fair_id, kind="sent", new_scores=body["scores"], via="link", at=now,
            ))
        return {"id": sheet_id}

    return app


# --- setting the fair up through the real flow -----------------------------------------------------


class _Apps:
    """The services' apps in this process, for setting up through their APIs (the shape tests/support/api expects)."""

    def __init__(self, settings):
        self.settings = settings
        self._runtimes, self._apps = {}, {}

    def runtime(self, service):
        if service not in self._runtimes:
            module = __import__(f"services.{service}.runtime", fromlist=["build_runtime"])
            self._runtimes[service] = module.build_runtime(self.settings[service])
        return self._runtimes[service]

    def client(self, service):
        if service not in self._apps:
            module = __import__(f"services.{service}.app", fromlist=["create_app"])
            self._apps[service] = module.create_app(self.settings[service])
        return self._apps[service].test_client()

    def dispose(self):
        for runtime in self._runtimes.values():
            runtime.dispose()
        for app in self._apps.values():
            app.extensions["rostok.runtime"].dispose()


@dataclass
class Fair:
    id: int
    pitches: list[int]
    criteria: dict[str, int]  # criterion id (as JSON keys it) -> maximum
    jurors: list[dict] = field(default_factory=list)  # {"id", "link_token"}


def _check(response):
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{response.request.method} {response.request.path} answered {response.status_code}: "
                           f"{response.get_data(as_text=True)[:500]}")
    return response.json


def set_up(apps: _Apps, n_jurors: int, n_pitches: int, n_criteria: int, n_fairs: int) -> tuple[dict, list[Fair]]:
    from services.fairs.db import REPLICAS
    from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
    from tests.support.system import WorkerThread, wait_until

    h = coordinator_headers(apps)
    ids = setup_cohort(apps, h)
    cohort_id = ids["cohort"]["id"]
    cohorts = apps.client("cohorts")
    for i in range(n_pitches):
        team = register_team(apps, h, cohort_id, ids["territory"]["id"], f"Команда {i + 1}", project_title=f"Проект {i + 1}")
        _check(cohorts.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h))
    accounts = [create_account(apps, roles=("juror",), name=f"Член жюри {i + 1}") for i in range(n_jurors)]

    r = REPLICAS
    with WorkerThread(apps.runtime("cohorts")), WorkerThread(apps.runtime("fairs")):
        def replicated():
            with apps.runtime("fairs").engine.connect() as conn:
                count = lambda q: conn.execute(sa.select(sa.func.count()).select_from(q)).scalar_one()
                return (count(r.accounts) >= n_jurors + 1
                        and count(r.teams.select().where(r.teams.c.nominated, r.teams.c.version > 0).subquery()) == n_pitches)

        wait_until(replicated, timeout=60, message="cohorts' accounts and nominated teams in fairs")

    fairs = apps.client("fairs")
    made = []
    for i in range(n_fairs):
        name = f"Ярмарка проектов {i + 1}"
        body = {"cohort_id": cohort_id, "name": name, "held_on": "2026-11-30", "place": "с. Эссо",
                "jury_weight": 0.7, "audience_weight": 0.3, "standardise": True}
        fair = _check(fairs.post("/fairs/api/v1/fairs", json=body, headers=h))
        base = f"/fairs/api/v1/fairs/{fair['id']}"
        for c in range(n_criteria):
            _check(fairs.post(f"{base}/criteria", json={"name": f"Критерий {c + 1}", "weight": 1 + c % 3, "max_score": 10}, headers=h))
        criteria = _items(_check(fairs.get(f"{base}/criteria", headers=h)))
        pitches = _items(_check(fairs.get(f"{base}/pitches", headers=h)))
        jurors = [_check(fairs.post(f"{base}/jurors", json={"account_id": a["id"]}, headers=h)) for a in accounts]
        _check(fairs.patch(base, json={"state": "open"}, headers=h))
        made.append(Fair(fair["id"], [p["id"] for p in pitches], {str(c["id"]): c["max_score"] for c in criteria},
                         [{"id": j["id"], "link_token": j["link_token"]} for j in jurors]))
    return h, made


def _items(body):
    return body["items"] if isinstance(body, dict) else body  # the list shape, or a bare array from an older build


# --- the burst -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict, health_path: str, log: Path):
    """gunicorn with the deployment's settings on a free local port; yields its base URL and its master's pid."""
    port = _free_port()
    env = {**env, "ROSTOK_PORT": str(port), "ROSTOK_BIND_HOST": "127.0.0.1"}
    with open(log, "ab") as errors:
        process = subprocess.Popen([GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app_spec],
                                   env=env, cwd=ROOT, stdout=errors, stderr=errors)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {app_spec} did not start; its log:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                # every worker up: a few answers in a row
                if all(requests.get(url + health_path, timeout=2).status_code == 200 for _ in range(8)):
                    break
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Burst:
    latencies: list[float]
    statuses: dict[int, int]
    started: float
    last_answer: float
    web_cpu: float = 0.0  # CPU seconds the server's workers spent during the burst
    db_cpu: float = 0.0  # and the database's backends of this run

    @property
    def seconds(self) -> float:
        return self.last_answer - self.started

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def schedule(n_jurors: int, n_pitches: int, seed: int) -> list[tuple[int, int]]:
    """(juror, pitch) indices in sending order: pitch after pitch, the jurors of each in a shuffled order."""
    rng = random.Random(seed)
    order = []
    for pitch in range(n_pitches):
        jurors = list(range(n_jurors))
        rng.shuffle(jurors)
        order.extend((juror, pitch) for juror in jurors)
    return order


def sheet_scores(fair: Fair, juror: int, pitch: int, seed: int) -> dict[str, int]:
    """The same juror gives the same pitch the same marks in both fairs."""
    rng = random.Random(seed * 1_000_003 + juror * 1009 + pitch)
    return {cid: rng.randint(0, top) for cid, top in sorted(fair.criteria.items(), key=lambda item: int(item[0]))}


def burst(order, seconds: float, send, warm) -> Burst:
    """Each juror's thread sends its sheets at their times; ``send(session, juror, pitch)`` gives the status.

    Before the first sheet every thread makes one untimed request, ``warm(session, juror)``: phones have
    the page open before the first pitch, so the connection and the server's threads are up.
    """
    step = seconds / len(order)
    due: dict[int, list[tuple[float, int]]] = {}
    for i, (juror, pitch) in enumerate(order):
        due.setdefault(juror, []).append((i * step, pitch))
    latencies, statuses, answers = [], {}, []
    lock = threading.Lock()
    start = {}
    ready = threading.Barrier(len(due), action=lambda: start.setdefault("at", time.perf_counter() + 0.2))

    def juror_thread(juror):
        with requests.Session() as session:
            warm(session, juror)
            ready.wait()
            for offset, pitch in due[juror]:
                delay = start["at"] + offset - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                t0 = time.perf_counter()
                status = send(session, juror, pitch)
                t1 = time.perf_counter()
                with lock:
                    latencies.append(t1 - t0)
                    statuses[status] = statuses.get(status, 0) + 1
                    answers.append(t1)

    threads = [threading.Thread(target=juror_thread, args=(juror,)) for juror in due]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Burst(latencies, statuses, start["at"], max(answers))


# --- CPU spent, read from /proc: other work on the same cores slows answers down, it does not add to these ---


def _cpu_seconds(pids) -> dict[int, float]:
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return out


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
    return out


def _backends(engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalars())


def metered(server_pid: int, engine, run) -> Burst:
    """``run()``'s burst with the CPU time the server's workers and the database's backends spent on it."""
    web, db = _children(server_pid), _backends(engine)
    before = _cpu_seconds(web + db)
    result = run()
    web, db = _children(server_pid), _backends(engine)
    after = _cpu_seconds(web + db)
    used = lambda pids: sum(after[p] - before.get(p, 0.0) for p in pids if p in after)
    result.web_cpu, result.db_cpu = used(web), used(db)
    return result


# --- checks after the burst ------------------------------------------------------------------------


def stored(engine, fair: Fair) -> dict:
    with engine.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql), {"fair": fair.id}).scalar_one()
        return {
            "sheets": q("SELECT count(*) FROM sheets WHERE fair_id = :fair"),
            "distinct": q("SELECT count(DISTINCT (juror_id, pitch_id)) FROM sheets WHERE fair_id = :fair"),
            "scores": q("SELECT count(*) FROM scores JOIN sheets ON sheets.id = scores.sheet_id WHERE sheets.fair_id = :fair"),
        }


def expected_raw(fair: Fair, n_jurors: int, seed: int) -> dict[int, float]:
    from services.fairs.judging.panel import CriterionSpec, sheet_value

    # the same criteria as set up: weight 1 + c % 3 in creation order, maximum 10
    specs = [CriterionSpec(int(cid), 1 + c % 3, top) for c, (cid, top) in enumerate(sorted(fair.criteria.items(), key=lambda i: int(i[0])))]
    out = {}
    for p, pitch in enumerate(fair.pitches):
        values = [sheet_value({int(k): v for k, v in sheet_scores(fair, j, p, seed).items()}, specs) for j in range(n_jurors)]
        out[pitch] = sum(values) / len(values)
    return out


def leaderboard_shows_all(body: dict, expected: dict[int, float], n_jurors: int) -> bool:
    items = {item["pitch_id"]: item for item in body.get("items", [])}
    return set(items) == set(expected) and all(
        items[p]["sheets"] == n_jurors and items[p]["jury_raw"] is not None and abs(items[p]["jury_raw"] - mean) < 0.01
        for p, mean in expected.items()
    )


def leaderboard_delay(url: str, fair: Fair, headers: dict, last_answer: float, expected, n_jurors: int) -> tuple[float | None, str]:
    """Seconds from the last sheet's answer until the leaderboard answers with every sheet; None when it never did."""
    path = f"{url}/fairs/api/v1/fairs/{fair.id}/leaderboard"
    deadline = time.perf_counter() + 10
    reads = 0
    with requests.Session() as session:
        while time.perf_counter() < deadline:
            answer = session.get(path, headers=headers, timeout=10)
            reads += 1
            if answer.status_code == 200 and leaderboard_shows_all(answer.json(), expected, n_jurors):
                return time.perf_counter() - last_answer, f"GET leaderboard, right at read {reads}"
            time.sleep(0.02)
    return None, f"not right after 10 s (last answer {answer.status_code})"


def leaderboard_reads(url: str, fair: Fair, headers: dict, n: int) -> list[float]:
    """Seconds per read of the full leaderboard (every sheet ranked, stability check included), one after another."""
    path = f"{url}/fairs/api/v1/fairs/{fair.id}/leaderboard"
    out = []
    with requests.Session() as session:
        for _ in range(n):
            t0 = time.perf_counter()
            session.get(path, headers=headers, timeout=10).raise_for_status()
            out.append(time.perf_counter() - t0)
    return sorted(out)


# --- the run ---------------------------------------------------------------------------------------


def main(argv=None) -> dict:
    from bench.common import bench_settings
    from tests.support.system import env_for

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jurors", type=int, default=60)
    parser.add_argument("--pitches", type=int, default=12)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=10.0, help="each burst's planned length")
    parser.add_argument("--rounds", type=int, default=2, help="bare and fairs bursts, alternating, each on a fresh fair")
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    n = args.jurors * args.pitches
    run_started = time.perf_counter()
    load_before = os.getloadavg()[0]
    log = Path(tempfile.mkdtemp(prefix="rostok-bench-gunicorn-")) / "gunicorn.log"

    with bench_settings("cohorts", "fairs") as settings:
        apps = _Apps(settings)
        try:
            started = time.perf_counter()
            coordinator, made = set_up(apps, args.jurors, args.pitches, args.criteria, 2 * args.rounds)
            setup_seconds = time.perf_counter() - started
            bare_fairs, fairs = made[0::2], made[1::2]
            engine = apps.runtime("fairs").engine
            env = env_for(settings["fairs"])
            order = schedule(args.jurors, args.pitches, args.seed)
            expected = expected_raw(fairs[-1], args.jurors, args.seed)

            with gunicorn("bench.fair_burst:create_bare_app()", env, f"{BARE_PREFIX}/healthz", log) as (bare_url, bare_pid), \
                    gunicorn("services.fairs.app:create_app()", env, "/fairs/healthz", log) as (url, pid):
                bare_runs, runs = [], []
                for bare_fair, fair in zip(bare_fairs, fairs):
                    bare_runs.append(metered(bare_pid, engine, lambda: burst(
                        order, args.seconds, *bare_client(bare_url, bare_fair, args.seed))))
                    runs.append(metered(pid, engine, lambda: burst(order, args.seconds, *fairs_client(url, fair, args.seed))))
                delay, how = leaderboard_delay(url, fairs[-1], coordinator, runs[-1].last_answer, expected, args.jurors)
                reads = leaderboard_reads(url, fairs[-1], coordinator, 20)
            kept = [stored(engine, fair) for fair in fairs]
            kept_base = [stored(engine, fair) for fair in bare_fairs]
        finally:
            apps.dispose()

    ms = lambda seconds: round(seconds * 1000, 1)
    # machine noise (other work on the same cores) only ever adds time: each side's least disturbed round speaks for it
    base = min(bare_runs, key=lambda b: b.percentile(0.99))
    real = min(runs, key=lambda b: b.percentile(0.99))
    result = {
        "sheets sent per burst": n,
        "setup_s (cohorts API, broker, fairs API)": round(setup_seconds, 1),
    }
    for i, (b, r) in enumerate(zip(bare_runs, runs), 1):
        result[f"round {i}: bare p50/p99 ms, burst s"] = f"{ms(b.percentile(0.5))} / {ms(b.percentile(0.99))}, {b.seconds:.2f}"
        result[f"round {i}: fairs p50/p99 ms, burst s"] = f"{ms(r.percentile(0.5))} / {ms(r.percentile(0.99))}, {r.seconds:.2f}"
    result.update({
        "bare: answers by status (all rounds)": _merged(b.statuses for b in bare_runs),
        "bare: sheets stored per fair (distinct)": ", ".join(f"{k['sheets']} ({k['distinct']})" for k in kept_base),
        "fairs: answers by status (all rounds)": _merged(r.statuses for r in runs),
        "fairs: sheets stored per fair (distinct)": ", ".join(f"{k['sheets']} ({k['distinct']})" for k in kept),
        "fairs: scores stored per fair": ", ".join(str(k["scores"]) for k in kept),
        "best round, bare: p50_ms": ms(base.percentile(0.50)),
        "best round, bare: p99_ms": ms(base.percentile(0.99)),
        "best round, fairs: p50_ms": ms(real.percentile(0.50)),
        "best round, fairs: p99_ms": ms(real.percentile(0.99)),
        "best round, fairs: max_ms": ms(max(real.latencies)),
        "best round, fairs: burst_s": round(real.seconds, 2),
        "fairs: p99 under 100 ms (best round)": real.percentile(0.99) < 0.1,
        "CPU ms per sheet, bare: web + database": _cpu_line(bare_runs, n),
        "CPU ms per sheet, fairs: web + database": _cpu_line(runs, n),
        "CPU ms per sheet, bare / fairs (web+db)": (round(1000 * sum(b.web_cpu + b.db_cpu for b in bare_runs) / (n * len(bare_runs)), 2),
                                                    round(1000 * sum(r.web_cpu + r.db_cpu for r in runs) / (n * len(runs)), 2)),
        "ratio CPU per sheet fairs/bare (web+db)": round(sum(r.web_cpu + r.db_cpu for r in runs)
                                                         / max(1e-9, sum(b.web_cpu + b.db_cpu for b in bare_runs)), 2),
        "ratio p50 fairs/bare": round(real.percentile(0.50) / base.percentile(0.50), 2),
        "ratio p99 fairs/bare": round(real.percentile(0.99) / base.percentile(0.99), 2),
        "leaderboard right after last sheet, ms": ms(delay) if delay is not None else how,
        "leaderboard measured by": how,
        "leaderboard read p50/max ms (20 reads)": f"{ms(reads[len(reads) // 2])} / {ms(reads[-1])}",
        "run_s (set-up, all bursts, checks)": round(time.perf_counter() - run_started, 1),
        "machine load (1 min average) before/after": f"{load_before:.2f} / {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs",
        "every sheet stored once": all(k["sheets"] == k["distinct"] == n and k["scores"] == n * args.criteria for k in kept)
                                   and _merged(r.statuses for r in runs) == {200: n * len(runs)},
    })
    for key, value in result.items():
        print(f"{key:44} {value}")
    return result


def _cpu_line(runs, n) -> str:
    web = 1000 * sum(r.web_cpu for r in runs) / (n * len(runs))
    db = 1000 * sum(r.db_cpu for r in runs) / (n * len(runs))
    return f"{web:.1f} + {db:.1f} = {web + db:.1f} (all rounds)"


def _merged(counts) -> dict[int, int]:
    out: dict[int, int] = {}
    for c in counts:
        for status, k in c.items():
            out[status] = out.get(status, 0) + k
    return out


def bare_client(url: str, fair: Fair, seed: int):
    """``send`` and ``warm`` for the bare view: the juror's id in the body, the maxima given, nothing checked."""
    def send(session, juror, pitch):
        return session.put(f"{url}{BARE_PREFIX}/fairs/{fair.id}/pitches/{fair.pitches[pitch]}/scores",
                           json={"juror_id": fair.jurors[juror]["id"], "maxima": fair.criteria,
                                 "scores": sheet_scores(fair, juror, pitch, seed)}, timeout=30).status_code

    def warm(session, juror):
        session.get(f"{url}{BARE_PREFIX}/healthz", timeout=30)

    return send, warm


def fairs_client(url: str, fair: Fair, seed: int):
    """``send`` and ``warm`` for the fairs API, as the juror's phone: the personal link as the bearer token."""
    def headers(juror):
        return {"Authorization": f"Bearer {fair.jurors[juror]['link_token']}"}

    def send(session, juror, pitch):
        return session.put(f"{url}/fairs/api/v1/fairs/{fair.id}/pitches/{fair.pitches[pitch]}/scores",
                           json={"scores": sheet_scores(fair, juror, pitch, seed)}, headers=headers(juror), timeout=30).status_code

    def warm(session, juror):  # the phone reads its first sheet
        session.get(f"{url}/fairs/api/v1/fairs/{fair.id}/pitches/{fair.pitches[0]}/scores", headers=headers(juror), timeout=30)

    return send, warm


if __name__ == "__main__":
    main()
