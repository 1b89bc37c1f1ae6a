"""Who may use what: every page and endpoint of the three services, in one table.

The role-boundary test reads the routes from the apps and checks each against
this table, for each role and without sign-in. A route missing here fails
the test, so a new endpoint cannot ship without a decision on who may use it.
"""
PUBLIC = frozenset({"anonymous", "coordinator", "mentor", "juror"})
SIGNED_IN = frozenset({"coordinator", "mentor", "juror"})
C = frozenset({"coordinator"})
CM = frozenset({"coordinator", "mentor"})
CJ = frozenset({"coordinator", "juror"})

OPERATIONS = {
    ("GET", "/{s}/healthz"): PUBLIC,
    ("GET", "/{s}/readyz"): PUBLIC,
    ("GET", "/{s}/metrics"): PUBLIC,
    ("GET", "/{s}/api/openapi.json"): PUBLIC,
    ("GET", "/{s}/api/docs"): PUBLIC,
}

TABLE = {
    **{("cohorts", m, p.format(s="cohorts")): r for (m, p), r in OPERATIONS.items()},
    **{("consultations", m, p.format(s="consultations")): r for (m, p), r in OPERATIONS.items()},
    **{("fairs", m, p.format(s="fairs")): r for (m, p), r in OPERATIONS.items()},
    # cohorts: sign-in and accounts
    ("cohorts", "GET", "/cohorts/sign-in"): PUBLIC,
    ("cohorts", "POST", "/cohorts/sign-in"): PUBLIC,
    ("cohorts", "POST", "/cohorts/sign-out"): PUBLIC,
    ("cohorts", "GET", "/cohorts/set-password/<token>"): PUBLIC,
    ("cohorts", "POST", "/cohorts/set-password/<token>"): PUBLIC,
    ("cohorts", "POST", "/cohorts/api/v1/auth/token"): PUBLIC,
    ("cohorts", "POST", "/cohorts/api/v1/auth/password"): PUBLIC,
    ("cohorts", "GET", "/cohorts/api/v1/accounts/me"): SIGNED_IN,
    ("cohorts", "GET", "/cohorts/accounts"): C,
    ("cohorts", "POST", "/cohorts/accounts"): C,
    ("cohorts", "GET", "/cohorts/accounts/<int:account_id>"): C,
    ("cohorts", "POST", "/cohorts/accounts/<int:account_id>"): C,
    ("cohorts", "POST", "/cohorts/accounts/<int:account_id>/reset"): C,
    ("cohorts", "GET", "/cohorts/api/v1/accounts"): C,
    ("cohorts", "POST", "/cohorts/api/v1/accounts"): C,
    ("cohorts", "GET", "/cohorts/api/v1/accounts/<int:account_id>"): C,
    ("cohorts", "PATCH", "/cohorts/api/v1/accounts/<int:account_id>"): C,
    ("cohorts", "POST", "/cohorts/api/v1/accounts/<int:account_id>/invitation"): C,
    ("cohorts", "POST", "/cohorts/api/v1/accounts/<int:account_id>/password-reset"): C,
    # cohorts: programmes, cohorts, territories, teams
    ("cohorts", "GET", "/cohorts/"): C,
    ("cohorts", "GET", "/cohorts/cohorts/<int:cohort_id>/teams"): C,
    ("cohorts", "POST", "/cohorts/cohorts/<int:cohort_id>/teams"): C,
    ("cohorts", "GET", "/cohorts/api/v1/programs"): C,
    ("cohorts", "POST", "/cohorts/api/v1/programs"): C,
    ("cohorts", "GET", "/cohorts/api/v1/programs/<int:program_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/cohorts"): C,
    ("cohorts", "POST", "/cohorts/api/v1/cohorts"): C,
    ("cohorts", "GET", "/cohorts/api/v1/cohorts/<int:cohort_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/territories"): C,
    ("cohorts", "POST", "/cohorts/api/v1/territories"): C,
    ("cohorts", "GET", "/cohorts/api/v1/cohorts/<int:cohort_id>/teams"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/cohorts/<int:cohort_id>/teams"): C,
    ("cohorts", "GET", "/cohorts/api/v1/teams/<int:team_id>"): CM,
    ("cohorts", "PATCH", "/cohorts/api/v1/teams/<int:team_id>"): C,
    # cohorts: people (coordinators only: personal data)
    ("cohorts", "GET", "/cohorts/api/v1/people"): C,
    ("cohorts", "POST", "/cohorts/api/v1/people"): C,
    ("cohorts", "GET", "/cohorts/api/v1/people/<int:person_id>"): C,
    ("cohorts", "PATCH", "/cohorts/api/v1/people/<int:person_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/people/<int:person_id>/merge-preview"): C,
    ("cohorts", "POST", "/cohorts/api/v1/people/<int:person_id>/merge"): C,
    ("cohorts", "POST", "/cohorts/api/v1/people/<int:person_id>/erasure"): C,
    # cohorts: membership, participants, mentors, nominations (mentors read)
    ("cohorts", "GET", "/cohorts/api/v1/teams/<int:team_id>/members"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/teams/<int:team_id>/members"): C,
    ("cohorts", "PATCH", "/cohorts/api/v1/teams/<int:team_id>/members/<int:person_id>"): C,
    ("cohorts", "DELETE", "/cohorts/api/v1/teams/<int:team_id>/members/<int:person_id>"): C,
    ("cohorts", "POST", "/cohorts/api/v1/teams/<int:team_id>/members/<int:person_id>/move"): C,
    ("cohorts", "GET", "/cohorts/api/v1/cohorts/<int:cohort_id>/participants"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/cohorts/<int:cohort_id>/participants"): C,
    ("cohorts", "DELETE", "/cohorts/api/v1/cohorts/<int:cohort_id>/participants/<int:person_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/teams/<int:team_id>/mentors"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/teams/<int:team_id>/mentors"): C,
    ("cohorts", "DELETE", "/cohorts/api/v1/teams/<int:team_id>/mentors/<int:account_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/teams/<int:team_id>/nomination"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/teams/<int:team_id>/nomination"): C,
    ("cohorts", "DELETE", "/cohorts/api/v1/teams/<int:team_id>/nomination"): C,
    # cohorts: school sessions and attendance (mentors read, for team timelines)
    ("cohorts", "GET", "/cohorts/api/v1/cohorts/<int:cohort_id>/sessions"): CM,
    ("cohorts", "POST", "/cohorts/api/v1/cohorts/<int:cohort_id>/sessions"): C,
    ("cohorts", "GET", "/cohorts/api/v1/sessions/<int:session_id>"): CM,
    ("cohorts", "PATCH", "/cohorts/api/v1/sessions/<int:session_id>"): C,
    ("cohorts", "GET", "/cohorts/api/v1/sessions/<int:session_id>/attendance"): CM,
    ("cohorts", "PUT", "/cohorts/api/v1/sessions/<int:session_id>/attendance"): C,
    ("cohorts", "POST", "/cohorts/api/v1/sessions/<int:session_id>/attendance"): C,
    ("cohorts", "GET", "/cohorts/api/v1/sessions/<int:session_id>/attendance/history"): C,
    # cohorts: the coordinator's pages
    ("cohorts", "POST", "/cohorts/"): C,
    ("cohorts", "GET", "/cohorts/territories"): C,
    ("cohorts", "POST", "/cohorts/territories"): C,
    ("cohorts", "GET", "/cohorts/cohorts/<int:cohort_id>/dashboard"): C,
    ("cohorts", "GET", "/cohorts/cohorts/<int:cohort_id>/participants"): C,
    ("cohorts", "POST", "/cohorts/cohorts/<int:cohort_id>/participants"): C,
    ("cohorts", "POST", "/cohorts/cohorts/<int:cohort_id>/participants/enrol"): C,
    ("cohorts", "GET", "/cohorts/cohorts/<int:cohort_id>/sessions"): C,
    ("cohorts", "POST", "/cohorts/cohorts/<int:cohort_id>/sessions"): C,
    ("cohorts", "GET", "/cohorts/sessions/<int:session_id>/attendance"): C,
    ("cohorts", "POST", "/cohorts/sessions/<int:session_id>/attendance"): C,
    ("cohorts", "PUT", "/cohorts/sessions/<int:session_id>/attendance.json"): C,
    ("cohorts", "GET", "/cohorts/sessions/<int:session_id>/sheet"): C,
    ("cohorts", "GET", "/cohorts/people"): C,
    ("cohorts", "GET", "/cohorts/people/<int:person_id>"): C,
    ("cohorts", "POST", "/cohorts/people/<int:person_id>"): C,
    ("cohorts", "POST", "/cohorts/people/<int:person_id>/merge"): C,
    ("cohorts", "POST", "/cohorts/people/<int:person_id>/erase"): C,
    ("cohorts", "GET", "/cohorts/teams/<int:team_id>"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/archive"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/members"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/members/<int:person_id>/move"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/members/<int:person_id>/remove"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/mentors"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/mentors/<int:account_id>/remove"): C,
    ("cohorts", "POST", "/cohorts/teams/<int:team_id>/nomination"): C,
    # consultations
    ("consultations", "GET", "/consultations/"): CM,
    ("consultations", "GET", "/consultations/api/v1/teams"): CM,
    ("consultations", "GET", "/consultations/api/v1/teams/<int:team_id>"): CM,
    # fairs
    ("fairs", "GET", "/fairs/"): CJ,
    ("fairs", "GET", "/fairs/api/v1/teams"): CJ,
    ("fairs", "GET", "/fairs/api/v1/teams/<int:team_id>"): CJ,
}
