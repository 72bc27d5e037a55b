"""Reading the reference files shipped in ``occupations/data`` (plain or gzip-compressed CSV, UTF-8)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Path of a packaged data file.

    Args:
        name: file name inside ``occupations/data``.

    Returns:
        The absolute path (the file may not exist).
    """
    return DATA_DIR / name


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a packaged CSV file as dicts of strings (a leading byte-order mark is ignored).

    Args:
        name: file name inside ``occupations/data``; a ``.gz`` name is decompressed on the fly.

    Returns:
        An iterator over the rows, header keys stripped of spaces.
    """
    path = data_path(name)
    data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    with io.StringIO(data.decode("utf-8-sig"), newline="") as text:
        for row in csv.DictReader(text):
            yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}
