"""``passerelle users create`` prints a token once and stores only its hash."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.auth import hash_token, user_for_token
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
