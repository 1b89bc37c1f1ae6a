"""The report's code values as a person reads them: every value shown in a page or written to the workbook, in the
reader's language (the codes stay in the JSON API)."""
from __future__ import annotations

from flask_babel import gettext

from shared.errors import N_

SOURCES = {"enrolment": N_("enrolled in the cohort"), "team": N_("team member"), "school": N_("school"),
           "consultation": N_("consultation"), "fair": N_("fair")}
TEAM_KINDS = {"initiative_group": N_("initiative group"), "ngo": N_("young NGO"), "working_group": N_("working group")}
CONSULTATION_KINDS = {"individual": N_("individual consultation"), "group": N_("group consultation"), "webinar": N_("webinar")}
PLEDGE_STATUSES = {"pledged": N_("pledged"), "confirmed": N_("confirmed"), "received": N_("received"),
                   "cancelled": N_("withdrawn"), "withdrawn": N_("withdrawn")}
PLEDGE_KINDS = {"money": N_("money"), "in_kind": N_("in-kind help")}

TABLES = {"source": SOURCES, "team_kind": TEAM_KINDS, "consultation_kind": CONSULTATION_KINDS,
          "pledge_status": PLEDGE_STATUSES, "pledge_kind": PLEDGE_KINDS}


def word(table: str, code) -> str:
    """``code`` in words from the named table; a code the table does not know is shown as it is."""
    known = TABLES[table].get(code)
    return gettext(known) if known else ("" if code is None else str(code))
