"""``passerelle serve``: migrate, load the demo data on first start, and serve the API on uvicorn (``--workers N``).

Also ``passerelle worker``: the index worker as a process of its own.

Also ``passerelle index-check``: compare the saved vector indexes with the database (exit 1 when they differ).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from api.settings import Settings


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
    workers: int = typer.Option(1, min=1, max=64, help="Server processes; each keeps its own index replica."),
) -> None:
    """Serve the API and web console (migrations and demo data are applied at start).

    With ``--workers N`` the migrations, the demo data and a first index build happen once here, then N processes
    share the port; each loads the saved index and follows the change log (the database is the truth).
    """
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

    if workers == 1:
        uvicorn.run(create_app(settings, on_ready=announce), host=host, port=port, log_level="info")
        return
    prepare(settings)
    announce()
    os.environ["PASSERELLE_LOAD_DEMO"] = "false"  # loaded once above, not by every process
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


def prepare(settings: Settings) -> None:
    """Migrate, load the demo data when the database is empty, and bring the saved indexes up to date.

    Run once before starting several server processes on one data folder, so that they load a saved index instead
    of each rebuilding (and encoding) it.
    """
    from api.db.migrate import migrate
    from api.deps import build_service

    migrate(settings.database_url)
    quiet = settings.model_copy(update={"classify_documents": False, "index_encoder_process": False})
    services = build_service(quiet)
    try:
        if settings.load_demo:
            from api.demo_load import load_demo_if_empty

            load_demo_if_empty(services)
        services.worker.run_until_caught_up()
        services.worker.stop()
    finally:
        services.engine.dispose()


def worker() -> None:
    """Run the index worker alone: encode new records once into the database (for servers started with
    ``PASSERELLE_INDEX_EMBED=false``) and keep this folder's saved indexes up to date. Stops on SIGTERM or Ctrl-C."""
    import logging
    import signal
    import threading

    from api.db.migrate import migrate
    from api.deps import build_service
    from api.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    update = {
        "classify_documents": False,
        "index_embed": True,
        "index_foreign_grace_seconds": 0.0,
        "index_encoder_process": False,  # this process does nothing but encode: no GIL to share
    }
    settings = Settings().model_copy(update=update)
    migrate(settings.database_url)
    services = build_service(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    services.worker.start()
    typer.echo(f"index worker following the change log of {services.engine.url.render_as_string()}")
    stop.wait()
    services.worker.stop()
    services.engine.dispose()


def index_check() -> None:
    """Compare the saved vector indexes with the database, read-only (exit code 1 when they differ).

    A saved index may lag behind while the server runs (it is saved every few changes and at shutdown); the
    server catches up at its next start.
    """
    from api.deps import build_service
    from api.settings import Settings

    settings = Settings()
    settings.classify_documents = False
    settings.index_encoder_process = False  # read-only: nothing is encoded
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
    """Add ``serve``, ``worker`` and ``index-check`` to the CLI."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("index-check")(index_check)
