"""Reach: how many different people and organisations took part in anything, for a period, a programme or the
whole centre, each counted once; the people met but never named stand beside them, never added in."""


def register(app, api) -> None:
    from services.cohorts.reach.pages import pages
    from services.cohorts.reach.views import api as reach_api

    api.register_blueprint(reach_api)
    app.register_blueprint(pages)
