"""Who takes part: a cohort's participants, team members and leaders, mentors of teams; the team pages."""


def register(app, api) -> None:
    from services.cohorts.membership.merging import HOLDER
    from services.cohorts.membership.operations import release_team
    from services.cohorts.membership.pages import pages
    from services.cohorts.membership.views import api as membership_api
    from services.cohorts.people.references import REFERENCES
    from services.cohorts.teams.operations import team_archived

    api.register_blueprint(membership_api)
    app.register_blueprint(pages)
    REFERENCES.register(HOLDER)
    team_archived.register("membership", release_team)  # an archived team's mentors and members are released
