"""Turning a one-time token into a link, and mailing it when a mail server is configured."""
from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale, gettext

from services.cohorts.accounts import mail_queue
from shared import mail
from shared.web.boundary import current_uow
from shared.web.urls import external_url


def link_url(token: str) -> str:
    return external_url(url_for("account_admin.set_password", token=token))


def mail_configured() -> bool:
    return mail.configured(current_app.extensions["rostok.runtime"].settings.mail_url)


def deliver(account, purpose: str, token: str) -> tuple[str, bool]:
    """Return the link and whether a letter carries it (else the coordinator passes it on).

    The letter is queued in the request's unit of work; the worker sends it.
    """
    url = link_url(token)
    settings = current_app.extensions["rostok.runtime"].settings
    if not mail.configured(settings.mail_url):
        return url, False
    with force_locale(account.language or "ru"):  # the recipient's language, not the sender's
        subject = gettext("Your Rostok account") if purpose == "invite" else gettext("Reset your Rostok password")
        body = gettext("Hello, %(name)s!\n\nSet your password with this link (it works once):\n%(url)s\n", name=account.name, url=url)
    mail_queue.enqueue(current_uow(), to=account.email, subject=subject, body=body)
    return url, True
