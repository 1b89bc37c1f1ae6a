"""Every page and endpoint answers each role (and no sign-in) exactly as the role table says."""
from __future__ import annotations

import re

import pytest

from tests.role_table import TABLE
from tests.support.api import create_account, token
from tests.support.system import SERVICES

ROLES = ("coordinator", "mentor", "juror")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes(app, service):
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - IGNORED_METHODS:
            found.add((service, method, rule.rule))
    return found


def openapi_routes(app, service):
    client = app.test_client()
    spec = client.get(f"/{service}/api/openapi.json").json
    found = set()
    for path, operations in spec["paths"].items():
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                found.add((method.upper(), path))
    return found


def url_for_rule(app, service, method, rule):
    for r in app.url_map.iter_rules():
        if r.rule == rule and method in r.methods:
            values = {name: 987654 if "int:" in rule else "no-such-token" for name in r.arguments}
            return app.url_map.bind("localhost").build(r.endpoint, values, method=method)
    raise AssertionError(f"no route {method} {rule}")


@pytest.fixture
def role_accounts(system):
    return {role: create_account(system, roles=(role,), name=f"Тест {role}") for role in ROLES}


@pytest.fixture
def role_headers(system, role_accounts):
    headers = {"anonymous": {}}
    for role, account in role_accounts.items():
        headers[role] = {"Authorization": f"Bearer {token(system, account['email'], account['password'])}"}
    return headers


def _refused(response) -> bool:
    # a refused page redirects to the sign-in with the way back; sign-out's own redirect is not a refusal
    location = response.headers.get("Location", "")
    return response.status_code in (401, 403) or (response.status_code == 302 and "/sign-in?next=" in location)


def test_the_table_covers_every_route_of_the_three_apps(system):
    found = set()
    for service in SERVICES:
        app = system.app(service)
        service_routes = routes(app, service)
        found |= service_routes
        # every operation of the OpenAPI document is among the routes checked
        # compared by their parameters' names: a route may take a word (an indicator's code) as well as an id
        documented = {
            (m, re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", p)) for (s, m, p) in service_routes
        }
        for method, path in openapi_routes(app, service):
            assert (method, path) in documented, f"{method} {path} in OpenAPI but not routed"
    missing = sorted(found - set(TABLE))
    stale = sorted(set(TABLE) - found)
    assert not missing, f"routes with no line in tests/role_table.py: {missing}"
    assert not stale, f"lines in tests/role_table.py for routes that do not exist: {stale}"


def test_every_role_gets_exactly_what_the_table_says(system, role_headers):
    wrong = []
    for (service, method, rule), allowed in sorted(TABLE.items()):
        app = system.app(service)
        url = url_for_rule(app, service, method, rule)
        client = app.test_client()
        for who in ("anonymous",) + ROLES:
            kwargs = {"headers": role_headers[who]}
            if method in ("POST", "PATCH", "PUT") and "/api/" in rule:
                kwargs["json"] = {}
            response = client.open(url, method=method, **kwargs)
            status = response.status_code
            refused = _refused(response)
            if status >= 500:
                wrong.append(f"{who} got {status} on {method} {rule}: a server error")
            if who in allowed and refused:
                wrong.append(f"{who} refused {method} {rule} ({status})")
            if who not in allowed:
                expected = (401, 302) if who == "anonymous" else (403,)
                if status not in expected:
                    wrong.append(f"{who} got {status} on {method} {rule}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_pages_answer_the_session_cookie_as_the_table_says(system, role_accounts):
    """Browsers come with the session cookie, not a token: every page read is checked that way too."""
    wrong = []
    for (service, method, rule), allowed in sorted(TABLE.items()):
        if method != "GET" or "/api/" in rule:
            continue
        app = system.app(service)
        url = url_for_rule(app, service, method, rule)
        for who in ("anonymous",) + ROLES:
            client = app.test_client()
            if who != "anonymous":
                account = role_accounts[who]
                with client.session_transaction() as session:
                    session.update(aid=account["id"], roles=[who], v=1, name=f"Тест {who}")
            response = client.get(url)
            if response.status_code >= 500:
                wrong.append(f"{who} got {response.status_code} on GET {rule}: a server error")
            if who in allowed and _refused(response):
                wrong.append(f"{who} refused GET {rule} ({response.status_code})")
            if who not in allowed:
                expected = (302,) if who == "anonymous" else (403,)
                if response.status_code not in expected or (who == "anonymous" and not _refused(response)):
                    wrong.append(f"{who} got {response.status_code} on GET {rule}, expected {expected}")
    assert not wrong, "\n".join(wrong)
