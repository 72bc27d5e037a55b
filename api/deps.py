"""Composition root: builds every component once from ``Settings``, and the FastAPI dependency aliases.

``build_service(settings)`` picks the adapters (embedder, vector indexes, occupation classifier and taxonomy,
geography, rule sets), wires the SQL record stores, the index replica and its worker, and returns ``AppServices``.
The app's lifespan calls it once and stores the result on ``app.state.services``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api import audit, components
from api.auth import Role, authenticate
from api.db.index_slot import IndexSlot, PersistentIndex
from api.db.index_sync import IndexSync
from api.db.record_cache import RecordCache
from api.db.repository import Side, SqlCandidateStore, SqlVacancyStore
from api.db.session import make_engine
from api.db.tables import User
from api.indexing.worker import IndexWorker
from api.settings import Settings
from embeddings.faiss_index import SEARCH_SETTINGS, FaissIndex, IndexConfig
from matching.ports import Embedder, OccupationClassifier, RuleSetProvider
from matching.service import MatchingService
from regions.geography import Geography


@dataclass
class AppServices:
    """Everything the routes need, built once per process."""

    settings: Settings
    engine: Engine
    embedder: Embedder
    service: MatchingService
    sync: IndexSync
    worker: IndexWorker
    geography: Geography
    occupations: components.OccupationCatalog
    classifier: OccupationClassifier | None
    rules: RuleSetProvider
    records: RecordCache = field(default_factory=lambda: RecordCache(0))

    def versions(self) -> tuple[str, str]:
        """(embedder fingerprint, classifier artefact) stored on every audit event."""
        classifier = self.settings.classifier.artefact_path.name if self.settings.classify_documents else "none"
        return components.embedder_fingerprint(self.settings, self.embedder), classifier


def index_build_fingerprint(config: IndexConfig) -> str:
    """The settings that shape a saved index (a change rebuilds it); search settings are applied at load."""
    return json.dumps(config.model_dump(exclude=set(SEARCH_SETTINGS)), sort_keys=True)


def index_loader(config: IndexConfig) -> Callable[[Path], PersistentIndex]:
    """Loads a saved index and applies the current search settings (nprobe, efSearch…) to it."""

    def load(path: Path) -> PersistentIndex:
        index = components.load_index(path)
        if isinstance(index, FaissIndex):
            index.apply_search_settings(config)
        return index

    return load


def configure_threads(settings: Settings) -> None:
    """Thread counts, set once at start: FAISS's OpenMP default (each thread also sets it once on first use)."""
    os.environ.setdefault("OMP_NUM_THREADS", str(settings.index.search_threads))


def build_service(settings: Settings, engine: Engine | None = None) -> AppServices:
    """Build the components, the matching service, this process's index replica and its worker.

    Args:
        settings: the deployment settings.
        engine: an existing engine (tests); one is made from ``settings.database_url`` otherwise.

    Returns:
        The services; call ``services.worker.start()`` to load the indexes and follow the change log.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_threads(settings)
    engine = engine or make_engine(settings.database_url)
    components.warm_up()
    embedder = components.build_embedder(settings)
    slots: dict[Side, IndexSlot] = {
        "candidates": IndexSlot(components.new_index(settings, embedder.dim)),
        "vacancies": IndexSlot(components.new_index(settings, embedder.dim)),
    }
    geography = components.build_geography(settings)
    catalog = components.build_occupations(settings, embedder)
    rules = components.build_rules(settings, geography, catalog.diagnostics)
    service = MatchingService(
        embedder=embedder,
        candidate_index=slots["candidates"],
        vacancy_index=slots["vacancies"],
        candidates=SqlCandidateStore(engine),
        vacancies=SqlVacancyStore(engine),
        rules=rules,
        taxonomy=catalog.similarity,
        config=settings.matching,
    )
    sync = IndexSync(
        engine,
        components.build_index_embedder(settings, embedder),
        slots,
        settings.index_dir,
        components.embedder_fingerprint(settings, embedder),
        new_index=lambda: components.new_index(settings, embedder.dim),
        load_index=index_loader(settings.index),
        build_fingerprint=index_build_fingerprint(settings.index),
        fallback_text=catalog.describe,
        embed=settings.index_embed,
        symmetric=bool(getattr(embedder, "symmetric", False)),
        retention=timedelta(hours=settings.index_log_retention_hours),
        foreign_grace=settings.index_foreign_grace_seconds,
    )
    worker = IndexWorker(
        sync,
        engine,
        poll_seconds=settings.index_poll_seconds,
        save_every=settings.index_save_every,
        save_seconds=settings.index_save_seconds,
    )
    return AppServices(
        settings=settings,
        engine=engine,
        embedder=embedder,
        service=service,
        sync=sync,
        worker=worker,
        geography=geography,
        occupations=catalog,
        classifier=catalog.classifier,
        rules=rules,
        records=RecordCache(settings.record_cache_entries),
    )


def get_services(request: Request) -> AppServices:
    """The services built in the lifespan."""
    services: AppServices = request.app.state.services
    return services


ServiceDep = Annotated[AppServices, Depends(get_services)]


def get_session(services: ServiceDep) -> Iterator[Session]:
    """One database session per request."""
    with Session(services.engine, expire_on_commit=False) as session:
        audit.attach_versions(session, *services.versions())
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_user(request: Request, session: SessionDep) -> User:
    """The account of the bearer token or the console session (``api.auth.authenticate``); 401 otherwise."""
    return authenticate(request, session)


CurrentUserDep = Annotated[User, Depends(get_current_user)]


def require_role(user: User, *roles: Role) -> None:
    """Raises :class:`ForbiddenError` (403, mapped in ``api.errors``) unless the user has one of ``roles``."""
    from api.services.errors import ForbiddenError  # here: the services package imports this module

    if user.role not in {r.value for r in roles}:
        allowed = ", ".join(r.value for r in roles)
        raise ForbiddenError(f"this action needs one of the roles: {allowed} (you are {user.role})")
