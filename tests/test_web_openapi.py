"""Schemathesis against the API's OpenAPI document: generated requests never get a server error, and
every answer matches the documented schema."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from newsweave.web import create_app


def test_api_answers_match_the_openapi_document(demo_out):
    # the store comes from a fixture, so operations are walked here rather than with @schema.parametrize at import time
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(demo_out / "newsweave.db", allowed_hosts=None))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                                               "/api/entities", "/api/entities/{entity_id}", "/api/outlets"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate()

        check()
