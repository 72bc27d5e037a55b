"""Stored embeddings (``record_vector``): a record's text is encoded once, whoever applies its change first.

Every index replica (each server process, each host) reads the vector from here instead of encoding the text
again; it is keyed by the SHA-256 of the embedder fingerprint and the text, so a vector of an older text (or of
another encoder) is never used. A stored vacancy's shortlist and a stored candidate's matches search with it too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from api.db.repository import Side
from api.db.tables import RecordVector
from matching.ports import FloatVector


def text_sha(fingerprint: str, text: str) -> str:
    """The key of a text's vector under one embedder."""
    return hashlib.sha256(f"{fingerprint}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class Stored:
    """A stored document vector and, for asymmetric embedders, its query vector."""

    sha: str
    vector: FloatVector
    query: FloatVector | None


def _array(blob: bytes) -> FloatVector:
    return np.frombuffer(blob, dtype=np.float32).copy()


def load_vectors(session: Session, side: Side, ids: Sequence[int]) -> dict[int, Stored]:
    """The stored vectors of these records (any text; the caller compares ``sha``)."""
    if not ids:
        return {}
    stmt = select(RecordVector).where(RecordVector.side == side, col(RecordVector.record_id).in_(list(ids)))
    return {
        r.record_id: Stored(r.text_sha, _array(r.vector), _array(r.query) if r.query is not None else None)
        for r in session.exec(stmt)
    }


def query_vector(session: Session, side: Side, record_id: int, sha: str) -> FloatVector | None:
    """The stored query vector of one record when it was made from the text with this ``sha``; else None."""
    found = load_vectors(session, side, [record_id]).get(record_id)
    if found is None or found.sha != sha:
        return None
    return found.query if found.query is not None else found.vector


def store_vectors(
    session: Session, side: Side, vectors: Mapping[int, tuple[str, FloatVector, FloatVector | None]]
) -> None:
    """Replace the stored vectors of these records and commit; another replica writing them first is fine."""
    if not vectors:
        return
    session.exec(
        delete(RecordVector).where(col(RecordVector.side) == side, col(RecordVector.record_id).in_(list(vectors)))
    )
    for record_id, (sha, vector, query) in vectors.items():
        session.add(
            RecordVector(
                side=side,
                record_id=record_id,
                text_sha=sha,
                vector=np.asarray(vector, dtype=np.float32).tobytes(),
                query=None if query is None else np.asarray(query, dtype=np.float32).tobytes(),
            )
        )
    try:
        session.commit()
    except IntegrityError:  # a replica stored the same texts meanwhile: its vectors are as good as ours
        session.rollback()


def forget_vectors(session: Session, side: Side, ids: Sequence[int]) -> None:
    """Delete the stored vectors of records that are gone (the caller commits)."""
    if ids:
        session.exec(
            delete(RecordVector).where(col(RecordVector.side) == side, col(RecordVector.record_id).in_(list(ids)))
        )
