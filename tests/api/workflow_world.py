"""A small populated world for the workflow and authorization tests, built through the API.

Every person and object carries a unique marker, so a test can look for foreign data in any response body.

- employer ``employer`` owns vacancy ``V`` in Saguenay (region 02); ``other_employer`` owns ``V_OTHER`` in Gaspé (11);
- candidate ``candidate`` owns file ``C1`` (open to 02), ``other_candidate`` owns ``C2`` (open to 11);
- ``advisor`` covers region 02, ``advisor_other`` region 11; ``admin``;
- the employer viewed ``V``'s shortlist (showing ``C1`` and ``C2``: an employer invites only whom it was shown);
- invitation ``I`` (pending) from the employer for ``V`` to ``C1``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.app import create_app
from api.auth import Role, create_user
from api.db.tables import User
from tests.api.conftest import make_settings, new_pg_database

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""Parameters of a module-scoped app fixture: the same two databases as the core fixtures."""

ROLES = (
    "anonymous",
    "employer",
    "other_employer",
    "candidate",
    "other_candidate",
    "advisor",
    "advisor_other",
    "admin",
)

_serial = itertools.count(1)


def marker(label: str) -> str:
    """A string that cannot appear by chance in a response."""
    return f"{label}{uuid.uuid4().hex[:10]}"


@dataclass
class World:
    """Tokens by role, object ids, and the secret strings of each object."""

    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    secrets: dict[str, list[str]] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        """The Authorization header of a role (none for anonymous)."""
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, role: str, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request as ``role``."""
        return self.client.request(method, path, headers=self.headers(role), **kwargs)


@contextmanager
def started_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A started app on a new database (``request.param``: "sqlite" or "postgresql"), for a whole module.

    Tests sharing it must not depend on global counts: each builds its own users and objects.
    """
    folder = tmp_path_factory.mktemp(f"app-{request.param}") / "var"
    url = f"sqlite:///{folder / 'passerelle.db'}"
    if request.param == "postgresql":
        url = new_pg_database(request.getfixturevalue("pg"))
    with TestClient(create_app(make_settings(folder, url)), headers={"Accept-Language": "en"}) as client:
        yield client  # English: the tests read the routes' own messages (the API's default is French)


def user_maker(client: TestClient) -> Any:
    """``make(role, regions=..., name=...) -> (User, token)`` on a started app (like the core ``make_user``)."""
    engine: Engine = client.app.state.services.engine  # type: ignore[attr-defined]

    def make(role: str, *, regions: list[str] | tuple[str, ...] = (), name: str = "") -> tuple[User, str]:
        with Session(engine, expire_on_commit=False) as session:
            return create_user(session, Role(role), name=name or f"{role} {next(_serial)}", regions=regions)

    return make


def _users(engine: Engine, world: World) -> None:
    n = next(_serial)
    specs: list[tuple[str, Role, list[str]]] = [
        ("employer", Role.EMPLOYER, []),
        ("other_employer", Role.EMPLOYER, []),
        ("candidate", Role.CANDIDATE, []),
        ("other_candidate", Role.CANDIDATE, []),
        ("advisor", Role.ADVISOR, ["02"]),
        ("advisor_other", Role.ADVISOR, ["11"]),
        ("admin", Role.ADMIN, []),
    ]
    with Session(engine) as session:
        for role, kind, regions in specs:
            _, token = create_user(session, kind, name=f"{role} {n}", regions=regions)
            world.tokens[role] = token


def create_vacancy(world: World, role: str, key: str, municipality: str) -> int:
    """Post a welder vacancy as ``role`` and remember it under ``key``."""
    secret = marker(f"VAC{key}")
    body = {
        "title": f"Soudeur {secret}",
        "description": f"Souder des pièces d'acier en atelier, lire des plans. {secret}",
        "municipality": municipality,
        "positions": 1,
        "occupation_codes": ["72106"],
    }
    response = world.call(role, "POST", "/api/v1/vacancies", json=body)
    assert response.status_code == 201, response.text
    world.ids[key] = response.json()["id"]
    world.secrets[key] = [secret]
    return int(world.ids[key])


def create_candidate(world: World, role: str, key: str, regions: list[str], country: str = "MX") -> int:
    """Create the candidate file of ``role`` and remember it under ``key``."""
    name, text_secret = marker(f"Nom{key}"), marker(f"CV{key}")
    email = f"{name.lower()}@example.org"
    body = {
        "name": name,
        "email": email,
        "text": f"Soudeur MIG et TIG, cinq ans d'expérience en atelier. {text_secret}",
        "occupation_codes": ["72106"],
        "years_experience": 5,
        "french": "B2",
        "regions_open": regions,
        "country": country,
        "status": "temporary_worker",
    }
    response = world.call(role, "POST", "/api/v1/candidates", json=body)
    assert response.status_code == 201, response.text
    world.ids[key] = response.json()["id"]
    world.secrets[key] = [name, email, text_secret]
    return int(world.ids[key])


def invite(world: World, role: str, vacancy: str, candidate: str, key: str) -> int:
    """Invite a candidate to a vacancy as ``role``; remember the invitation under ``key``."""
    secret = marker(f"MSG{key}")
    body = {"vacancy_id": world.ids[vacancy], "candidate_id": world.ids[candidate], "message": secret}
    response = world.call(role, "POST", "/api/v1/invitations", json=body)
    assert response.status_code == 201, response.text
    world.ids[key] = response.json()["id"]
    world.secrets[key] = [secret]
    return int(world.ids[key])


def build_world(client: TestClient, engine: Engine) -> World:
    """The world described in the module docstring."""
    world = World(client)
    _users(engine, world)
    create_vacancy(world, "employer", "V", "Saguenay")
    create_vacancy(world, "other_employer", "V_OTHER", "Gaspé")
    create_candidate(world, "candidate", "C1", ["02"])
    create_candidate(world, "other_candidate", "C2", ["11"], country="GT")
    shown = world.call("employer", "GET", f"/api/v1/vacancies/{world.ids['V']}/shortlist?limit=200").json()["data"]
    assert {world.ids["C1"], world.ids["C2"]} <= {e["candidate_id"] for e in shown}
    invite(world, "employer", "V", "C1", "I")
    return world
