"""A programme's plan of activities by month, and how it went."""


def register(app, api) -> None:
    from services.cohorts.events.operations import plan_line_named
    from services.cohorts.events.pages import plan_line_choices
    from services.cohorts.plan.operations import check_event_line, line_choices
    from services.cohorts.plan.pages import pages
    from services.cohorts.plan.views import api as plan_api

    api.register_blueprint(plan_api)
    app.register_blueprint(pages)
    plan_line_named.register("plan", check_event_line)  # an event carrying out a line of another programme's plan
    plan_line_choices.register("plan", line_choices)
