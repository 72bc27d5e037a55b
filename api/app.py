"""The FastAPI application: ``create_app(settings)``.

The lifespan migrates the database, builds the components once (``api.deps.build_service``), brings the vector
indexes in line with the database and stores everything on ``app.state.services``; at shutdown the indexes are
saved. Errors of every kind become one JSON shape with a stable code in ``api.errors`` (their ``detail`` is
then localized by ``api.error_i18n``); request bodies are limited before they are read (``api.limits``);
``api.openapi`` completes the OpenAPI document and serves ``/docs`` offline.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.db.migrate import migrate
from api.deps import AppServices, build_service
from api.error_i18n import localize_errors
from api.errors import install_error_handlers
from api.limits import BodyLimitMiddleware
from api.openapi import install_docs
from api.scheduling import PriorityGateMiddleware
from api.settings import Settings

log = logging.getLogger("passerelle.api")

CORE_ROUTERS = ("api.routes.me", "api.routes.vacancies", "api.routes.candidates", "api.routes.admin")
OTHER_ROUTERS = (
    "api.routes.workflow",
    "api.routes.reference",
    "api.routes.market",
    "api.routes.occupation_codes",
    "api.routes.web",
)
ACCOUNT_ROUTERS = ("api.accounts.routes", "api.accounts.employers", "api.accounts.pages")


def _lifespan(settings: Settings, on_ready: Callable[[], None] | None):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.server_threads
        migrate(settings.database_url)
        services = build_service(settings)
        app.state.services = services
        if settings.load_demo:
            from api.demo_load import load_demo_if_empty

            load_demo_if_empty(services)
        services.worker.start()  # loads the replica and follows the change log; /readyz says when it caught up
        from api.mail.runtime import start_mailer

        app.state.mailer = start_mailer(services)
        # What start-up built (models, taxonomy, demo rows) lives as long as the process: kept out of the
        # collector's full passes, which otherwise walk it again and again under load.
        if settings.gc_freeze:
            gc.collect()
            gc.freeze()
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            if settings.gc_freeze:
                gc.unfreeze()  # an app stopped inside a longer-lived process must not pin what it built
            app.state.mailer.stop()
            services.worker.stop()
            services.engine.dispose()

    return lifespan


def _include_routers(app: FastAPI) -> None:
    for name in CORE_ROUTERS + ACCOUNT_ROUTERS:
        app.include_router(importlib.import_module(name).router)
    for name in OTHER_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            log.warning("router %s is not there yet", name)
            continue
        app.include_router(module.router)


def create_app(settings: Settings | None = None, on_ready: Callable[[], None] | None = None) -> FastAPI:
    """Build the application.

    Args:
        settings: the deployment settings (read from the environment when omitted).
        on_ready: called once the services are up (the ``serve`` command prints where to go).

    Returns:
        The FastAPI app; its lifespan does the loading.
    """
    settings = settings or Settings()
    app = FastAPI(
        title="Passerelle",
        version="0.1.0",
        description="Explained job matching between candidates abroad and employers in Québec's regions.",
        lifespan=_lifespan(settings, on_ready),
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    localize_errors(app)  # after every handler: details follow Accept-Language, keyed by the stable code

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Liveness: answered on the event loop, without the thread pool or the database, so it stays fast."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: 503 until this process's index replica has caught up with the change log."""
        services: AppServices | None = getattr(request.app.state, "services", None)
        worker = services.worker if services is not None else None
        ready = worker is not None and worker.ready
        body: dict[str, object] = {"status": "ready" if ready else "not ready", "pid": os.getpid()}
        if worker is not None:
            body["applied_change"] = worker.applied
            if request.query_params.get("lags") == "1":
                body["lag_ms"] = [round(v * 1000, 1) for v in worker.lag_seconds()]
        return JSONResponse(status_code=200 if ready else 503, content=body)

    # Inside the body limit (added later, so outer): an oversized body is refused without queueing.
    app.add_middleware(
        PriorityGateMiddleware,
        slots=settings.server_threads,
        read_budget=settings.read_budget_seconds,
        write_budget=settings.write_budget_seconds,
    )
    app.add_middleware(
        BodyLimitMiddleware, max_json_bytes=settings.max_json_bytes, max_upload_bytes=settings.max_upload_bytes
    )
    _include_routers(app)
    install_docs(app)
    return app
