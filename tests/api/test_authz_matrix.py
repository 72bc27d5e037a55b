"""Authorization matrix: every /api/v1 route × every role, on a world where each role owns or does not own the
objects, asserting the exact status and that no foreign data or contact detail appears in the body.

The list of routes is read from the application: a new route that is not in ``MATRIX`` fails
``test_matrix_covers_every_api_route``. Each case runs on a fresh world (see ``workflow_world``) in one app per
database (SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import AppServices
from matching.models import CodeSource, OccupationCode
from tests.api.conftest import make_settings
from tests.api.workflow_world import DATABASES, ROLES, World, build_world, marker, started_app

Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One route: how to fill its path, its request, and the status expected for each role (ROLES order)."""

    path: str
    expected: tuple[int, int, int, int, int, int, int, int]
    json: Body | None = None
    params: dict[str, Any] = field(default_factory=dict)
    upload: bool = False
    fresh: bool = False  # a successful call changes the world: each allowed role gets a new one


def _candidate_body(world: World) -> dict[str, Any]:
    return {"name": marker("Nom"), "email": f"{marker('x')}@example.org", "country": "MX", "status": "other"}


V, C1, INV = "{V}", "{C1}", "{I}"
#                               anon emp  oemp cand ocand adv  oadv admin
MATRIX: dict[str, Case] = {
    "GET /api/v1/me": Case("/api/v1/me", (401, 200, 200, 200, 200, 200, 200, 200)),
    "GET /api/v1/admin/health": Case("/api/v1/admin/health", (401, 403, 403, 403, 403, 403, 403, 200)),
    "POST /api/v1/vacancies": Case(
        "/api/v1/vacancies",
        (401, 201, 201, 403, 403, 403, 403, 403),
        json=lambda w: {"title": "Cariste", "description": "Conduire un chariot.", "municipality": "Gaspé"},
    ),
    "GET /api/v1/vacancies": Case("/api/v1/vacancies", (401, 200, 200, 403, 403, 200, 200, 200)),
    "GET /api/v1/vacancies/{vacancy_id}": Case(f"/api/v1/vacancies/{V}", (401, 200, 404, 403, 403, 200, 404, 200)),
    "PATCH /api/v1/vacancies/{vacancy_id}": Case(
        f"/api/v1/vacancies/{V}", (401, 200, 404, 403, 403, 403, 403, 200), json=lambda w: {"positions": 3}
    ),
    "POST /api/v1/vacancies/{vacancy_id}/close": Case(
        f"/api/v1/vacancies/{V}/close", (401, 200, 404, 403, 403, 403, 403, 200), fresh=True
    ),
    "GET /api/v1/vacancies/{vacancy_id}/shortlist": Case(
        f"/api/v1/vacancies/{V}/shortlist", (401, 200, 404, 403, 403, 200, 404, 200)
    ),
    "GET /api/v1/vacancies/{vacancy_id}/fairness": Case(
        f"/api/v1/vacancies/{V}/fairness", (401, 403, 403, 403, 403, 200, 404, 200), params={"k": 10}
    ),
    "POST /api/v1/vacancies/{vacancy_id}/reviews/{candidate_id}": Case(
        f"/api/v1/vacancies/{V}/reviews/{C1}",
        (401, 403, 403, 403, 403, 200, 404, 403),
        json=lambda w: {"decision": "approved", "note": "profil solide"},
    ),
    "POST /api/v1/candidates": Case(
        "/api/v1/candidates", (401, 403, 403, 409, 409, 403, 403, 403), json=_candidate_body
    ),
    "GET /api/v1/candidates/{candidate_id}": Case(f"/api/v1/candidates/{C1}", (401, 403, 403, 200, 404, 200, 404, 200)),
    "PATCH /api/v1/candidates/{candidate_id}": Case(
        f"/api/v1/candidates/{C1}", (401, 403, 403, 200, 404, 403, 403, 200), json=lambda w: {"years_experience": 7}
    ),
    "DELETE /api/v1/candidates/{candidate_id}": Case(
        f"/api/v1/candidates/{C1}", (401, 403, 403, 204, 404, 403, 403, 204), fresh=True
    ),
    "POST /api/v1/candidates/{candidate_id}/resume": Case(
        f"/api/v1/candidates/{C1}/resume", (401, 403, 403, 200, 404, 403, 403, 200), upload=True, fresh=True
    ),
    "GET /api/v1/candidates/{candidate_id}/export": Case(
        f"/api/v1/candidates/{C1}/export", (401, 403, 403, 200, 404, 403, 403, 200)
    ),
    "GET /api/v1/candidates/{candidate_id}/matches": Case(
        f"/api/v1/candidates/{C1}/matches", (401, 403, 403, 200, 404, 200, 404, 200)
    ),
    "POST /api/v1/invitations": Case(
        "/api/v1/invitations",
        (401, 201, 404, 403, 403, 404, 404, 403),  # the advisor of 02 may not read C2 (open to 11 only)
        json=lambda w: {"vacancy_id": w.ids["V"], "candidate_id": w.ids["C2"], "message": "Bonjour"},
        fresh=True,
    ),
    "GET /api/v1/invitations": Case("/api/v1/invitations", (401, 200, 200, 200, 200, 200, 200, 200)),
    "POST /api/v1/invitations/{invitation_id}/accept": Case(
        f"/api/v1/invitations/{INV}/accept", (401, 403, 403, 200, 404, 403, 403, 403), fresh=True
    ),
    "POST /api/v1/invitations/{invitation_id}/decline": Case(
        f"/api/v1/invitations/{INV}/decline", (401, 403, 403, 200, 404, 403, 403, 403), fresh=True
    ),
    "GET /api/v1/indicators": Case("/api/v1/indicators", (401, 403, 403, 403, 403, 200, 200, 200)),
    "GET /api/v1/audit": Case("/api/v1/audit", (401, 403, 403, 403, 403, 403, 403, 200)),
    # outcomes (the world has no job offer nor review request: ids that do not exist answer 404 where allowed)
    "POST /api/v1/invitations/{invitation_id}/offer": Case(
        f"/api/v1/invitations/{INV}/offer", (401, 409, 404, 403, 403, 403, 403, 403)
    ),
    "GET /api/v1/offers": Case("/api/v1/offers", (401, 200, 200, 200, 200, 200, 200, 200)),
    "POST /api/v1/offers/{offer_id}/accept": Case(
        "/api/v1/offers/999999/accept", (401, 403, 403, 404, 404, 403, 403, 403)
    ),
    "POST /api/v1/offers/{offer_id}/decline": Case(
        "/api/v1/offers/999999/decline", (401, 403, 403, 404, 404, 403, 403, 403)
    ),
    "POST /api/v1/offers/{offer_id}/hire": Case("/api/v1/offers/999999/hire", (401, 404, 404, 403, 403, 403, 403, 403)),
    "PUT /api/v1/candidates/{candidate_id}/arrival": Case(
        f"/api/v1/candidates/{C1}/arrival",
        (401, 403, 403, 200, 404, 200, 404, 200),
        json=lambda w: {"arrived_on": "2026-01-10", "municipality": "Saguenay"},
        fresh=True,  # the shared world keeps no arrival, so its follow-ups answer 409
    ),
    "PUT /api/v1/candidates/{candidate_id}/follow-ups/{months}": Case(
        f"/api/v1/candidates/{C1}/follow-ups/12",
        (401, 403, 403, 409, 404, 409, 404, 409),
        json=lambda w: {"seen_on": "2026-06-01", "living_there": True, "working_there": True, "municipality": "Alma"},
        fresh=True,
    ),
    "GET /api/v1/candidates/{candidate_id}/outcomes": Case(
        f"/api/v1/candidates/{C1}/outcomes", (401, 403, 403, 200, 404, 200, 404, 200)
    ),
    "GET /api/v1/candidates/{candidate_id}/self-identification": Case(
        f"/api/v1/candidates/{C1}/self-identification", (401, 403, 403, 200, 404, 403, 403, 403)
    ),
    "PUT /api/v1/candidates/{candidate_id}/self-identification": Case(
        f"/api/v1/candidates/{C1}/self-identification",
        (401, 403, 403, 200, 404, 403, 403, 403),
        json=lambda w: {"gender": "prefer_not_to_say"},
    ),
    "GET /api/v1/ranking-notice": Case("/api/v1/ranking-notice", (401, 200, 200, 200, 200, 200, 200, 200)),
    "POST /api/v1/review-requests": Case(
        "/api/v1/review-requests", (401, 403, 403, 201, 201, 403, 403, 403), json=lambda w: {"message": "Revoir ?"}
    ),
    "GET /api/v1/review-requests": Case("/api/v1/review-requests", (401, 403, 403, 200, 200, 200, 200, 200)),
    "POST /api/v1/review-requests/{request_id}/answer": Case(
        "/api/v1/review-requests/999999/answer",
        (401, 403, 403, 403, 403, 404, 404, 404),
        json=lambda w: {"answer": "Revu."},
    ),
    "POST /api/v1/audit/purge": Case("/api/v1/audit/purge", (401, 403, 403, 403, 403, 403, 403, 200)),
    "GET /api/v1/indicators/monthly": Case("/api/v1/indicators/monthly", (401, 403, 403, 403, 403, 200, 200, 200)),
    "GET /api/v1/indicators/monthly.csv": Case(
        "/api/v1/indicators/monthly.csv", (401, 403, 403, 403, 403, 200, 200, 200)
    ),
    "GET /api/v1/indicators/fast-track-files": Case(
        "/api/v1/indicators/fast-track-files", (401, 403, 403, 403, 403, 200, 200, 200)
    ),
    "GET /api/v1/vacancies/{vacancy_id}/bias-audit": Case(
        f"/api/v1/vacancies/{V}/bias-audit", (401, 403, 403, 403, 403, 200, 404, 200)
    ),
    "GET /api/v1/bias-audit": Case("/api/v1/bias-audit", (401, 403, 403, 403, 403, 200, 200, 200)),
    "GET /api/v1/occupations/suggest": Case(
        "/api/v1/occupations/suggest", (401, 200, 200, 200, 200, 200, 200, 200), params={"q": "soudeur", "k": 3}
    ),
    "GET /api/v1/occupations/search": Case(
        "/api/v1/occupations/search", (401, 200, 200, 200, 200, 200, 200, 200), params={"q": "soud", "lang": "fr"}
    ),
    "GET /api/v1/status": Case("/api/v1/status", (401, 200, 200, 200, 200, 200, 200, 200)),
    "PUT /api/v1/candidates/{candidate_id}/occupations": Case(
        f"/api/v1/candidates/{C1}/occupations",
        (401, 403, 403, 200, 404, 200, 404, 200),
        json=lambda w: {"codes": ["72106"]},
        fresh=True,
    ),
    "PUT /api/v1/vacancies/{vacancy_id}/occupations": Case(
        f"/api/v1/vacancies/{V}/occupations",
        (401, 200, 404, 403, 403, 200, 404, 200),
        json=lambda w: {"codes": ["72106"]},
        fresh=True,
    ),
    "GET /api/v1/regions": Case("/api/v1/regions", (401, 200, 200, 200, 200, 200, 200, 200)),
    "GET /api/v1/municipalities": Case(
        "/api/v1/municipalities", (401, 200, 200, 200, 200, 200, 200, 200), params={"q": "sague"}
    ),
    "GET /api/v1/open-vacancies": Case(
        "/api/v1/open-vacancies", (401, 403, 403, 200, 200, 403, 403, 403), params={"q": "soudeur"}
    ),
    "POST /api/v1/vacancies/{vacancy_id}/interest": Case(
        f"/api/v1/vacancies/{V}/interest", (401, 403, 403, 201, 201, 403, 403, 403), fresh=True
    ),
    "DELETE /api/v1/vacancies/{vacancy_id}/interest": Case(
        f"/api/v1/vacancies/{V}/interest", (401, 403, 403, 204, 204, 403, 403, 403)
    ),
    "GET /api/v1/interests": Case("/api/v1/interests", (401, 403, 403, 200, 200, 403, 403, 403)),
    # accounts: the public endpoints answer everyone alike (an invalid bearer token is still a 401)
    "POST /api/v1/auth/signup": Case(
        "/api/v1/auth/signup",
        (202, 202, 202, 202, 202, 202, 202, 202),
        json=lambda w: {
            "email": f"{marker('s')}@example.org",
            "password": "a long passphrase",
            "role": "candidate",
            "name": "N",
        },
    ),
    "POST /api/v1/auth/verify": Case("/api/v1/auth/verify", (400,) * 8, json=lambda w: {"token": "forged.token"}),
    "POST /api/v1/auth/verify/resend": Case(
        "/api/v1/auth/verify/resend", (202,) * 8, json=lambda w: {"email": f"{marker('r')}@example.org"}
    ),
    "POST /api/v1/auth/signin": Case(
        "/api/v1/auth/signin",
        (401,) * 8,
        json=lambda w: {"email": f"{marker('i')}@example.org", "password": "not the password"},
    ),
    "POST /api/v1/auth/token-signin": Case(
        "/api/v1/auth/token-signin", (401,) * 8, json=lambda w: {"token": "psl_unknown"}
    ),
    "POST /api/v1/auth/signout": Case("/api/v1/auth/signout", (401, 204, 204, 204, 204, 204, 204, 204)),
    "POST /api/v1/auth/reset/request": Case(
        "/api/v1/auth/reset/request", (202,) * 8, json=lambda w: {"email": f"{marker('p')}@example.org"}
    ),
    "POST /api/v1/auth/reset": Case(
        "/api/v1/auth/reset", (400,) * 8, json=lambda w: {"token": "forged.token", "password": "a long passphrase"}
    ),
    "POST /api/v1/auth/unsubscribe": Case("/api/v1/auth/unsubscribe", (400,) * 8, json=lambda w: {"token": "1.forged"}),
    "PATCH /api/v1/me": Case("/api/v1/me", (401, 200, 200, 200, 200, 200, 200, 200), json=lambda w: {"language": "es"}),
    "DELETE /api/v1/me": Case("/api/v1/me", (401, 204, 204, 204, 204, 204, 204, 204), fresh=True),
    "GET /api/v1/me/tokens": Case("/api/v1/me/tokens", (401, 200, 200, 200, 200, 200, 200, 200)),
    "POST /api/v1/me/tokens": Case(
        "/api/v1/me/tokens", (401, 201, 201, 201, 201, 201, 201, 201), json=lambda w: {"name": "script"}
    ),
    "DELETE /api/v1/me/tokens/{token_id}": Case("/api/v1/me/tokens/999999", (401, 404, 404, 404, 404, 404, 404, 404)),
    "GET /api/v1/employers": Case("/api/v1/employers", (401, 403, 403, 403, 403, 200, 200, 200)),
    "POST /api/v1/employers/{employer_id}/verify": Case(
        "/api/v1/employers/999999/verify", (401, 403, 403, 403, 403, 404, 404, 404)
    ),
    "POST /api/v1/admin/advisors": Case(
        "/api/v1/admin/advisors",
        (401, 403, 403, 403, 403, 403, 403, 201),
        json=lambda w: {"name": "A", "email": f"{marker('a')}@example.org", "regions": ["02"]},
    ),
}

