"""One process's replica of the two vector indexes, kept in step with the database (the source of truth).

Every write to a candidate or a vacancy adds a row to ``index_change`` in the same transaction; the change's ``seq``
is its change id. The index worker (``api.indexing.worker``) calls :meth:`IndexSync.step`, which reads the changes
after the last one applied, takes each record's stored vector (``api.db.vectors``) or encodes its text once and
stores it, and updates the index. Only that one thread writes to the indexes; searches run concurrently.

The saved index of each side (``<data>/index/<side>.idx``) has a sidecar ``<side>.json`` with its watermark (the
last change it reflects), its fingerprint (the embedder and the settings that shape the index) and when it was
saved. At start the index is loaded and the changes after its watermark replayed; when the file is missing,
unreadable, made with other build settings, older than the change-log retention, or its size disagrees with the
database, it is rebuilt aside from the stored vectors and swapped in. Replaying is idempotent (add replaces,
remove ignores absent ids), so a crash at any point is repaired by the next start.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import exists, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, func, select

from api.db.index_slot import IndexSlot, PersistentIndex, SaverLock
from api.db.repository import (
    Side,
    candidate_occupations,
    candidate_to_domain,
    vacancy_occupations,
    vacancy_to_domain,
)
from api.db.tables import CandidateOccupation, CandidateRow, IndexChange, VacancyRow, utcnow
from api.db.vectors import Stored, load_vectors, store_vectors, text_sha
from matching.models import Candidate
from matching.ports import Embedder

log = logging.getLogger("passerelle.index")
SIDES: tuple[Side, Side] = ("candidates", "vacancies")
_BATCH = 256
_STEP_CHUNK = 32  # changes prepared at once by a step (texts read, hashed, vectors loaded)
_REBUILD_BATCH = 2048


@dataclass
class SideStatus:
    """How one side's index compares with the database."""

    side: str
    db_records: int
    indexed: int
    watermark: int
    db_seq: int
    in_sync: bool


@dataclass(frozen=True)
class Applied:
    """What one :meth:`IndexSync.step` applied: how many changes, up to which id, and when each was written."""

    count: int
    last_seq: int
    written_at: tuple[float, ...]


def _indexable_query(side: Side) -> tuple[type[CandidateRow] | type[VacancyRow], object]:
    if side == "candidates":
        has_code = exists().where(col(CandidateOccupation.candidate_id) == col(CandidateRow.id))
        return CandidateRow, or_(func.length(CandidateRow.text) > 0, has_code)
    return VacancyRow, VacancyRow.status == "open"


@dataclass
class _Prepared:
    """One side's records of a batch: vectors ready to index, records still waiting for theirs, records gone."""

    ready: dict[int, Stored]
    waiting: set[int]
    gone: list[int]

    def apply_to(self, target: PersistentIndex, ids: set[int]) -> None:
        """Add or replace the ready vectors among ``ids`` in ``target``, and remove the gone ones."""
        order = sorted(i for i in self.ready if i in ids)
        if order:
            target.add(np.asarray(order, dtype=np.int64), np.stack([self.ready[i].vector for i in order]))
        gone = np.asarray([i for i in self.gone if i in ids], dtype=np.int64)
        if gone.size:
            target.remove(gone)


