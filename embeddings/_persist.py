"""Atomic on-disk format of the vector indexes: one uncompressed ``.npz`` written to a temp file, then renamed."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT_VERSION = 1


def save_arrays(path: str | os.PathLike[str], meta: dict[str, Any], **arrays: npt.NDArray[Any]) -> None:
    """Write ``meta`` (JSON) and ``arrays`` to ``path`` atomically.

    Args:
        path: destination file; its directory is created when missing.
        meta: small JSON-serialisable description (kind, dim, config...).
        arrays: the numpy arrays to store.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    header = json.dumps({"format": FORMAT_VERSION, **meta}).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            payload: dict[str, Any] = {"__meta__": np.frombuffer(header, dtype=np.uint8), **arrays}
            np.savez(handle, **payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_arrays(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """Read what :func:`save_arrays` wrote.

    Args:
        path: the file.

    Returns:
        The metadata and the arrays.
    """
    with np.load(Path(path), allow_pickle=False) as data:
        meta = json.loads(bytes(data["__meta__"]).decode())
        arrays = {name: data[name] for name in data.files if name != "__meta__"}
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported index file format {meta.get('format')!r}")
    return meta, arrays


def read_meta(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Only the metadata of an index file (the arrays are not read)."""
    with np.load(Path(path), allow_pickle=False) as data:
        meta: dict[str, Any] = json.loads(bytes(data["__meta__"]).decode())
    return meta
