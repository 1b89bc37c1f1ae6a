"""Generated input against every operation of the three OpenAPI documents: never a server error.

Schemathesis reads each service's own OpenAPI document and draws requests
from it (valid ones, and ones with wrong types, missing fields, odd Unicode,
huge numbers), sent as a signed-in coordinator, who may use every endpoint.
Any 5xx is a bug: bad input gets a 4xx. A 422 must name the field at fault
(a refusal naming none comes from the database's last-resort net, and means a
schema lacks a bound).
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tests.support.api import coordinator_headers
from tests.support.system import SERVICES

EXAMPLES = 20  # per operation and mode; each run draws new ones


def names_the_field(ctx, response, case):
    if response.status_code == 422:
        body = response.json()
        assert body.get("errors"), f"422 naming no field: {body}"


@pytest.mark.parametrize("service", SERVICES)
def test_no_generated_request_gets_a_server_error(system, service):
    headers = coordinator_headers(system)
    schema = schemathesis.openapi.from_wsgi(f"/{service}/api/openapi.json", system.app(service))
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def probe(case):
                case.call_and_validate(headers=headers, checks=[not_a_server_error, names_the_field])

            try:
                probe()
            except Unsatisfiable:
                continue  # nothing to break in this mode (no parameters): not a failure
            except (Exception, BaseExceptionGroup) as exc:  # keep going: one report for every operation that fails
                parts = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
                detail = " | ".join(" ".join(str(p).split())[:500] for p in parts)
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {detail}")
    assert operations > 0
    assert not failures, "\n\n".join(failures)
