"""Turning a one-time token into a link, and mailing it when a mail server is configured."""
from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import force_locale, gettext

from shared import mail


def link_url(token: str) -> str:
    return request.host_url.rstrip("/") + url_for("account_admin.set_password", token=token)


def mail_configured() -> bool:
    return mail.configured(current_app.extensions["rostok.runtime"].settings.mail_url)


def deliver(account, purpose: str, token: str) -> tuple[str, bool]:
    """Return the link and whether it was mailed (else the coordinator passes it on)."""
    url = link_url(token)
    settings = current_app.extensions["rostok.runtime"].settings
    if not mail.configured(settings.mail_url):
        return url, False
    with force_locale(account.language or "ru"):  # the recipient's language, not the sender's
        subject = gettext("Your Rostok account") if purpose == "invite" else gettext("Reset your Rostok password")
        body = gettext("Hello, %(name)s!\n\nSet your password with this link (it works once):\n%(url)s\n", name=account.name, url=url)
    try:
        mail.send(settings.mail_url, to=account.email, subject=subject, body=body)
    except OSError:
        current_app.logger.exception("could not mail the link; showing it instead")
        return url, False
    return url, True
