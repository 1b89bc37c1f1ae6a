"""Outgoing mail through the SMTP server of ROSTOK_MAIL_URL (smtp:// or smtps://user:pass@host:port/?from=...)."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse


def configured(mail_url: str | None) -> bool:
    return bool(mail_url)


def send(mail_url: str, *, to: str, subject: str, body: str) -> None:
    url = urlparse(mail_url)
    sender = parse_qs(url.query).get("from", [f"no-reply@{url.hostname}"])[0]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with smtp_class(url.hostname, url.port or (465 if url.scheme == "smtps" else 25), timeout=15) as smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)