# Objects whose secrets (names, e-mails, résumé text, vacancy text, invitation message) a role must never see.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "anonymous": ("V", "V_OTHER", "C1", "C2", "I"),
    "employer": ("V_OTHER", "C1", "C2"),
    "other_employer": ("V", "C1", "C2", "I"),
    "candidate": ("C2",),
    "other_candidate": ("C1", "I"),
    "advisor": ("C2",),  # a candidate's matches list vacancies of any region, as the candidate sees them
    "advisor_other": ("V", "C1", "I"),
    "admin": (),
}


class _FakeClassifier:
    """Stands in when the occupation classifier is not built in tests."""

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        return [OccupationCode("72106", 0.9, CodeSource.CLASSIFIED)][:k]


@pytest.fixture(scope="module", params=DATABASES)
def matrix_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One started app per database for the whole matrix (each case builds its own world in it)."""
    with started_app(request, tmp_path_factory) as client:
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
        if services.occupations.classifier is None:
            services.occupations.classifier = _FakeClassifier()
        yield client


@pytest.fixture(scope="module")
def shared_world(matrix_client: TestClient) -> World:
    """The world of the cases that leave it as it was (reads, and repeatable writes)."""
    return build_world(matrix_client, matrix_client.app.state.services.engine)  # type: ignore[attr-defined]


def _api_routes(tmp: Path) -> set[str]:
    app = create_app(make_settings(tmp / "var", f"sqlite:///{tmp / 'unused.db'}"))
    keys = set()
    for route in iter_route_contexts(app.routes):  # flattens included routers (FastAPI ≥ 0.16x includes lazily)
        if (route.path or "").startswith("/api/v1"):
            keys |= {f"{method} {route.path}" for method in (route.methods or set()) - {"HEAD", "OPTIONS"}}
    return keys


def test_matrix_covers_every_api_route(tmp_path: Path) -> None:
    routes = _api_routes(tmp_path)
    assert len(routes) >= len(MATRIX) - 2, "the app's routes could not be enumerated"
    assert routes - MATRIX.keys() == set(), "routes missing from the authorization matrix"
    assert MATRIX.keys() - routes == set(), "matrix entries for routes that do not exist"


def _send(world: World, role: str, method: str, case: Case, token: str | None = None) -> Any:
    path = case.path.format(V=world.ids["V"], C1=world.ids["C1"], I=world.ids["I"])
    kwargs: dict[str, Any] = {"params": case.params}
    if case.json is not None:
        kwargs["json"] = case.json(world)
    if case.upload:
        kwargs["files"] = {"file": ("cv.txt", "Soudeur MIG, six ans d'expérience.".encode(), "text/plain")}
    if token is not None:
        return world.client.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    return world.call(role, method, path, **kwargs)


def _assert_no_leak(world: World, role: str, text: str) -> None:
    for key in FORBIDDEN[role]:
        for secret in world.secrets[key]:
            assert secret not in text, f"{role} sees {key}'s {secret!r}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_status_and_no_leak(matrix_client: TestClient, shared_world: World, route: str, role: str) -> None:
    case, method = MATRIX[route], route.split(" ", 1)[0]
    engine = matrix_client.app.state.services.engine  # type: ignore[attr-defined]
    expected = case.expected[ROLES.index(role)]
    world = build_world(matrix_client, engine) if case.fresh and expected < 300 else shared_world
    response = _send(world, role, method, case)
    assert response.status_code == expected, f"{route} as {role}: {response.status_code} {response.text[:300]}"
    _assert_no_leak(world, role, response.text)
    if expected >= 400:
        detail, code = response.json()["detail"], response.json()["code"]
        assert isinstance(detail, str) and detail, "errors are JSON with a message"
        assert isinstance(code, str) and code.isidentifier(), "errors carry a stable machine-readable code"
    if role == "anonymous":
        forged = _send(world, role, method, case, token="psl_not-a-real-token")
        assert forged.status_code == 401, f"{route} with a forged token: {forged.status_code}"
