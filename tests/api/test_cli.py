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


def test_users_create_with_an_email_sends_a_password_link_then_the_advisor_signs_in(
    cli: typer.Typer, tmp_path: Path
) -> None:
    from email import message_from_bytes, policy

    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.api.accounts_world import token_of
    from tests.api.conftest import make_settings

    args = ["users", "create", "--role", "advisor", "--region", "02", "--name", "Julie", "--email", "Julie@Q.example"]
    result = CliRunner().invoke(cli, [*args, "--language", "es"])
    assert result.exit_code == 0, result.output
    assert "julie@q.example" in result.output
    [eml] = list((tmp_path / "var" / "outbox").glob("*.eml"))  # the embedded default delivered it at once
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Restablezca su contraseña de Passerelle"
    link = next(w for w in str(message.get_content()).split() if "/reset?token=" in w)  # type: ignore[union-attr]
    assert link.startswith("http://localhost:8000/reset?token=")
    assert CliRunner().invoke(cli, args).exit_code != 0  # the address is taken

    settings = make_settings(tmp_path / "var", f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}")
    with TestClient(create_app(settings)) as client:
        body = {"token": token_of(link), "password": "julie's passphrase"}
        assert client.post("/api/v1/auth/reset", json=body).status_code == 200
        signed = client.post("/api/v1/auth/signin", json={"email": "julie@q.example", "password": body["password"]})
        assert signed.status_code == 200 and signed.json()["me"]["regions"] == ["02"]


def test_users_verify_employer(cli: typer.Typer, tmp_path: Path) -> None:
    from api.db.migrate import migrate
    from api.db.tables import Employer

    url = f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(Employer(name="Fjord"))
        session.commit()
    assert CliRunner().invoke(cli, ["users", "verify-employer", "99"]).exit_code != 0
    result = CliRunner().invoke(cli, ["users", "verify-employer", "1"])
    assert result.exit_code == 0, result.output
    with Session(engine) as session:
        assert session.get(Employer, 1).verified_at is not None  # type: ignore[union-attr]
    engine.dispose()
