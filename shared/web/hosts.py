"""Requests for a host we do not serve are refused.

Outside links are built from the public URL anyway (``urls.external_url``);
refusing unknown Host headers as well closes the same door twice, so a
gateway that passes any Host cannot be used to poison a cached page or a
link built by some future code from the request.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from werkzeug.sansio.utils import host_is_trusted

# probes reach a pod by its address, not by the public name
PROBE_ENDPOINTS = frozenset({"healthz", "readyz", "metrics"})


def allowed_hosts(settings) -> tuple[str, ...]:
    return settings.allowed_hosts or (urlsplit(settings.public_url).hostname,)


def host_allowed(settings) -> bool:
    if request.endpoint in PROBE_ENDPOINTS:
        return True
    return host_is_trusted(request.headers.get("Host", ""), allowed_hosts(settings))
