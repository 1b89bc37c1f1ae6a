"""The consumer applies in batches: one transaction per batch with a savepoint per event, one multiple ack."""
from __future__ import annotations

from services.consultations.runtime import build_runtime as consultations_runtime
from tests.support.events import queue_depth, count, publish_raw, replica_teams, team_event
from tests.support.system import WorkerThread, wait_until


def test_a_batch_commits_once_and_a_bad_event_or_a_duplicate_never_rolls_back_the_others(system, monkeypatch):
    runtime = consultations_runtime(system.settings("consultations"))
    original = runtime.handlers["cohorts.team.registered"]

    def poisoned(uow, env):
        if env.data["name"] == "Яд":
            raise ValueError("cannot apply this team")
        original(uow, env)

    runtime.handlers["cohorts.team.registered"] = poisoned
    good = [team_event(100 + i, f"Команда {i}", 1) for i in range(100)]
    poison = team_event(99, "Яд", 1)
    # one entity's three versions, newest first: order within a batch keeps the newest
    versions = [team_event(7, "Третье имя", 3, "updated"), team_event(7, "Первое имя", 1), team_event(7, "Второе имя", 2, "updated")]
    events = good[:50] + [poison, good[10]] + versions + good[50:]  # good[10] delivered twice
    batches = []
    applier_class = type(runtime.applier())
    real = applier_class.apply_batch
    monkeypatch.setattr(applier_class, "apply_batch", lambda self, bodies: (batches.append(len(bodies)), real(self, bodies))[1])
    retried = []  # a retry of a stored failure is a batch of one of its own
    real_raw = applier_class.apply_raw
    monkeypatch.setattr(applier_class, "apply_raw", lambda self, body: (retried.append(1), real_raw(self, body))[1])
    publish_raw(system, *events)
    failed = runtime.tables.failed
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, runtime.tables.inbox) == 103, message="every distinct good event applied")
        wait_until(lambda: count(runtime, failed, failed.c.status == "dead") == 1, message="the poison dead alone")
        wait_until(lambda: queue_depth(system, "consultations") == 0, message="every delivery acked")
    names = {t["id"]: (t["name"], t["version"]) for t in replica_teams(system)}
    assert len(names) == 101 and 99 not in names  # a hundred teams and team 7, never the poison
    assert names[7] == ("Третье имя", 3)
    # 105 deliveries in a handful of transactions (one per batch; the poison's bookkeeping and retries apart)
    assert sum(batches) - len(retried) == 105 and len(batches) - len(retried) <= 10 and max(batches) > 1, (batches, retried)
    runtime.dispose()
