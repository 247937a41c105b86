"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis): no input gives a 5xx.

Valid and invalid payloads are generated for every operation; bounded to a few dozen examples each.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import Case  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 50  # per operation and generation mode

app = create_app(
    Settings(  # type: ignore[call-arg]
        _env_file=None,
        load_in_background=False,
        max_segments_per_request=4,
        max_chars_per_segment=300,
        max_documents_per_request=2,
        max_chars_per_document=600,
        max_body_bytes=16_000,
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_no_server_errors(case: Case) -> None:
    response = case.call(timeout=60)
    assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text[:500]}"
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"] and error["fix"]
        request_id = response.headers["x-request-id"]
        assert error["request_id"] == (request_id[0] if isinstance(request_id, list) else request_id)
    # schema-valid requests may still be refused for what a schema cannot say (an unknown language code, a
    # segment with neither source nor reference): every other schemathesis check applies
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
