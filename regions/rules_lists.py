"""Lists used by the rules as data files: CSV rows validated by kind, versioned replacements, audited.

A rule-set file declares each list it uses (``[lists.<name>]``: kind, file, period, partial, sources). The
file is read from the package's ``regions/data/`` unless an administrator has replaced it: replacements live
in a lists folder (``<data_dir>/rule_lists/`` for the server, ``--lists-dir`` for the CLI) as
``<name>/v0001.csv``, ``v0002.csv``… (the highest version is in force) with one JSON line per change in
``audit.jsonl`` (who, when, why, the file's SHA-256, row count, previous version).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from matching.errors import RuleSetError
from regions._data import data_dir

MAX_LIST_BYTES = 2_000_000
_VERSION = re.compile(r"^v(\d{4,})\.csv$")


class OccupationRow(BaseModel):
    """A row of an occupation list (e.g. the simplified-LMIA list): one CNP/NOC 2021 unit group."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    noc_2021: str = Field(pattern=r"^\d{5}$", description="5-digit CNP/NOC 2021 unit group.")
    title_en: str = ""
    title_fr: str = ""
    only_some_titles: bool | None = Field(None, description="Listed only for some job titles: to review.")
    code_source: str = Field("", description="'page' (code given by the source) or how the code was assigned.")
    effective_from: date | None = None
    effective_to: date | None = None
    valid_until: date | None = Field(None, description="Still counts until this day (a delisted code's transition).")
    source_url: str = ""

    @field_validator("only_some_titles", "effective_from", "effective_to", "valid_until", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class SectorRow(BaseModel):
    """A row of a sector list: a named sector and the NAICS code prefix that identifies it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sector: str = Field(min_length=1)
    naics_prefix: str = Field(pattern=r"^\d{2,6}$")
    label_fr: str = ""
    label_en: str = ""
    label_es: str = ""
    source_url: str = ""


ListKind = Literal["occupations", "sectors"]
ROW_MODELS: dict[str, type[BaseModel]] = {"occupations": OccupationRow, "sectors": SectorRow}


class ListSpec(BaseModel):
    """A ``[lists.<name>]`` table of a rule-set file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ListKind
    file: str = Field(pattern=r"^[A-Za-z0-9._-]+\.csv$", description="File name in regions/data/.")
    title: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    transition_until: date | None = Field(
        None, description="After effective_to, the list's codes still count until this day (transition)."
    )
    partial: bool = Field(False, description="The shipped file holds only part of the official list.")
    expected_size: int | None = Field(None, ge=1, description="How many entries the official list has.")
    note: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleList:
    """A loaded list: its declaration, validated rows and where they came from."""

    name: str
    spec: ListSpec
    rows: tuple[BaseModel, ...]
    path: Path
    version: str  # "package" or "v0003"
    sha256: str

    def occupation_rows(self) -> tuple[OccupationRow, ...]:
        return tuple(r for r in self.rows if isinstance(r, OccupationRow))

    def sector_rows(self) -> tuple[SectorRow, ...]:
        return tuple(r for r in self.rows if isinstance(r, SectorRow))

    def partial_note(self) -> tuple[str, str, str]:
        """(fr, en, es) words saying the list is partial ("" when it is complete)."""
        if not self.spec.partial:
            return "", "", ""
        of = f" sur environ {self.spec.expected_size}" if self.spec.expected_size else ""
        of_en = f" of about {self.spec.expected_size}" if self.spec.expected_size else ""
        of_es = f" de unos {self.spec.expected_size}" if self.spec.expected_size else ""
        n = len(self.rows)
        return (
            f"liste partielle : {n} codes{of}",
            f"partial list: {n} codes{of_en}",
            f"lista parcial: {n} códigos{of_es}",
        )


def parse_rows(content: bytes, kind: str, label: str) -> tuple[BaseModel, ...]:
    """Validate CSV bytes as rows of ``kind``.

    Raises:
        RuleSetError: not UTF-8, too large, missing columns, or an invalid row (its line number and field).
    """
    if len(content) > MAX_LIST_BYTES:
        raise RuleSetError(f"{label}: list file larger than {MAX_LIST_BYTES} bytes")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RuleSetError(f"{label}: not UTF-8 text ({e})") from e
    model = ROW_MODELS[kind]
    reader = csv.DictReader(io.StringIO(text))
    required = {n for n, f in model.model_fields.items() if f.is_required()}
    missing = required - set(reader.fieldnames or ())
    if missing:
        raise RuleSetError(f"{label}: missing column(s) {sorted(missing)} for a list of kind {kind!r}")
    rows = []
    for line, raw in enumerate(reader, start=2):
        try:
            rows.append(model.model_validate({k: v for k, v in raw.items() if k is not None}))
        except ValidationError as e:
            first = e.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise RuleSetError(f"{label}: line {line}: field {field!r}: {first['msg']}") from e
    if not rows:
        raise RuleSetError(f"{label}: the list has no rows")
    return tuple(rows)


def versions(lists_dir: Path | None, name: str) -> list[Path]:
    """Replacement files of a list, oldest first (empty: the package file is in force)."""
    folder = (lists_dir / name) if lists_dir else None
    if folder is None or not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _VERSION.match(p.name)), key=lambda p: p.name)


