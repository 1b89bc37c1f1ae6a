"""The parts of the fair day beside judging: the fair's life and formula, the leaderboard, the audience vote, results."""
from __future__ import annotations


def register(app, api) -> None:
    from services.fairs.audience.views import api as audience_api
    from services.fairs.audience.views import pages as audience_pages
    from services.fairs.leaderboard.views import api as leaderboard_api
    from services.fairs.leaderboard.views import pages as leaderboard_pages
    from services.fairs.results.views import api as results_api
    from services.fairs.results.views import pages as results_pages
    from services.fairs.setup.views import api as setup_api

    api.register_blueprint(setup_api)
    api.register_blueprint(leaderboard_api)
    app.register_blueprint(leaderboard_pages)
    api.register_blueprint(audience_api)
    app.register_blueprint(audience_pages)
    api.register_blueprint(results_api)
    app.register_blueprint(results_pages)
