"""Lists built in Python (a lineup, a jury) answered in the list shape ``{"items", "total", "page", "per_page"}``."""
from __future__ import annotations


def page_of(items: list, args: dict) -> dict:
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "total": len(items), "page": page, "per_page": per_page}
