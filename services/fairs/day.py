"""The parts of the fair day beside judging: the fair's life and formula, the leaderboard, the audience vote, results."""
from __future__ import annotations


def register(app, api) -> None:
    from services.fairs.setup.views import api as setup_api

    api.register_blueprint(setup_api)
