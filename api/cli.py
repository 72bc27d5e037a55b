"""The ``passerelle`` command line. Each command group lives in its own module under ``api/commands``.

A module there exposes ``register(app: typer.Typer) -> None``; heavy libraries are imported inside the
commands so that ``passerelle --help`` stays fast.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "api.commands.serve",
    "api.commands.demo",
    "api.commands.users",
    "api.commands.occupations",
    "api.commands.rules",
    "api.commands.bench",
    "api.commands.audit",
)

app = typer.Typer(
    name="passerelle",
    help="Passerelle: explained job matching between candidates abroad and employers in Québec's regions.",
    no_args_is_help=True,
    add_completion=False,
)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(app)


def main() -> None:
    """Entry point of the ``passerelle`` script."""
    _register_all()
    app()


if __name__ == "__main__":
    main()
