"""``passerelle rules lists``: show, replace (validated, versioned, audited) and trace the rules' list files.

The server reads replacements from ``<data_dir>/rule_lists/`` (``PASSERELLE_DATA_DIR``, ``./var`` by default);
a replacement takes effect at the next start. See ``regions.rules_lists`` for the folder layout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from regions.rules_lists import ListSpec

lists_app = typer.Typer(help="The rules' list files (CSV): show, replace, history.", no_args_is_help=True)

DIR_HELP = "Lists folder (default: <PASSERELLE_DATA_DIR>/rule_lists, the one the server reads)."
SETS_HELP = "Folder of rule-set TOML files (default: the package's regions/rulesets)."


def _lists_dir(folder: Path | None) -> Path:
    if folder is not None:
        return folder
    from api.components import rule_lists_dir
    from api.settings import Settings

    return rule_lists_dir(Settings())


def _declared(rule_sets: Path | None) -> dict[str, ListSpec]:
    """Every list the rule sets declare, by name (read from the TOML files, lists not loaded)."""
    from matching.errors import RuleSetError
    from regions.rules_lists import declared_lists
    from regions.rulesets import default_rule_set_dir, parse_rule_set_file

    folder = rule_sets or default_rule_set_dir()
    files = [folder] if folder.is_file() else sorted(folder.glob("*.toml"))
    try:
        specs = [parse_rule_set_file(f) for f in files]
        return declared_lists([(name, spec) for rs in specs for name, spec in rs.lists.items()])
    except RuleSetError as e:
        raise typer.BadParameter(str(e), param_hint="--rule-sets") from e


def _check_codes(path: Path, spec: ListSpec) -> None:
    """An occupation list's codes must be NOC 2021 unit groups."""
    if spec.kind != "occupations":
        return
    from occupations.taxonomy import load_taxonomy
    from regions.rules_lists import OccupationRow, parse_rows

    taxonomy = load_taxonomy()
    rows = parse_rows(path.read_bytes(), spec.kind, path.name)
    unknown = sorted({r.noc_2021 for r in rows if isinstance(r, OccupationRow) and r.noc_2021 not in taxonomy})
    if unknown:
        raise typer.BadParameter(f"{path.name}: not NOC 2021 unit groups: {', '.join(unknown)}", param_hint="FILE")


@lists_app.command("show")
def show_command(
    lists_dir: Path = typer.Option(None, "--lists-dir", help=DIR_HELP),
    rule_sets: Path = typer.Option(None, "--rule-sets", help=SETS_HELP),
) -> None:
    """Each list the rule sets use: its kind, the version in force, rows, and whether it is partial."""
    from matching.errors import RuleSetError
    from regions.rules_lists import load_list

    folder = _lists_dir(lists_dir)
    for name, spec in sorted(_declared(rule_sets).items()):
        try:
            loaded = load_list(name, spec, folder)
        except RuleSetError as e:
            typer.echo(f"{name:<28} ERROR {e}")
            continue
        partial = f" PARTIAL (of about {spec.expected_size})" if spec.partial else ""
        typer.echo(
            f"{name:<28} {spec.kind:<12} {loaded.version:<8} {len(loaded.rows):>4} rows "
            f"sha256 {loaded.sha256[:12]} {loaded.path}{partial}"
        )


@lists_app.command("replace")
def replace_command(
    name: str = typer.Argument(..., help="The list's name in the rule-set files, e.g. simplified_lmia_2026."),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The new CSV file."),
    by: str = typer.Option(..., "--by", help="Who replaces it (recorded in the audit)."),
    note: str = typer.Option("", "--note", help="Why, e.g. the official page and its date."),
    lists_dir: Path = typer.Option(None, "--lists-dir", help=DIR_HELP),
    rule_sets: Path = typer.Option(None, "--rule-sets", help=SETS_HELP),
) -> None:
    """Validate FILE as list NAME and make it the version in force (the previous versions are kept)."""
    from matching.errors import RuleSetError
    from regions.rules_lists import replace_list

    declared = _declared(rule_sets)
    if name not in declared:
        known = ", ".join(sorted(declared)) or "none"
        raise typer.BadParameter(f"no rule set declares a list {name!r}; known: {known}", param_hint="NAME")
    spec = declared[name]
    try:
        _check_codes(file, spec)
        record = replace_list(name, spec, file, _lists_dir(lists_dir), actor=by, note=note)
    except RuleSetError as e:
        raise typer.BadParameter(str(e), param_hint="FILE") from e
    typer.echo(json.dumps(record, ensure_ascii=False))


@lists_app.command("history")
def history_command(
    name: str = typer.Argument(None, help="One list (default: all)."),
    lists_dir: Path = typer.Option(None, "--lists-dir", help=DIR_HELP),
) -> None:
    """The audit trail of list replacements, oldest first (one JSON object a line)."""
    from regions.rules_lists import audit_trail

    for record in audit_trail(_lists_dir(lists_dir), name):
        typer.echo(json.dumps(record, ensure_ascii=False))
