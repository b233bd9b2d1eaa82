"""The partner API answers as its OpenAPI schema says, whatever it is sent: schemathesis
generates requests from the schema (ones the schema allows, and ones it forbids) and sends
them with a partner's token. No answer is a server error, every answer's status, headers
and body are the ones the schema documents, and whatever the schema forbids is refused.
The number of examples is bounded and the generation deterministic, so this stays quick."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fraudhub.governance.models import Organisation
from fraudhub.intake.services import submit_referral
from fraudhub.reports.models import Report
from tests.factories import api_token

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def api_schema() -> dict[str, Any]:
    """The schema as the API serves it, generated in this process."""
    return dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def token(partner: User, partner_org: Organisation) -> str:
    submit_referral(
        values={
            "partner_reference": "TS-1",
            "received_date": "05/11/2026",
            "description": "A caller said he was from her bank",
            "victim_first_name": "Edna",
            "victim_postcode": "SG1 2AB",
            "suspect_phone": "020 7946 0123",
            "amount_lost": "£1,250",
        },
        organisation=partner_org,
        source=Report.Source.API,
        actor=partner,
    )
    return api_token(partner)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_one_the_schema_documents(token: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_dict(api_schema())
    schema.app = WSGIHandler()
    headers = {"Authorization": f"Token {token}"}
    checks = CHECKS + ([negative_data_rejection] if mode == GenerationMode.NEGATIVE else [])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{o.method.upper()} {o.path}" for o in operations} == {
        "GET /api/v1/reports/",
        "POST /api/v1/reports/",
        "GET /api/v1/reports/{reference}/",
    }
    if mode == GenerationMode.NEGATIVE:
        # Reading one report takes any text as its reference (an unknown one is a 404):
        # there is nothing the schema forbids to send it.
        operations = [o for o in operations if o.path != "/api/v1/reports/{reference}/"]
    seen: dict[str, set[int]] = {}
    for operation in operations:
        strategy = operation.as_strategy(generation_mode=mode)
        if mode == GenerationMode.POSITIVE:  # the schema's own examples too, which succeed
            strategy = st.one_of(strategy, *operation.get_strategies_from_examples())

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case: Any) -> None:
            response = case.call(headers=headers)
            seen.setdefault(case.operation.label, set()).add(response.status_code)
            case.validate_response(response, checks=checks, headers=headers)

        answers_as_documented()
    # The answers checked include refusals and, for requests the schema allows, successes.
    assert 400 in seen["POST /api/v1/reports/"]
    assert 400 in seen["GET /api/v1/reports/"]
    if mode == GenerationMode.POSITIVE:
        assert 201 in seen["POST /api/v1/reports/"] or 200 in seen["POST /api/v1/reports/"]
        assert 200 in seen["GET /api/v1/reports/"]
        assert 404 in seen["GET /api/v1/reports/{reference}/"]
