"""``passerelle users create`` prints a token once and stores only its hash."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.auth import Role, create_user, hash_token, user_for_token
from api.commands import users
from api.db.session import make_engine
from api.db.tables import User


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("PASSERELLE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("PASSERELLE_DATABASE_URL", raising=False)
    app = typer.Typer()
    users.register(app)
    return app


def test_users_create_prints_a_working_token(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["users", "create", "--role", "advisor", "--region", "2", "--region", "09", "--name", "Julie"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}")
    with Session(engine) as session:
        user = user_for_token(session, token)
        assert user is not None
        assert (user.role, user.name, user.regions) == ("advisor", "Julie", "02,09")
        stored = session.exec(select(User.token_hash)).all()
    engine.dispose()
    assert token not in stored and hash_token(token) in stored


def test_users_create_rejects_bad_input(cli: typer.Typer) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["users", "create", "--role", "king"]).exit_code != 0
    assert runner.invoke(cli, ["users", "create", "--role", "advisor"]).exit_code != 0
    assert runner.invoke(cli, ["users", "create", "--role", "advisor", "--region", "42"]).exit_code != 0


def test_index_check_compares_the_saved_index_with_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.commands import serve
    from api.db.repository import record_change
    from tests.api.conftest import auth, make_settings
    from tests.api.payloads import candidate_body

    data_dir = tmp_path / "var"
    url = f"sqlite:///{data_dir / 'passerelle.db'}"
    env = {"DATA_DIR": str(data_dir), "DATABASE_URL": url, "EMBEDDER__BACKEND": "hashing", "INDEX__BACKEND": "exact"}
    for name, value in env.items():
        monkeypatch.setenv(f"PASSERELLE_{name}", value)
    with TestClient(create_app(make_settings(data_dir, url))) as client:
        engine = client.app.state.services.engine  # type: ignore[attr-defined]
        with Session(engine) as session:
            _, token = create_user(session, Role.CANDIDATE)
        client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    app = typer.Typer()
    serve.register(app)
    app.command("noop")(lambda: None)
    ok = CliRunner().invoke(app, ["index-check"])
    assert ok.exit_code == 0, ok.output
    assert "candidates: database 1 records" in ok.output
    engine = make_engine(url)
    with Session(engine) as session:
        record_change(session, "candidates", 1)
        session.commit()
    engine.dispose()
    stale = CliRunner().invoke(app, ["index-check"])
    assert stale.exit_code == 1
    assert "in sync: False" in stale.output
