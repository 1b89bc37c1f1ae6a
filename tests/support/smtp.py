"""A real SMTP server on a local port, keeping what it receives (for the invitation mail)."""
from __future__ import annotations

import asyncore
import threading
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import smtpd


class _Server(smtpd.SMTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), None, decode_data=True)
        self.messages: list[dict] = []

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        self.messages.append({"from": mailfrom, "to": rcpttos, "data": data})


class SmtpSink:
    def __enter__(self):
        self.server = _Server()
        self.port = self.server.socket.getsockname()[1]
        self.thread = threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        self.thread.join(timeout=5)

    @property
    def messages(self):
        return self.server.messages
