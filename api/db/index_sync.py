"""Keeps the persisted vector indexes in step with the database, which is the source of truth.

Every write to a candidate or a vacancy adds a row to ``index_change`` in the same transaction. The saved index of
each side (``<data>/index/<side>.idx``) has a sidecar ``<side>.json`` with its watermark: the last change
``seq`` it reflects and the fingerprint of the embedder that produced it. At start the index is loaded and the
changes after its watermark are replayed; when the file is missing, unreadable, from another embedder, or its
size disagrees with the database, it is rebuilt from the database. Replaying is idempotent (add replaces,
remove ignores absent ids), so a crash at any point is repaired at the next start.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sqlalchemy import exists, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, func, select

from api.db.index_slot import IndexSlot, PersistentIndex
from api.db.repository import (
    Side,
    candidate_occupations,
    candidate_to_domain,
    vacancy_occupations,
    vacancy_to_domain,
)
from api.db.tables import CandidateOccupation, CandidateRow, IndexChange, VacancyRow
from matching.models import Candidate
from matching.service import MatchingService

log = logging.getLogger("passerelle.index")
SIDES: tuple[Side, Side] = ("candidates", "vacancies")
_BATCH = 256


@dataclass
class SideStatus:
    """How one side's index compares with the database."""

    side: str
    db_records: int
    indexed: int
    watermark: int
    db_seq: int
    in_sync: bool


def _indexable_query(side: Side) -> tuple[type[CandidateRow] | type[VacancyRow], object]:
    if side == "candidates":
        has_code = exists().where(col(CandidateOccupation.candidate_id) == col(CandidateRow.id))
        return CandidateRow, or_(func.length(CandidateRow.text) > 0, has_code)
    return VacancyRow, VacancyRow.status == "open"


