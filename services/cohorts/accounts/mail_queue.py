"""Letters written in the request's unit of work and sent by the worker.

The request only adds a row, so its answer takes the same time whether a
letter is due or not (nothing to learn about which e-mails have accounts),
and an SMTP outage never fails a request: the worker retries with back-off.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading

import sqlalchemy as sa

from services.cohorts.accounts.models import OutgoingMail
from shared import mail
from shared.db import utcnow
from shared.uow import UnitOfWork

log = logging.getLogger("rostok.mail")

MAX_ATTEMPTS = 8
POLL_SECONDS = 1.0


def enqueue(uow: UnitOfWork, *, to: str, subject: str, body: str) -> None:
    uow.session.add(OutgoingMail(to_address=to, subject=subject[:300], body=body, attempts=0, next_attempt_at=utcnow()))
    uow.flush()


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(3600, 5 * 2 ** attempts))


def send_due(session_factory, mail_url: str, *, limit: int = 20) -> int:
    """Send what is due; each letter is claimed, sent and marked in its own short transaction."""
    sent = 0
    for _ in range(limit):
        with session_factory() as session, session.begin():
            letter = session.execute(
                sa.select(OutgoingMail)
                .where(OutgoingMail.sent_at.is_(None), OutgoingMail.attempts < MAX_ATTEMPTS,
                       OutgoingMail.next_attempt_at <= utcnow())
                .order_by(OutgoingMail.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).scalar_one_or_none()
            if letter is None:
                return sent
            letter.attempts += 1
            try:
                mail.send(mail_url, to=letter.to_address, subject=letter.subject, body=letter.body)
            except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors
                letter.last_error = f"{type(exc).__name__}: {exc}"[:500]
                letter.next_attempt_at = utcnow() + _backoff(letter.attempts)
                log.warning("letter %s not sent (attempt %s): %s", letter.id, letter.attempts, letter.last_error)
                continue
            letter.sent_at = utcnow()
            letter.body = ""  # it held a one-time link: nothing to keep once delivered
            sent += 1
    return sent


def run(runtime, stop: threading.Event) -> None:
    """The worker's mail loop (only where a mail server is configured)."""
    mail_url = runtime.settings.mail_url
    if not mail.configured(mail_url):
        return
    while not stop.is_set():
        try:
            send_due(runtime.session_factory, mail_url)
        except Exception:
            log.exception("mail loop failed; trying again")
        stop.wait(POLL_SECONDS)
