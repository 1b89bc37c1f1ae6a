"""The page session's cookie: kept alive by the pages a person opens, never re-set by a page's background poll.

A signed-in person's session slides forward while they use Rostok (a mentor on the road signs in once, not every
day). Only navigations slide it: a poll that was sent before an action and answered after it would otherwise put
back the older cookie it carried, and with it lose what the action stored there (the message shown next, a sign-in).
Browsers say which a request is in ``Sec-Fetch-Mode``; one that does not say is treated as a navigation.
"""
from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface


class SlidingOnNavigation(SecureCookieSessionInterface):
    def should_set_cookie(self, app, session) -> bool:
        if session.modified:
            return True
        return session.permanent and request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
