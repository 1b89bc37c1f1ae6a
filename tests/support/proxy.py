"""A TCP proxy the tests can cut and restore, to take a server away from one process only.

``cut()`` closes the connections as a server that stops does; ``silence()`` leaves
them half-open, as a server gone without a word (a restart whose resets never
arrived, a dropped network path): the client's side stays open and hears nothing.
"""
from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._listener.listen(64)
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []  # (client, upstream)
        self._silent: set[socket.socket] = set()  # clients whose server went away without a word
        self._closed = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()  # refused while cut
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
                self._pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if source in self._silent:
                    continue  # swallowed: nobody is there to answer
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                if s in self._silent:
                    continue  # a half-open connection says nothing, not even goodbye
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until restore()."""
        self._up.clear()
        with self._lock:
            sockets, self._sockets = self._sockets | self._silent, set()
            self._pairs, self._silent = [], set()
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def silence(self) -> None:
        """The server's side of every open connection goes, the client's stays open and silent; new
        connections are refused until restore(). What a client sends is swallowed without an answer."""
        self._up.clear()
        with self._lock:
            pairs, self._pairs = self._pairs, []
            for client, upstream in pairs:
                self._silent.add(client)
                self._sockets.discard(client)
                self._sockets.discard(upstream)
        for _client, upstream in pairs:
            try:
                upstream.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            upstream.close()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()
