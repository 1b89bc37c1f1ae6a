"""The funder's report: a programme's figures, charts, breakdowns and the workbook."""


def register(app, api) -> None:
    from services.cohorts.report.pages import pages
    from services.cohorts.report.views import api as report_api

    api.register_blueprint(report_api)
    app.register_blueprint(pages)