def load_list(name: str, spec: ListSpec, lists_dir: Path | None = None) -> RuleList:
    """The list in force: the latest replacement in ``lists_dir``, else the package's file."""
    found = versions(lists_dir, name)
    path = found[-1] if found else data_dir() / spec.file
    try:
        content = path.read_bytes()
    except OSError as e:
        raise RuleSetError(f"list {name!r}: cannot read {path}: {e}") from e
    rows = parse_rows(content, spec.kind, f"list {name!r} ({path.name})")
    version = path.stem if found else "package"
    return RuleList(name, spec, rows, path, version, hashlib.sha256(content).hexdigest())


def replace_list(
    name: str, spec: ListSpec, new_file: Path, lists_dir: Path, *, actor: str, note: str = ""
) -> dict[str, object]:
    """Validate ``new_file`` as list ``name`` and make it the version in force; audited.

    Args:
        name: the list's name in the rule-set files.
        spec: its declaration (the kind decides the columns).
        new_file: the CSV to install.
        lists_dir: the lists folder.
        actor: who replaces it (recorded).
        note: why (recorded).

    Returns:
        The audit record written.

    Raises:
        RuleSetError: the file is invalid (nothing is changed).
    """
    content = new_file.read_bytes()
    rows = parse_rows(content, spec.kind, f"{new_file.name} for list {name!r}")
    before = versions(lists_dir, name)
    previous = load_list(name, spec, lists_dir)
    number = int(_VERSION.match(before[-1].name).group(1)) + 1 if before else 1  # type: ignore[union-attr]
    folder = lists_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"v{number:04d}.csv"
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    record: dict[str, object] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "action": "list.replace",
        "list": name,
        "version": target.stem,
        "actor": actor,
        "note": note,
        "rows": len(rows),
        "sha256": hashlib.sha256(content).hexdigest(),
        "previous_version": previous.version,
        "previous_sha256": previous.sha256,
    }
    with (lists_dir / "audit.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\n")
    return record


def audit_trail(lists_dir: Path, name: str | None = None) -> list[dict[str, object]]:
    """The audit records of list changes (of one list when ``name`` is given), oldest first."""
    path = lists_dir / "audit.jsonl"
    if not path.is_file():
        return []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if name is None or r.get("list") == name]


def declared_lists(specs: Sequence[tuple[str, ListSpec]]) -> dict[str, ListSpec]:
    """Lists declared by several rule sets, by name; a name declared with two kinds or files is an error."""
    found: dict[str, ListSpec] = {}
    for name, spec in specs:
        if name in found and (found[name].kind, found[name].file) != (spec.kind, spec.file):
            raise RuleSetError(f"list {name!r} is declared with different kinds or files in two rule sets")
        found.setdefault(name, spec)
    return found
