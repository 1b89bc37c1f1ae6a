"""The fair's jury in plain Python: why a juror does not score a pitch, why a sheet cannot be sent now."""
from __future__ import annotations

from shared.errors import N_

# why a juror cannot score a pitch
MENTOR, MEMBER, DECLARED, CONSULTED = "mentor", "member", "declared", "consulted"
RECUSAL_MESSAGES = {
    MENTOR: N_("You mentor this team: a conflict of interest, you do not score its pitch."),
    MEMBER: N_("You are a member of this team: a conflict of interest, you do not score its pitch."),
    DECLARED: N_("You declared a conflict of interest for this pitch: you do not score it."),
    CONSULTED: N_("You consulted this team: a conflict of interest, you do not score its pitch unless the chair clears it."),
}

# the same reasons as the chair reads them about a juror
RECUSAL_LABELS = {
    MENTOR: N_("mentors the team"),
    MEMBER: N_("member of the team"),
    DECLARED: N_("declared a conflict"),
    CONSULTED: N_("consulted the team"),
}

# why a sheet cannot be sent now: the fair's state (the reason travels with the refusal for the phone's queue)
SHEET_REFUSALS = {
    "draft": N_("Scoring has not opened yet: the fair is still being prepared."),
    "closed": N_("Scoring is closed: the chair reopens it for corrections."),
    "published": N_("The results are published: sheets are frozen."),
}
