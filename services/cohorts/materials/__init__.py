"""Materials of an event or a school session (a manual, slides, a handout): a file or a link, in a language; the
programme's public page lists them by language."""


def register(app, api) -> None:
    from services.cohorts.events.pages import event_notes
    from services.cohorts.materials.pages import event_note, pages
    from services.cohorts.materials.views import api as materials_api

    api.register_blueprint(materials_api)
    app.register_blueprint(pages)
    event_notes.register("materials", event_note)  # an event's page leads to its materials
