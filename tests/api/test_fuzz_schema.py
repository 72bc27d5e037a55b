"""Schema fuzzing (schemathesis) of the whole API on a real server on 127.0.0.1, signed in with the right role
for each operation: no server error, every status documented, every body as documented.

Bounded: :data:`POSITIVE` + :data:`NEGATIVE` cases per operation (312 on each database, SQLite and
PostgreSQL) and :data:`BUDGET_SECONDS` per database; seeded (``derandomize``), so a run is reproducible. Half
of the valid cases name the world's real objects in their path, so they reach the handlers' depths rather
than a 404.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.api.conftest import make_settings, new_pg_database
from tests.api.live import live_server
from tests.api.test_authz_matrix import MATRIX, _FakeClassifier
from tests.api.workflow_world import DATABASES, World, build_world

POSITIVE = 8
NEGATIVE = 4
BUDGET_SECONDS = 180


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """No 5xx, except a documented 503 (a read told to wait for a change the index has not applied, ``?after=``)."""
    if response.status_code == 503 and "503" in case.operation.definition.raw.get("responses", {}):
        return True
    return not_a_server_error(ctx, response, case)


CHECKS = [no_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

ROLE_BY_OPERATION = {
    "POST /api/v1/vacancies": "employer",
    "POST /api/v1/vacancies/{vacancy_id}/reviews/{candidate_id}": "advisor",
    "GET /api/v1/vacancies/{vacancy_id}/fairness": "advisor",
    "POST /api/v1/candidates": "candidate",
    "POST /api/v1/invitations": "employer",
    "POST /api/v1/invitations/{invitation_id}/accept": "candidate",
    "POST /api/v1/invitations/{invitation_id}/decline": "candidate",
}
"""Who sends each operation's cases (the admin sends the rest: it may read and change nearly everything)."""


@pytest.fixture(scope="module", params=DATABASES)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, World]]:
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}") / "var"
    url = f"sqlite:///{folder / 'passerelle.db'}"
    if request.param == "postgresql":
        url = new_pg_database(request.getfixturevalue("pg"))
    app = create_app(make_settings(folder, url))
    with live_server(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        if app.state.services.occupations.classifier is None:  # training the real one takes minutes
            app.state.services.occupations.classifier = _FakeClassifier()
        yield base, build_world(client, app.state.services.engine)  # type: ignore[arg-type]  # same calls as a TestClient


def _real_ids(world: World) -> dict[str, int]:
    return {"vacancy_id": world.ids["V"], "candidate_id": world.ids["C1"], "invitation_id": world.ids["I"]}


def _fuzz(operation: Any, base: str, world: World, mode: GenerationMode, pinned: bool, n: int) -> None:
    key = f"{operation.method.upper()} {operation.path}"
    headers = world.headers(ROLE_BY_OPERATION.get(key, "admin"))
    params = {p: v for p, v in _real_ids(world).items() if "{" + p + "}" in operation.path}
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=params if pinned else None)

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call(base_url=base, headers=headers, timeout=60)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def test_schema_fuzzing_finds_no_server_error(served: tuple[str, World]) -> None:
    base, world = served
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    every = [result.ok() for result in schema.get_all_operations()]
    operations = [o for o in every if f"{o.method.upper()} {o.path}" in MATRIX]
    assert len(operations) == len(MATRIX), "every route of the authorization matrix is fuzzed"
    deadline = time.monotonic() + BUDGET_SECONDS
    done = 0
    for operation in sorted(operations, key=lambda o: o.method.upper() == "DELETE"):  # deletions last
        if time.monotonic() > deadline:
            break
        has_ids = "{" in operation.path and operation.method.upper() != "DELETE"
        _fuzz(operation, base, world, GenerationMode.POSITIVE, pinned=False, n=POSITIVE // 2 if has_ids else POSITIVE)
        if has_ids:
            _fuzz(operation, base, world, GenerationMode.POSITIVE, pinned=True, n=POSITIVE // 2)
        _fuzz(operation, base, world, GenerationMode.NEGATIVE, pinned=False, n=NEGATIVE)
        done += 1
    assert done == len(operations), f"time budget spent after {done} of {len(operations)} operations"
