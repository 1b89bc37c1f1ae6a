"""Stage pages: the chair's console, the projector, the juror's live phone page."""
from __future__ import annotations

from flask import Blueprint

pages = Blueprint("stage_pages", __name__, url_prefix="/fairs", template_folder="templates")
