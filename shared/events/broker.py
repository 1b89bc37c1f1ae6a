"""Broker connections for both transports.

The embedded mode uses kombu's ``filesystem://`` transport. Its stock writer
creates the message file under its final name and then writes into it, so a
reader in another process can pick up half a message; ours writes a hidden
temporary file and renames it into place (``os.replace`` is atomic on one
file system).
"""
from __future__ import annotations

import os
import time
import uuid
from time import monotonic

from kombu import Connection
from kombu.transport import filesystem
from kombu.utils.json import dumps

from shared.config import Settings


class _AtomicChannel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # The reader only takes names of the form "<stamp>.<queue>.msg": a
        # leading dot keeps the temporary file out of its sight.
        tmp = os.path.join(self.data_folder_out, f".tmp-{uuid.uuid4()}")
        with open(tmp, "wb") as f:
            f.write(dumps(payload).encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)


    def queue_bind(self, queue, exchange=None, routing_key="", arguments=None, **kwargs):
        # kombu keeps the bindings it has declared in a cache for the whole process, and fills the cache before it
        # writes the table file: a relay in another thread of the same process then skips its own bind and may
        # publish while the table still lacks the binding, and the event goes to no queue (a fresh `make run`, and
        # one test in eight did). Writing through every time (idempotent, under the lock) makes a bind return
        # only once the table file holds it.
        super().queue_bind(queue, exchange, routing_key, arguments, **kwargs)
        exchange = exchange or "amq.direct"
        self._queue_bind(exchange, *self.typeof(exchange).prepare_bind(queue, exchange, routing_key, arguments))

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        # The stock code creates the table file empty and then writes it: two workers declaring at the same moment
        # (every `make run` start) could each write a table without the other's binding, and that service would
        # never receive an event; a reader could meet the empty file. Here one lock file (never truncated)
        # serialises the read-modify-write, and the new table replaces the old one whole.
        table_file = self._exchange_file(exchange)
        self.control_folder.mkdir(exist_ok=True)
        binding = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        with open(self.control_folder / f".{exchange}.lock", "a") as guard:
            filesystem.lock(guard, filesystem.LOCK_EX)
            try:
                table = self.get_table(exchange)
                if binding in table:
                    return
                table.insert(0, binding)
                tmp = self.control_folder / f".tmp-{uuid.uuid4()}"
                with open(tmp, "wb") as f:
                    f.write(dumps(table).encode("utf-8"))
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, table_file)
            finally:
                filesystem.unlock(guard)


class AtomicFilesystemTransport(filesystem.Transport):
    Channel = _AtomicChannel


def is_filesystem(url: str) -> bool:
    return url.startswith("filesystem:")


def connect(settings: Settings, *, heartbeat: int | None = None) -> Connection:
    if is_filesystem(settings.broker_url):
        options = settings.broker_transport_options
        for key in ("data_folder_out", "control_folder", "processed_folder"):
            os.makedirs(options[key], exist_ok=True)
        return Connection(
            settings.broker_url,
            transport=AtomicFilesystemTransport,
            transport_options=options,
        )
    return Connection(
        settings.broker_url,
        heartbeat=heartbeat if heartbeat is not None else settings.broker_heartbeat_seconds,
        connect_timeout=5,
        transport_options={"confirm_publish": False},
    )


def queue_depth(connection: Connection, settings: Settings) -> int:
    """Messages waiting (not yet delivered) in the service's own queue, on an open connection."""
    from shared.events.topology import for_connection

    topology = for_connection(settings.broker_prefix, connection)
    name = topology.queue_name(settings.service)
    if topology.amqp:
        return connection.default_channel.queue_declare(name, passive=True).message_count
    suffix = f".{name}.msg"
    return sum(1 for n in os.listdir(settings.broker_transport_options["data_folder_in"]) if n.endswith(suffix))


def restore_taken(settings: Settings, queue_name: str) -> int:
    """Filesystem transport, at a consumer's start: put back the messages of its queue that were taken but may
    not have been applied.

    The transport moves a message's file out of the queue when it hands it over, before any ack, so a consumer
    killed with a batch in hand would lose it. The copies are still in the processed folder (for a few seconds,
    see ``purge_processed``): one worker per service reads a queue here, so at its start every copy of its own
    queue goes back; what was applied already is absorbed by the inbox.
    """
    if not is_filesystem(settings.broker_url):
        return 0
    options = settings.broker_transport_options
    folder, queue_folder = options["processed_folder"], options["data_folder_in"]
    suffix = f".{queue_name}.msg"
    restored = 0
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in names:
        if name.partition(".")[2] == suffix[1:]:
            try:
                os.replace(os.path.join(folder, name), os.path.join(queue_folder, name))
                restored += 1
            except FileNotFoundError:
                continue
    return restored


def purge_processed(settings: Settings, older_than_seconds: float = 3600) -> int:
    """Delete processed message copies the filesystem transport leaves behind."""
    if not is_filesystem(settings.broker_url):
        return 0
    folder = settings.broker_transport_options["processed_folder"]
    removed = 0
    now = time.time()
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in names:
        path = os.path.join(folder, name)
        try:
            if now - os.path.getmtime(path) > older_than_seconds:
                os.remove(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
