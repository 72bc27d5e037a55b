"""``passerelle serve``: migrate, load the demo data on first start, and serve the API on uvicorn.

Also ``passerelle index-check``: compare the saved vector indexes with the database (exit 1 when they differ).
"""

from __future__ import annotations

from pathlib import Path

import typer


def _print_tokens(data_dir: Path, url: str) -> None:
    tokens = data_dir / "demo-tokens.txt"
    if not tokens.exists():
        typer.echo("Create an account with: passerelle users create --role admin")
        return
    lines = [line.split("\t") for line in tokens.read_text(encoding="utf-8").splitlines() if "\t" in line]
    typer.echo(f"Demo accounts (all tokens in {tokens}):")
    shown: set[str] = set()
    for role, name, token in lines:
        if role not in shown or role == "advisor":
            shown.add(role)
            typer.echo(f"  {role:<9} {name[:60]:<60} {token}")
    sample = next((t for r, _, t in lines if r == "employer"), "")
    typer.echo(f'Try: curl -H "Authorization: Bearer {sample}" {url}/api/v1/vacancies')


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    demo: bool = typer.Option(True, help="Load the demo data when the database is empty."),
) -> None:
    """Serve the API and web console (migrations and demo data are applied at start)."""
    import logging

    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings()
    if not demo:
        settings.load_demo = False
    url = f"http://{host}:{port}"

    def announce() -> None:
        typer.echo(f"Passerelle is serving on {url}  (console: {url}/, API docs: {url}/docs)")
        _print_tokens(settings.data_dir, url)

    app = create_app(settings, on_ready=announce)
    uvicorn.run(app, host=host, port=port, log_level="info")


def index_check() -> None:
    """Compare the saved vector indexes with the database, read-only (exit code 1 when they differ).

    A saved index may lag behind while the server runs (it is saved every few changes and at shutdown); the
    server catches up at its next start.
    """
    from api.deps import build_service
    from api.settings import Settings

    settings = Settings()
    settings.classify_documents = False
    services = build_service(settings)
    ok = True
    for side in ("candidates", "vacancies"):
        status = services.sync.inspect_saved(side)
        ok = ok and status.in_sync
        typer.echo(
            f"{side}: database {status.db_records} records (last change {status.db_seq}), saved index "
            f"{status.indexed} vectors (watermark {status.watermark}), in sync: {status.in_sync}"
        )
    raise typer.Exit(0 if ok else 1)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``index-check`` to the CLI."""
    app.command("serve")(serve)
    app.command("index-check")(index_check)