class IndexSync:
    """Owns both vector indexes' persistence and applies record changes to them under one lock.

    Args:
        engine: the database.
        service: the matching service built on ``slots`` (it embeds documents).
        slots: the two sides' index slots.
        directory: where the index files live.
        fingerprint: identifies the embedder; an index saved with another one is rebuilt.
        new_index: builds an empty index of the right dimension.
        load_index: reads a saved index file.
        save_every: save a side after this many applied changes (and always at shutdown).
        save_seconds: also save a side with pending changes once this many seconds passed since its last save.
        fallback_text: the text indexed for a candidate without résumé (e.g. its occupations' titles).
    """

    def __init__(
        self,
        engine: Engine,
        service: MatchingService,
        slots: dict[Side, IndexSlot],
        directory: Path,
        fingerprint: str,
        new_index: Callable[[], PersistentIndex],
        load_index: Callable[[Path], PersistentIndex],
        save_every: int = 200,
        save_seconds: float = 300.0,
        fallback_text: Callable[[Candidate], str] | None = None,
    ) -> None:
        self._engine = engine
        self._service = service
        self._slots = slots
        self._dir = directory
        self._fingerprint = fingerprint
        self._new_index = new_index
        self._load_index = load_index
        self._save_every = save_every
        self._save_seconds = save_seconds
        self._saved_at: dict[Side, float] = dict.fromkeys(SIDES, time.monotonic())
        self._fallback_text = fallback_text
        self.lock = threading.RLock()
        self._watermark: dict[Side, int] = dict.fromkeys(SIDES, 0)
        self._unsaved: dict[Side, int] = dict.fromkeys(SIDES, 0)

    def index(self, side: Side) -> IndexSlot:
        """The live index of one side."""
        return self._slots[side]

    def _set_index(self, side: Side, index: PersistentIndex) -> None:
        self._slots[side].current = index

    def _paths(self, side: Side) -> tuple[Path, Path]:
        return self._dir / f"{side}.idx", self._dir / f"{side}.json"

    # -- start --------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load each side's saved index, replay changes after its watermark, rebuild when needed, save."""
        with self.lock:
            for side in SIDES:
                if not self._load(side):
                    self.rebuild(side)
                else:
                    self._replay(side)
                    if not self.status(side).in_sync:
                        log.warning("index %s disagrees with the database after replay: rebuilding", side)
                        self.rebuild(side)
                self.save(side)

    def _load(self, side: Side) -> bool:
        index_path, meta_path = self._paths(side)
        if not (index_path.exists() and meta_path.exists()):
            log.info("index %s: no saved index, building from the database", side)
            return False
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("fingerprint") != self._fingerprint:
                log.info("index %s: saved with another embedder, rebuilding", side)
                return False
            index = self._load_index(index_path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("index %s: cannot read the saved index (%s), rebuilding", side, exc)
            return False
        self._set_index(side, index)
        self._watermark[side] = int(meta["seq"])
        return True

    def _replay(self, side: Side) -> None:
        with Session(self._engine) as session:
            stmt = select(IndexChange.seq, IndexChange.record_id).where(
                IndexChange.side == side, col(IndexChange.seq) > self._watermark[side]
            )
            changes = list(session.exec(stmt))
        if changes:
            log.info("index %s: replaying %d changes after seq %d", side, len(changes), self._watermark[side])
            ids = sorted({int(r) for _, r in changes})
            for start in range(0, len(ids), _BATCH):
                self._apply_ids(side, ids[start : start + _BATCH])
            self._watermark[side] = max(int(s or 0) for s, _ in changes)

    def rebuild(self, side: Side) -> None:
        """Rebuild one side's index from the database."""
        with self.lock:
            self._set_index(side, self._new_index())
            seq = self._db_seq(side)
            for ids in self._indexable_ids(side):
                self._apply_ids(side, ids)
            self._watermark[side] = seq
            log.info("index %s rebuilt: %d records", side, len(self.index(side)))

    def _indexable_ids(self, side: Side) -> Iterator[list[int]]:
        table, condition = _indexable_query(side)
        with Session(self._engine) as session:
            ids = [int(i) for i in session.exec(select(table.id).where(condition).order_by(table.id))]  # type: ignore[arg-type]
        for start in range(0, len(ids), _BATCH):
            yield ids[start : start + _BATCH]

    # -- changes ------------------------------------------------------------------------------------

    def apply(self, side: Side, record_ids: Sequence[int]) -> None:
        """Bring the index in line with the committed state of these records (call after commit).

        Args:
            side: which index.
            record_ids: records that were created, updated or deleted.
        """
        with self.lock:
            self._apply_ids(side, list(record_ids))
            self._watermark[side] = max(self._watermark[side], self._db_seq(side))
            self._unsaved[side] += len(record_ids)
            overdue = time.monotonic() - self._saved_at[side] >= self._save_seconds
            if self._unsaved[side] >= self._save_every or overdue:
                self.save(side)

    def _apply_ids(self, side: Side, ids: list[int]) -> None:
        index = self.index(side)
        with Session(self._engine) as session:
            if side == "candidates":
                rows = session.exec(select(CandidateRow).where(col(CandidateRow.id).in_(ids))).all()
                cand_links = candidate_occupations(session, ids)
                found = [candidate_to_domain(r, cand_links.get(r.id or 0, [])) for r in rows]
                cands = [c for c in map(self._with_text, found) if c.text.strip()]
                self._service.index_candidates(cands)
                keep = {c.id for c in cands}
            else:
                vrows = session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(ids))).all()
                vac_links = vacancy_occupations(session, ids)
                vacs = [vacancy_to_domain(r, vac_links.get(r.id or 0, [])) for r in vrows if r.status == "open"]
                self._service.index_vacancies(vacs)
                keep = {v.id for v in vacs}
        gone = np.asarray([i for i in ids if i not in keep], dtype=np.int64)
        if gone.size:
            index.remove(gone)

    def _with_text(self, candidate: Candidate) -> Candidate:
        if candidate.text.strip() or self._fallback_text is None:
            return candidate
        return replace(candidate, text=self._fallback_text(candidate))

    def _db_seq(self, side: Side) -> int:
        with Session(self._engine) as session:
            value = session.exec(select(func.max(IndexChange.seq)).where(IndexChange.side == side)).one()
        return int(value or 0)

    # -- persistence and checks ---------------------------------------------------------------------

    def save(self, side: Side) -> None:
        """Write one side's index, then its watermark (in that order, so a crash never overstates it)."""
        with self.lock:
            index_path, meta_path = self._paths(side)
            self._dir.mkdir(parents=True, exist_ok=True)
            self.index(side).save(index_path)
            meta = {"seq": self._watermark[side], "fingerprint": self._fingerprint, "count": len(self.index(side))}
            tmp = meta_path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(tmp, meta_path)
            self._unsaved[side] = 0
            self._saved_at[side] = time.monotonic()
            self._prune(side, self._watermark[side])

    def _prune(self, side: Side, watermark: int) -> None:
        """Forget the changes a saved index already reflects (the last one stays: it is the database's seq)."""
        with Session(self._engine) as session:
            session.exec(delete(IndexChange).where(col(IndexChange.side) == side, col(IndexChange.seq) < watermark))
            session.commit()

    def save_all(self) -> None:
        """Save both sides (at shutdown)."""
        for side in SIDES:
            self.save(side)

    def inspect_saved(self, side: Side) -> SideStatus:
        """Compare the saved index file of one side with the database, without loading it into service.

        Returns:
            The status of the file; ``in_sync`` only when its watermark is the database's last change and it
            holds exactly the records that should be indexed.
        """
        index_path, meta_path = self._paths(side)
        if not (index_path.exists() and meta_path.exists()):
            return SideStatus(side, self._count_indexable(side), 0, -1, self._db_seq(side), False)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        saved = self._load_index(index_path)
        table, condition = _indexable_query(side)
        with Session(self._engine) as session:
            ids = [int(i) for i in session.exec(select(table.id).where(condition))]  # type: ignore[arg-type]
        seq, db_seq = int(meta["seq"]), self._db_seq(side)
        same = len(ids) == len(saved) and all(i in saved for i in ids)
        ok = same and seq == db_seq and meta.get("fingerprint") == self._fingerprint
        return SideStatus(side, len(ids), len(saved), seq, db_seq, ok)

    def _count_indexable(self, side: Side) -> int:
        table, condition = _indexable_query(side)
        with Session(self._engine) as session:
            return len(list(session.exec(select(table.id).where(condition))))  # type: ignore[arg-type]

    def status(self, side: Side) -> SideStatus:
        """Compare one side's index with the database: same size and every indexable record present."""
        with self.lock:
            index = self.index(side)
            table, condition = _indexable_query(side)
            with Session(self._engine) as session:
                ids = [int(i) for i in session.exec(select(table.id).where(condition))]  # type: ignore[arg-type]
            present = all(i in index for i in ids)
            return SideStatus(
                side=side,
                db_records=len(ids),
                indexed=len(index),
                watermark=self._watermark[side],
                db_seq=self._db_seq(side),
                in_sync=present and len(ids) == len(index),
            )
