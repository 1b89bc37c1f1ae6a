"""What a request may carry before any view reads it.

A small body limit everywhere (a 15 MB form to the sign-in page would
otherwise be parsed in full before anyone is signed in), a larger one only
for the views that take a file, capped form parts, and JSON no deeper than
any of our schemas goes.
"""
from __future__ import annotations

from flask import Flask, request

from shared.errors import N_, UseCaseError

BODY_LIMIT = 1024 * 1024  # 1 MiB: every form and JSON body of ours is far smaller
UPLOAD_LIMIT = 20 * 1024 * 1024  # the import's spreadsheet
FORM_MEMORY_LIMIT = 512 * 1024  # one non-file form field
FORM_PARTS_LIMIT = 2000  # fields of one form (the longest tick-list has a few hundred)
JSON_DEPTH_LIMIT = 32


def accepts_upload(limit: int = UPLOAD_LIMIT):
    """Marks a view that takes a file: its requests may carry up to ``limit`` bytes."""

    def mark(view):
        view.upload_limit = limit
        return view

    return mark


def configure(app: Flask) -> None:
    app.config.update(
        MAX_CONTENT_LENGTH=BODY_LIMIT,
        MAX_FORM_MEMORY_SIZE=FORM_MEMORY_LIMIT,
        MAX_FORM_PARTS=FORM_PARTS_LIMIT,
    )


def apply_view_limit(app: Flask) -> None:
    """Before the body is read: an upload view raises the limit for its own request only."""
    view = app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "upload_limit", None) or getattr(getattr(view, "view_class", None), "upload_limit", None)
    if limit:
        request.max_content_length = limit


def json_depth(text: bytes, limit: int) -> bool:
    """Whether the JSON text nests deeper than ``limit`` (brackets outside strings), without parsing it."""
    depth = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def refuse_deep_json() -> None:
    """A deeply nested body would exhaust the parser's recursion (a 500): refused as 400 before parsing."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return
    data = request.get_data(cache=True)
    if data.count(b"[") + data.count(b"{") > JSON_DEPTH_LIMIT and json_depth(data, JSON_DEPTH_LIMIT):
        raise UseCaseError(400, N_("The request body is nested too deeply."), {"body": [N_("The request body is nested too deeply.")]})
