"""``passerelle users create``: create an account and print its bearer token once; with ``--email`` the account
can also sign in to the console with a password chosen from an e-mailed link (advisors made by an admin).
``passerelle users verify-employer``: verify a self-service employer from the command line."""

from __future__ import annotations

from typing import Any

import typer

users_app = typer.Typer(help="Accounts and their tokens.", no_args_is_help=True)


def _regions(region: list[str]) -> list[str]:
    regions = sorted({r.strip().zfill(2) for r in region})
    bad = [r for r in regions if not (r.isdigit() and 1 <= int(r) <= 17)]
    if bad:
        raise typer.BadParameter(f"unknown region(s) {', '.join(bad)}: use codes 01 to 17")
    return regions


def _store(chosen: Any, name: str, regions: list[str], address: str, language: str) -> tuple[Any, str]:
    """Create the account (with its address and a password link when ``address``) and deliver the link."""
    from sqlmodel import Session, select

    from api.accounts.lifecycle import send_password_link
    from api.accounts.secrets import signing_key
    from api.auth import create_user
    from api.db.account_tables import now_utc
    from api.db.migrate import migrate
    from api.db.session import make_engine
    from api.db.tables import User
    from api.mail.render import mail_language
    from api.mail.sender import deliver_due
    from api.mail.transport import make_transport
    from api.settings import Settings

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            if address and session.exec(select(User.id).where(User.email == address)).first() is not None:
                raise typer.BadParameter(f"an account already uses {address}")
            user, token = create_user(session, chosen, name=name, regions=regions, commit=False)
            if address:
                user.email, user.email_verified_at, user.language = address, now_utc(), mail_language(language)
                base = settings.accounts.public_url.rstrip("/") or "http://localhost:8000"
                send_password_link(session, signing_key(settings), user, base)
            session.commit()
            session.refresh(user)
        if address:
            deliver_due(engine, make_transport(settings.mail, settings.outbox_dir), settings.mail)
    finally:
        engine.dispose()
    return user, token


@users_app.command("create")
def create(
    role: str = typer.Option(..., help="employer, candidate, advisor or admin."),
    region: list[str] = typer.Option([], help="Advisor region code (01..17); repeat for several."),
    name: str = typer.Option("", help="Display name (the company name for an employer)."),
    email: str = typer.Option("", help="E-mail address: a link to choose a console password is sent to it."),
    language: str = typer.Option("fr", help="Language of the account's e-mails: fr, en or es."),
) -> None:
    """Create an account; its token is printed once and only its hash is stored."""
    from api.accounts.service import normalize_email
    from api.auth import Role

    try:
        chosen = Role(role)
    except ValueError:
        raise typer.BadParameter(f"unknown role {role!r}: use employer, candidate, advisor or admin") from None
    regions = _regions(region)
    if chosen is Role.ADVISOR and not regions:
        raise typer.BadParameter("an advisor needs at least one --region")
    address = normalize_email(email) if email else ""
    if email and ("@" not in address or "." not in address.rpartition("@")[2]):
        raise typer.BadParameter(f"{email!r} is not an e-mail address")
    user, token = _store(chosen, name, regions, address, language)
    if address:
        typer.echo(f"a link to choose a console password was sent to {address}")
    typer.echo(f"created {chosen.value} account {user.id} {name!r}; token (shown once):")
    typer.echo(token)


@users_app.command("verify-employer")
def verify_employer_command(employer_id: int = typer.Argument(..., help="The employer's id.")) -> None:
    """Verify a self-service employer (as an administrator would in the console)."""
    from sqlmodel import Session

    from api import audit
    from api.db.account_tables import now_utc
    from api.db.session import make_engine
    from api.db.tables import Employer
    from api.settings import Settings

    engine = make_engine(Settings().database_url)
    with Session(engine) as session:
        employer = session.get(Employer, employer_id)
        if employer is None:
            engine.dispose()
            raise typer.BadParameter(f"no employer {employer_id}")
        if employer.verified_at is None:
            employer.verified_at = now_utc()
            audit.record(session, None, "employer.verify", "employer", employer_id)
            session.commit()
        typer.echo(f"employer {employer_id} {employer.name!r} is verified")
    engine.dispose()


def register(app: typer.Typer) -> None:
    """Add the ``users`` command group to the CLI."""
    app.add_typer(users_app, name="users")
