"""``passerelle audit purge``: delete audit events older than the retention setting (the purge is audited)."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)


@audit_app.command("purge")
def purge(
    days: int | None = typer.Option(
        None, help="Keep this many days (at least 183); default PASSERELLE_AUDIT_RETENTION_DAYS (183)."
    ),
) -> None:
    """Delete audit events older than the retention period and record an ``audit.purge`` event."""
    from sqlmodel import Session

    from api import audit
    from api.db.migrate import migrate
    from api.db.session import make_engine
    from api.settings import Settings

    settings = Settings()
    if days is not None and days < 183:
        raise typer.BadParameter(f"the audit log is kept at least 183 days (6 months), not {days}")
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        detail = audit.purge(session, None, days if days is not None else settings.audit_retention_days)
    engine.dispose()
    typer.echo(f"deleted {detail['deleted']} audit event(s) older than {detail['cutoff']}")


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command group to the CLI."""
    app.add_typer(audit_app, name="audit")
