"""schemathesis against the API's own OpenAPI document: generated requests (valid ones and
broken ones) with a read token and a write token never meet a server error, and every answer
matches the schema the document gives for it. Bounded: a few examples per operation."""

import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from sessiontrack.api.models import TokenScope
from sessiontrack.projects.models import ProjectState

from . import factories
from .api_support import bearer, make_token
from .portfolio_support import portfolio_reader

EXAMPLES = 4
CHECKS = [not_a_server_error, response_schema_conformance]


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_generated_requests_never_fail_and_match_the_document(app, world, db):
    draft = factories.make_project(world.session, world.group, complete=True)
    factories.make_project(world.session, world.group, complete=True, state=ProjectState.ACCEPTED)
    reader = portfolio_reader(world.session)
    db.session.commit()
    tokens = {
        "read": make_token(world.member, TokenScope.READ),
        "write": make_token(world.member, TokenScope.WRITE),
        "facilitator": make_token(world.facilitator, TokenScope.READ),
        "portfolio": make_token(reader, TokenScope.READ),
    }
    known = {"slug": world.session.slug, "project_id": draft.id}
    operations = _operations(app)
    assert len(operations) >= 7
    for operation in operations:
        parameters = {p.name: known[p.name] for p in operation.path_parameters}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(mode, path_parameters=parameters)

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @hypothesis_given(case=strategy)
            def check(case):
                for secret in tokens.values():
                    response = case.call(headers=bearer(secret))
                    case.validate_response(response, checks=CHECKS)

            check()
