"""Setting a fair up and running its life: the fair, its criteria and lineup, opening and closing with the jury's checks, and their pages."""


def register(app, api) -> None:
    """The fairs' settings API (fairs, criteria, lineup, state, history) and pages (the fairs' home, settings, lineup)."""
    from services.fairs.setup.pages import pages
    from services.fairs.setup.views import api as setup_api

    api.register_blueprint(setup_api)
    app.register_blueprint(pages)  # its home (the fairs) replaces the plain team list, kept at /fairs/teams
