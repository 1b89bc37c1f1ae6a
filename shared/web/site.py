"""The site the services make together, as the layout shows it: the menu (each entry to the roles that may use it),
the sign-in page, and where a personal link's phone is at home. The services declare it (``services/site.py``) and
hand it to each application; shared knows no service's address."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, request, session
from flask_babel import gettext


@dataclass(frozen=True)
class MenuItem:
    href: str
    label: str  # a msgid, translated when the menu is drawn
    roles: frozenset[str]


@dataclass(frozen=True)
class Site:
    sign_in: str
    link_home: str  # a juror's phone signed in by a personal link: the pages it may use
    menu: tuple[MenuItem, ...]
    link_session_key: str = "link"

    def home_for(self, roles) -> str:
        """The first place someone with these roles may use, never a refusal."""
        for item in self.menu:
            if item.roles.intersection(roles):
                return item.href
        return self.sign_in

    def home_url(self) -> str:
        """Where the brand link leads for whoever is here."""
        principal = g.get("principal")
        if principal is None:
            return self.link_home if session.get(self.link_session_key) else self.sign_in
        if principal.via == "link":
            return self.link_home
        return self.home_for(principal.roles)

    def nav_items(self, principal) -> list[dict]:
        """The entries this person may use; the longest one the current path starts with is current."""
        items = [
            {"href": item.href, "label": gettext(item.label), "current": False}
            for item in self.menu
            if principal is not None and principal.via != "link" and principal.has(*item.roles)
        ]
        matching = [i for i in items if request.path.startswith(i["href"])]
        if matching:
            max(matching, key=lambda i: len(i["href"]))["current"] = True
        return items
