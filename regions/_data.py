"""Reading the CSV files shipped in ``regions/data`` (see SOURCES.md there)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """Folder holding the package's reference data."""
    return Path(str(resources.files("regions") / "data"))


def read_rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    """Rows of one CSV file of the package data, as dicts of strings (codes keep their leading zeros).

    Args:
        name: file name inside the data folder, e.g. "municipalities.csv".
        folder: another folder to read from (tests); the package data by default.

    Returns:
        One dict per data row.
    """
    path = (folder or data_dir()) / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