class IndexSync:
    """Owns one process's two vector indexes: loading, applying the change log, rebuilding aside, saving.

    Args:
        engine: the database.
        embedder: encodes the texts that have no stored vector yet.
        slots: the two sides' index slots (the matching service searches them).
        directory: where the index files live.
        fingerprint: identifies the embedder (stored vectors and saved indexes made by another one are not used).
        build_fingerprint: identifies the settings that shape an index; a saved index built otherwise is rebuilt.
        new_index: builds an empty index of the right dimension.
        load_index: reads a saved index file and applies the current search settings.
        fallback_text: the text indexed for a candidate without résumé (e.g. its occupations' titles).
        embed: encode missing vectors here; False when a separate ``passerelle worker`` does it (a change then
            waits until its vector is stored).
        symmetric: queries and documents are encoded alike (no separate query vector is stored).
        retention: how long the change log is kept; a saved index older than that is rebuilt.
        foreign_grace: a change written by another process waits this long for its writer to store the vector
            before this replica encodes it itself (each text is encoded once, not once per replica).
    """

    def __init__(
        self,
        engine: Engine,
        embedder: Embedder,
        slots: dict[Side, IndexSlot],
        directory: Path,
        fingerprint: str,
        new_index: Callable[[], PersistentIndex],
        load_index: Callable[[Path], PersistentIndex],
        *,
        build_fingerprint: str = "",
        fallback_text: Callable[[Candidate], str] | None = None,
        embed: bool = True,
        symmetric: bool = True,
        retention: timedelta = timedelta(days=7),
        foreign_grace: float = 5.0,
    ) -> None:
        self._engine = engine
        self._embedder = embedder
        self._slots = slots
        self._dir = directory
        self.vector_fingerprint = fingerprint
        self._fingerprint = f"{fingerprint}|{build_fingerprint}"
        self._new_index = new_index
        self._load_index = load_index
        self._fallback_text = fallback_text
        self._embed = embed
        self._symmetric = symmetric
        self._retention = retention
        self._watermark: dict[Side, int] = dict.fromkeys(SIDES, 0)
        self._saver = SaverLock(directory / ".saver.lock")
        self._local: set[int] = set()
        self._grace = foreign_grace
        self.applied = 0

    def index(self, side: Side) -> IndexSlot:
        """The live index of one side."""
        return self._slots[side]

    def _paths(self, side: Side) -> tuple[Path, Path]:
        return self._dir / f"{side}.idx", self._dir / f"{side}.json"

    # -- start --------------------------------------------------------------------------------------

    def load(self) -> None:
        """Load each side's saved index (or rebuild it aside); ``applied`` becomes the lowest watermark."""
        for side in SIDES:
            if not self._load(side):
                self.rebuild(side)
        self.applied = min(self._watermark.values())

    def check_and_repair(self) -> None:
        """After catching up: rebuild a side whose index disagrees with the database."""
        for side in SIDES:
            if not self.status(side).in_sync:
                log.warning("index %s disagrees with the database after replay: rebuilding", side)
                self.rebuild(side)

    def _load(self, side: Side) -> bool:
        index_path, meta_path = self._paths(side)
        if not (index_path.exists() and meta_path.exists()):
            log.info("index %s: no saved index, building from the database", side)
            return False
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("fingerprint") != self._fingerprint:
                log.info("index %s: saved with another embedder or other build settings, rebuilding", side)
                return False
            if time.time() - float(meta.get("saved_at", 0)) > self._retention.total_seconds():
                log.info("index %s: saved before the change log's retention, rebuilding", side)
                return False
            index = self._load_index(index_path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("index %s: cannot read the saved index (%s), rebuilding", side, exc)
            return False
        self._slots[side].current = index
        self._watermark[side] = int(meta["seq"])
        return True

    def rebuild(self, side: Side) -> None:
        """Build one side's index aside from the database (stored vectors), then swap it in with one assignment."""
        fresh = self._new_index()
        seq = self.db_seq()
        for ids in self._indexable_ids(side):
            self._prepare(side, ids, None).apply_to(fresh, set(ids))
        self._slots[side].current = fresh
        self._watermark[side] = seq
        log.info("index %s rebuilt: %d records", side, len(fresh))

    def _indexable_ids(self, side: Side) -> Iterator[list[int]]:
        table, condition = _indexable_query(side)
        with Session(self._engine) as session:
            ids = [int(i) for i in session.exec(select(table.id).where(condition).order_by(table.id))]  # type: ignore[arg-type]
        for start in range(0, len(ids), _REBUILD_BATCH):
            yield ids[start : start + _REBUILD_BATCH]

    # -- changes ------------------------------------------------------------------------------------

    def step(self, limit: int = 256) -> Applied:
        """Apply the next changes of the log (at most ``limit``); returns what was applied.

        This process encodes the changes it wrote at once, and another process's once their grace has passed
        (until then it waits for the vector its writer stores). The changes are applied in order up to the first
        one still waiting, so one process's fresh write never holds back this one's own writes, and a steady
        stream of writes from others never holds back the ones whose vectors are already stored.
        """
        with Session(self._engine) as session:
            stmt = (
                select(IndexChange.seq, IndexChange.side, IndexChange.record_id, IndexChange.at)
                .where(col(IndexChange.seq) > self.applied)
                .order_by(col(IndexChange.seq))
                .limit(limit)
            )
            rows = list(session.exec(stmt))
        if not rows:
            return Applied(0, self.applied, ())
        now = time.time()
        own: dict[Side, set[int]] = defaultdict(set)
        for seq, side, record_id, _ in rows[_STEP_CHUNK:]:  # the first chunk encodes its own ones itself
            if self._embed and int(seq or 0) in self._local and side in self._watermark:
                own[side].add(int(record_id))
        for side, ids in own.items():  # stored first, wherever they are in the window: other replicas wait for them
            self._prepare(side, sorted(ids), None)
        done = 0
        for start in range(0, len(rows), _STEP_CHUNK):  # prepared chunk by chunk: a wait early costs one chunk
            chunk = rows[start : start + _STEP_CHUNK]
            applied = self._apply_chunk(chunk, now)
            done = start + applied
            if applied < len(chunk):
                break
        if done == 0:
            return Applied(0, self.applied, ())  # the first change's vector is not stored yet (its writer encodes)
        last = int(rows[done - 1][0] or 0)
        self._local = {seq for seq in self._local if seq > last}
        for side in SIDES:
            self._watermark[side] = max(self._watermark[side], last)
        self.applied = last
        return Applied(done, last, tuple(_timestamp(at) for *_, at in rows[:done]))

    def _apply_chunk(self, chunk: list[Any], now: float) -> int:
        """Index the changes of ``chunk`` in order up to the first one still waiting; returns how many."""
        by_side: dict[Side, set[int]] = defaultdict(set)
        encodable: dict[Side, set[int]] = defaultdict(set)
        for seq, side, record_id, at in chunk:
            if side in self._watermark and int(seq or 0) > self._watermark[side]:
                by_side[side].add(int(record_id))
                if self._embed and (int(seq or 0) in self._local or now - _timestamp(at) > self._grace):
                    encodable[side].add(int(record_id))
        prepared = {side: self._prepare(side, sorted(ids), encodable[side]) for side, ids in by_side.items()}
        cut = next(
            (
                n
                for n, (_, side, record_id, _) in enumerate(chunk)
                if side in prepared and record_id in prepared[side].waiting
            ),
            len(chunk),
        )
        done = chunk[:cut]
        for side, batch in prepared.items():
            in_prefix = {int(r) for seq, on, r, _ in done if on == side and int(seq or 0) > self._watermark[side]}
            batch.apply_to(self._slots[side], in_prefix)
        return cut

    def warm_up(self) -> None:
        """Encode one short text, so that the model (here or in the encoder process) has loaded before the replica
        says it is ready: otherwise the first writes wait for the load (50 clients, 2 processes: every index lag
        above 1.5 s was a change written in the first seconds)."""
        if not self._embed:
            return
        try:
            self._embedder.encode_documents(["Passerelle"])
        except Exception:  # the worker's steps retry encoding; a broken encoder must not keep the replica unready
            log.exception("the index encoder failed to warm up; the worker will retry on each change")

    def mark_local(self, change_id: int) -> None:
        """A change written by this process: its vectors are encoded here at once (others wait for them a while)."""
        self._local.add(change_id)

    def _prepare(self, side: Side, ids: list[int], encodable: set[int] | None) -> _Prepared:
        """Vectors for ``ids``: stored ones for their current text, and the missing ones among ``encodable``
        (None: all) encoded and stored now; the rest wait for their writer."""
        with Session(self._engine) as session:
            texts = self._texts(session, side, ids)
            stored = load_vectors(session, side, list(texts))
        shas = {i: text_sha(self.vector_fingerprint, t) for i, t in texts.items()}
        ready = {i: s for i, s in stored.items() if i in shas and s.sha == shas[i]}
        missing = [i for i in texts if i not in ready]
        allowed = [i for i in missing if encodable is None or i in encodable]
        for start in range(0, len(allowed), _BATCH):
            ready.update(self._encode(side, allowed[start : start + _BATCH], texts, shas))
        waiting = {i for i in missing if i not in ready}
        return _Prepared(ready, waiting, [i for i in ids if i not in texts])

    def _encode(self, side: Side, ids: list[int], texts: dict[int, str], shas: dict[int, str]) -> dict[int, Stored]:
        batch = [texts[i] for i in ids]
        docs = self._embedder.encode_documents(batch)
        queries = None if self._symmetric else self._embedder.encode_queries(batch)
        made = {i: (shas[i], docs[n], None if queries is None else queries[n]) for n, i in enumerate(ids)}
        with Session(self._engine) as session:
            store_vectors(session, side, made)
        return {i: Stored(sha, vector, query) for i, (sha, vector, query) in made.items()}

    def _texts(self, session: Session, side: Side, ids: list[int]) -> dict[int, str]:
        """The text to index of each record that should be indexed (absent ones are to be removed)."""
        if side == "candidates":
            rows = session.exec(select(CandidateRow).where(col(CandidateRow.id).in_(ids))).all()
            links = candidate_occupations(session, ids)
            found = [self.with_text(candidate_to_domain(r, links.get(r.id or 0, []))) for r in rows]
            return {c.id: c.text for c in found if c.text.strip()}
        vrows = session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(ids))).all()
        vlinks = vacancy_occupations(session, ids)
        vacs = [vacancy_to_domain(r, vlinks.get(r.id or 0, [])) for r in vrows if r.status == "open"]
        return {v.id: v.text for v in vacs if v.text.strip()}

    def with_text(self, candidate: Candidate) -> Candidate:
        """The candidate with the text that is indexed for it (its résumé, else its occupations' titles)."""
        if candidate.text.strip() or self._fallback_text is None:
            return candidate
        return replace(candidate, text=self._fallback_text(candidate))

    def db_seq(self) -> int:
        """The id of the last change in the log."""
        with Session(self._engine) as session:
            value = session.exec(select(func.max(IndexChange.seq))).one()
        return int(value or 0)

    # -- persistence and checks ---------------------------------------------------------------------

    def save(self, side: Side) -> bool:
        """Write one side's index, then its watermark, if this process is the saver of the folder.

        Only one process per data folder saves (a file lock), so the index file and its watermark always come from
        the same replica. The index is written under its read lock: searches go on while it is saved.

        Returns:
            Whether this process saved.
        """
        if not self._saver.acquire():
            return False
        index_path, meta_path = self._paths(side)
        self._dir.mkdir(parents=True, exist_ok=True)
        watermark = self._watermark[side]
        index = self._slots[side].current
        index.save(index_path)
        meta = {"seq": watermark, "fingerprint": self._fingerprint, "count": len(index), "saved_at": time.time()}
        tmp = meta_path.with_suffix(f".json.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, meta_path)
        self._prune()
        return True

    def _prune(self) -> None:
        """Forget changes older than the retention (the last one stays: it carries the log's highest id)."""
        cutoff = utcnow() - self._retention
        with Session(self._engine) as session:
            last = session.exec(select(func.max(IndexChange.seq))).one() or 0
            session.exec(delete(IndexChange).where(col(IndexChange.at) < cutoff, col(IndexChange.seq) < last))
            session.commit()

    def save_all(self) -> None:
        """Save both sides (on the worker's timer and at shutdown)."""
        for side in SIDES:
            self.save(side)

    def release(self) -> None:
        """Give up the saver role and end the encoder process, if the embedder has one (at shutdown)."""
        self._saver.release()
        close = getattr(self._embedder, "close", None)  # embeddings.encoder_process.ProcessEmbedder
        if callable(close):
            close()

    def inspect_saved(self, side: Side) -> SideStatus:
        """Compare the saved index file of one side with the database, without loading it into service."""
        index_path, meta_path = self._paths(side)
        if not (index_path.exists() and meta_path.exists()):
            return SideStatus(side, len(self._indexable(side)), 0, -1, self.db_seq(), False)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        saved = self._load_index(index_path)
        ids = self._indexable(side)
        seq, db_seq = int(meta["seq"]), self.db_seq()
        same = len(ids) == len(saved) and all(i in saved for i in ids)
        ok = same and seq == db_seq and meta.get("fingerprint") == self._fingerprint
        return SideStatus(side, len(ids), len(saved), seq, db_seq, ok)

    def _indexable(self, side: Side) -> list[int]:
        table, condition = _indexable_query(side)
        with Session(self._engine) as session:
            return [int(i) for i in session.exec(select(table.id).where(condition))]  # type: ignore[arg-type]

    def status(self, side: Side) -> SideStatus:
        """Compare one side's live index with the database: same size and every indexable record present."""
        index = self._slots[side].current
        ids = self._indexable(side)
        present = all(i in index for i in ids)
        return SideStatus(
            side=side,
            db_records=len(ids),
            indexed=len(index),
            watermark=self._watermark[side],
            db_seq=self.db_seq(),
            in_sync=present and len(ids) == len(index),
        )


def _timestamp(value: object) -> float:
    from datetime import UTC, datetime

    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.timestamp()
    return time.time()
