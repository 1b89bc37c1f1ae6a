"""The embedded transport's bindings when the three workers declare them at the same moment (as `make run` starts)."""
from __future__ import annotations

import multiprocessing
import os

from kombu import Exchange, Queue

from shared.events.broker import AtomicFilesystemTransport

WORKERS = 6


def _bind(folder: str, name: str, start) -> None:
    from kombu import Connection

    options = {"data_folder_in": folder, "data_folder_out": folder, "control_folder": folder}
    with Connection("filesystem://", transport=AtomicFilesystemTransport, transport_options=options) as connection:
        channel = connection.channel()
        exchange = Exchange("rostok.events", type="topic")
        start.wait()
        Queue(f"rostok.{name}", exchange=exchange, routing_key=f"{name}.#")(channel).declare()
        # a reader at the same moment never sees a half-written table
        assert channel.get_table("rostok.events") is not None


def test_bindings_declared_at_once_by_several_processes_are_all_kept(tmp_path):
    context = multiprocessing.get_context("fork")
    for attempt in range(15):
        folder = tmp_path / f"round-{attempt}"
        os.makedirs(folder)
        start = context.Barrier(WORKERS)
        workers = [context.Process(target=_bind, args=(str(folder), f"s{i}", start)) for i in range(WORKERS)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        assert [w.exitcode for w in workers] == [0] * WORKERS, f"round {attempt}: a process failed while binding"
        options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder)}
        from kombu import Connection

        with Connection("filesystem://", transport=AtomicFilesystemTransport, transport_options=options) as connection:
            table = connection.channel().get_table("rostok.events")
        assert sorted(q.queue for q in table) == [f"rostok.s{i}" for i in range(WORKERS)], f"round {attempt}"
