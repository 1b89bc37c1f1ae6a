"""A consumer's batches applied on a thread of their own, so that reading the broker and writing the database overlap.

While one batch waits on the database (its round trips and its commit, which hold no interpreter lock) the reading
thread takes the next deliveries from the broker, answers its heartbeats and acks what has been committed. One batch
at a time: they are applied in the order they were delivered. The end of a batch is rung on a socket, so the reading
thread waits on the broker's socket and this one together, without polling.
"""
from __future__ import annotations

import socket
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable


class ApplyThread:
    def __init__(self, apply: Callable[[list], None], *, name: str):
        self._apply = apply
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.bell, self._ring = socket.socketpair()
        self.bell.setblocking(False)
        self._future: Future | None = None
        self._batch: list | None = None

    @property
    def busy(self) -> bool:
        """A batch has been handed over and not yet taken back."""
        return self._future is not None

    def submit(self, batch: list) -> None:
        assert self._future is None, "one batch at a time"
        self._batch, self._future = batch, self._pool.submit(self._apply, batch)
        # rung once the future is done (not merely its function returned): the reader then finds it finished
        self._future.add_done_callback(lambda _future: self._ring.send(b"\0"))

    def finished(self) -> tuple[list, BaseException | None] | None:
        """The batch and its error (None: committed) once it is done; None while it is still being applied."""
        self._silence()
        if self._future is None or not self._future.done():
            return None
        return self._take()

    def wait(self) -> tuple[list, BaseException | None] | None:
        """Block until the batch in hand is done (None when there is none)."""
        if self._future is None:
            return None
        self._future.exception()  # waits
        self._silence()
        return self._take()

    def _take(self) -> tuple[list, BaseException | None]:
        future, batch = self._future, self._batch
        self._future = self._batch = None
        return batch, future.exception()

    def _silence(self) -> None:
        try:
            while self.bell.recv(256):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        self.wait()
        self._pool.shutdown(wait=True)
        self.bell.close()
        self._ring.close()
