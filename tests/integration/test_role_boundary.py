"""Every page and endpoint answers each role (and no sign-in) exactly as the role table says."""
from __future__ import annotations

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
def role_headers(system):
    headers = {"anonymous": {}}
    for role in ROLES:
        account = create_account(system, roles=(role,))
        headers[role] = {"Authorization": f"Bearer {token(system, account['email'], account['password'])}"}
    return headers


def test_the_table_covers_every_route_of_the_three_apps(system):
    found = set()
    for service in SERVICES:
        app = system.app(service)
        service_routes = routes(app, service)
        found |= service_routes
        # every operation of the OpenAPI document is among the routes checked
        documented = {
            (m, p) for (s, m, p) in service_routes
        }
        for method, path in openapi_routes(app, service):
            flask_path = path
            for part in path.split("/"):
                if part.startswith("{"):
                    flask_path = flask_path.replace(part, f"<int:{part[1:-1]}>")
            assert (method, flask_path) in documented, f"{method} {path} in OpenAPI but not routed"
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
            refused = status in (401, 403) or (status == 302 and "/sign-in" in response.headers.get("Location", ""))
            if status >= 500:
                wrong.append(f"{who} got {status} on {method} {rule}: a server error")
            if who in allowed and refused:
                wrong.append(f"{who} refused {method} {rule} ({status})")
            if who not in allowed:
                expected = (401, 302) if who == "anonymous" else (403,)
                if status not in expected:
                    wrong.append(f"{who} got {status} on {method} {rule}, expected {expected}")
    assert not wrong, "\n".join(wrong)
