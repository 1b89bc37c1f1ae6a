"""Links that leave the system (mails, QR codes, copied invitations) are built from the configured public URL.

Never from the request's Host header: whoever sends a forged Host would
otherwise receive the reset or juror token in a link to their own server.
"""
from __future__ import annotations

from flask import current_app


def external_url(path: str) -> str:
    """``path`` (starting with ``/``, as ``url_for`` gives it) on the public origin."""
    base = current_app.extensions["rostok.runtime"].settings.public_url
    return base + path
