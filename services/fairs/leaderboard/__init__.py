"""The fair's leaderboard: ranking rules in plain Python, and the pages and API that show them."""


def register(app, api) -> None:
    """The leaderboard's API and page on the fairs application."""
    from services.fairs.leaderboard.views import api as leaderboard_api
    from services.fairs.leaderboard.views import pages

    api.register_blueprint(leaderboard_api)
    app.register_blueprint(pages)
