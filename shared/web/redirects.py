"""Where a page may send a person back to: paths on this origin only."""
from __future__ import annotations

from urllib.parse import urlsplit


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this origin, else None.

    Browsers read ``/\\host`` and ``//host`` as another host, and ignore tabs
    and new lines inside a URL, so those are refused along with any scheme.
    """
    if not target or not target.startswith("/"):
        return None
    if any(c in target for c in "\\\t\r\n") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
