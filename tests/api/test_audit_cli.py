"""``passerelle audit purge`` deletes events older than the retention period and records the purge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.commands import audit as audit_command
from api.db.migrate import migrate
from api.db.session import make_engine
from api.db.workflow_tables import AuditEvent, utc_now


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("PASSERELLE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("PASSERELLE_DATABASE_URL", raising=False)
    monkeypatch.delenv("PASSERELLE_AUDIT_RETENTION_DAYS", raising=False)
    app = typer.Typer()
    audit_command.register(app)
    return app


def test_audit_purge_command_keeps_six_months_and_audits_itself(cli: typer.Typer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}"
    (tmp_path / "var").mkdir()
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        for days in (400, 200, 100):
            session.add(
                AuditEvent(
                    actor_role="system", action=f"old.{days}", object_type="x", at=utc_now() - timedelta(days=days)
                )
            )
        session.commit()
    refused = CliRunner().invoke(cli, ["audit", "purge", "--days", "30"])
    assert refused.exit_code != 0 and "183" in refused.output
    result = CliRunner().invoke(cli, ["audit", "purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 2 audit event(s)" in result.output
    with Session(engine) as session:
        events = {e.action: e for e in session.exec(select(AuditEvent))}
    engine.dispose()
    assert set(events) == {"old.100", "audit.purge"}
    assert events["audit.purge"].actor_role == "system" and events["audit.purge"].detail["deleted"] == 2
