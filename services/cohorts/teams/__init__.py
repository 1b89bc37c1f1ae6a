"""Teams of a cohort: initiative groups and young NGOs, their projects and territories (the team's API; its pages,
with members and mentors, are membership's)."""


def register(app, api) -> None:
    from services.cohorts.programs.operations import territory_corrected
    from services.cohorts.teams.operations import announce_territory
    from services.cohorts.teams.views import api as teams_api

    api.register_blueprint(teams_api)
    territory_corrected.register("teams", announce_territory)  # a team's events carry its territory's spelling
