"""The stage of the fair day: the chair's console, the projector, the juror's live phone page."""
