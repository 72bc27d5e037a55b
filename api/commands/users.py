"""``passerelle users create``: create an account and print its bearer token once."""

from __future__ import annotations

import typer

users_app = typer.Typer(help="Accounts and their tokens.", no_args_is_help=True)


@users_app.command("create")
def create(
    role: str = typer.Option(..., help="employer, candidate, advisor or admin."),
    region: list[str] = typer.Option([], help="Advisor region code (01..17); repeat for several."),
    name: str = typer.Option("", help="Display name (the company name for an employer)."),
) -> None:
    """Create an account; its token is printed once and only its hash is stored."""
    from sqlmodel import Session

    from api.auth import Role, create_user
    from api.db.migrate import migrate
    from api.db.session import make_engine
    from api.settings import Settings

    try:
        chosen = Role(role)
    except ValueError:
        raise typer.BadParameter(f"unknown role {role!r}: use employer, candidate, advisor or admin") from None
    regions = sorted({r.strip().zfill(2) for r in region})
    bad = [r for r in regions if not (r.isdigit() and 1 <= int(r) <= 17)]
    if bad:
        raise typer.BadParameter(f"unknown region(s) {', '.join(bad)}: use codes 01 to 17")
    if chosen is Role.ADVISOR and not regions:
        raise typer.BadParameter("an advisor needs at least one --region")
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        user, token = create_user(session, chosen, name=name, regions=regions)
    engine.dispose()
    typer.echo(f"created {chosen.value} account {user.id} {name!r}; token (shown once):")
    typer.echo(token)


def register(app: typer.Typer) -> None:
    """Add the ``users`` command group to the CLI."""
    app.add_typer(users_app, name="users")
