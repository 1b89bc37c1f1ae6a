"""One WSGI entry for the embedded mode: the three apps behind one port, by prefix.

Paths are passed through unchanged (every route carries its ``/<service>``
prefix), exactly as the nginx gateway does in production.
"""
from __future__ import annotations

from werkzeug.utils import redirect


FAVICON = "/cohorts/static/favicon.svg"


def create_gateway():
    from services.cohorts.app import create_app as cohorts
    from services.consultations.app import create_app as consultations
    from services.fairs.app import create_app as fairs

    apps = {"cohorts": cohorts(), "consultations": consultations(), "fairs": fairs()}

    def gateway(environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        first = path.lstrip("/").split("/", 1)[0]
        app = apps.get(first)
        if app is None:
            if path == "/":
                return redirect("/cohorts/")(environ, start_response)
            if path == "/favicon.ico":  # asked for by browsers and crawlers whatever the page says
                return redirect(FAVICON, 301)(environ, start_response)
            app = apps["cohorts"]  # its 404 page, in the product's look
        return app(environ, start_response)

    return gateway
