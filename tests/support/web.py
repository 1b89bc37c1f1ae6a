"""Steps of the web boundary's tests on a test client: the session cookie's name, a page's form token, signing in."""
from __future__ import annotations

import re

from tests.support.api import create_account

SESSION = "rostok_session"


def form_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, account, next_url=None):
    page = client.get("/cohorts/sign-in")
    url = "/cohorts/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": account["email"], "password": account["password"], "csrf_token": form_token(page.get_data(as_text=True))})


def coordinator_client(system, service: str = "fairs"):
    client = system.app(service).test_client()
    coordinator = create_account(system, name="Координатор")
    with client.session_transaction() as s:
        s.update(aid=coordinator["id"], roles=["coordinator"], v=1, name="Координатор")
    return client
