"""The consumer's applying thread: one batch at a time, its end rung on the socket the reader waits on."""
from __future__ import annotations

import select
import threading

import pytest

from shared.events.apply_thread import ApplyThread


def test_a_batch_is_rung_once_done_and_taken_back_with_its_error():
    release = threading.Event()
    applied = []

    def apply(batch):
        release.wait(10)
        if batch == ["bad"]:
            raise RuntimeError("the database refused")
        applied.append(batch)

    worker = ApplyThread(apply, name="test-apply")
    try:
        worker.submit(["a", "b"])
        assert worker.busy and worker.finished() is None
        with pytest.raises(AssertionError):
            worker.submit(["c"])  # one batch at a time
        assert select.select([worker.bell], [], [], 0.05)[0] == []  # nothing rung while it is applied
        release.set()
        assert select.select([worker.bell], [], [], 10)[0] == [worker.bell]
        # rung after the future is done: the reader woken by the bell always finds the batch finished
        assert worker.finished() == (["a", "b"], None) and not worker.busy and applied == [["a", "b"]]
        assert select.select([worker.bell], [], [], 0)[0] == []  # the ring is taken with it
        worker.submit(["bad"])
        batch, error = worker.wait()
        assert batch == ["bad"] and isinstance(error, RuntimeError)
        assert worker.wait() is None
    finally:
        release.set()
        worker.close()
