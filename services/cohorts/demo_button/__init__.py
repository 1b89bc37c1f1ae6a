"""The demo button: a coordinator fills an empty installation with a demonstration programme in one click."""


def register(app, api) -> None:
    from services.cohorts.demo_button.pages import pages

    app.register_blueprint(pages)
