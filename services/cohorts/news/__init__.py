"""A programme's public face: its page of upcoming open events and news, an iCalendar feed and an Atom feed."""


def register(app, api) -> None:
    from services.cohorts.news.pages import pages
    from services.cohorts.news.views import api as news_api

    api.register_blueprint(news_api)
    app.register_blueprint(pages)
