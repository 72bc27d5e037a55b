"""Error answers of the API: one JSON shape with a stable machine-readable code, built in one place.

Every error body is ``{"detail": str, "code": str, ...}``. ``detail`` is a sentence for people (the console
shows it; it may be translated by ``code``); ``code`` never changes for a given cause, so clients and the
message catalogue key on it. A validation error adds ``errors`` (where and what, never the input back); an
ambiguous municipality adds ``candidates``.

Routes raise :class:`ApiError` when they want a specific code; a plain ``HTTPException`` gets the code of its
status (:data:`STATUS_CODES`). Domain errors (``matching.errors``) map by class (:data:`DOMAIN_ERRORS`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from api.services.errors import ConflictError, ForbiddenError, NotFoundError
from matching.errors import (
    AmbiguousMunicipalityError,
    CorruptDocumentError,
    DocumentTooLargeError,
    EmbeddingDimensionError,
    EmptyDocumentError,
    EmptyTextError,
    IndexNotReadyError,
    InvalidInputError,
    MatchingError,
    RuleSetError,
    TextTooLongError,
    UnknownMunicipalityError,
    UnknownOccupationError,
    UnknownRecordError,
    UnsupportedDocumentError,
)

log = logging.getLogger("passerelle.api")

STATUS_CODES: Mapping[int, str] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    503: "not_ready",
}
"""The code of an error raised with a status only."""

DOMAIN_ERRORS: Sequence[tuple[type[MatchingError], int, str]] = (
    (ForbiddenError, 403, "forbidden"),
    (ConflictError, 409, "conflict"),
    (NotFoundError, 404, "not_found"),
    (DocumentTooLargeError, 413, "document_too_large"),
    (UnsupportedDocumentError, 415, "unsupported_document"),
    (CorruptDocumentError, 422, "corrupt_document"),
    (EmptyDocumentError, 422, "empty_document"),
    (UnknownOccupationError, 422, "unknown_occupation"),
    (AmbiguousMunicipalityError, 422, "ambiguous_municipality"),
    (UnknownMunicipalityError, 422, "unknown_municipality"),
    (EmptyTextError, 422, "empty_text"),
    (TextTooLongError, 422, "text_too_long"),
    (InvalidInputError, 422, "invalid_input"),
    (UnknownRecordError, 404, "not_found"),
    (IndexNotReadyError, 503, "index_not_ready"),
    (EmbeddingDimensionError, 500, "internal_error"),
    (RuleSetError, 500, "internal_error"),
    (MatchingError, 400, "bad_request"),
)
"""Domain error class → (HTTP status, code); the first class the error is an instance of wins, and an error's own
``code`` attribute, when it has one, is more specific still."""

MAX_MESSAGE = 300
"""Longest message quoted in a validation error (a message may quote the value it refuses)."""
MAX_ERRORS = 20
"""Validation errors listed at most (a long list of bad items is cut)."""


class ApiError(HTTPException):
    """An HTTP error with its stable code.

    Args:
        status_code: the HTTP status.
        code: the machine-readable code (snake_case, stable).
        detail: the message for people.
        headers: extra response headers.
    """

    def __init__(self, status_code: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=dict(headers) if headers else None)
        self.code = code


def error_body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of an error (a message quoting invalid Unicode is repaired, so it can be sent)."""
    clean = detail.encode("utf-8", "replace").decode("utf-8")
    return {"detail": clean, "code": code, **extra}


def domain_status(exc: MatchingError) -> tuple[int, str]:
    """The HTTP status and code of a domain error."""
    for kind, status, code in DOMAIN_ERRORS:
        if isinstance(exc, kind):
            own = getattr(exc, "code", None)
            return status, own if isinstance(own, str) and own.isidentifier() else code
    return 400, "bad_request"


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def validation_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Where and what is wrong, without the input (it can be megabytes, or personal data).

    Args:
        errors: pydantic's error dicts.

    Returns:
        ``{"loc": [...], "msg": str, "type": str}`` for the first :data:`MAX_ERRORS` errors.
    """
    return [
        {
            "loc": [p if isinstance(p, int) else _short(str(p)) for p in e.get("loc", ())],
            "msg": _short(str(e.get("msg", ""))),
            "type": str(e.get("type", "")),
        }
        for e in errors[:MAX_ERRORS]
    ]


def _validation_detail(errors: Sequence[dict[str, Any]], total: int) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg']}" for e in errors[:3]]
    more = f" (and {total - 3} more)" if total > 3 else ""
    return "invalid request: " + "; ".join(parts) + more


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    own = getattr(exc, "code", None)  # ApiError, or any HTTPException carrying a stable code
    code = own if isinstance(own, str) and own.isidentifier() else STATUS_CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return JSONResponse(error_body(code, detail), status_code=exc.status_code, headers=exc.headers)


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = exc.errors()
    errors = validation_errors(raw)
    body = error_body("validation_error", _validation_detail(errors, len(raw)), errors=errors)
    return JSONResponse(body, status_code=422)


async def _matching_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MatchingError)
    status, code = domain_status(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, AmbiguousMunicipalityError):
        extra["candidates"] = list(exc.candidates)
    if isinstance(exc, UnknownMunicipalityError):
        extra["suggestions"] = list(exc.suggestions)
    if status >= 500 and status != 503:  # 503 (index not ready) says why and when to retry
        log.error("internal matching error: %s", exc)
        return JSONResponse(error_body(code, "internal error"), status_code=status)
    headers = {"Retry-After": "1"} if status == 503 else None
    return JSONResponse(error_body(code, _short(str(exc)), **extra), status_code=status, headers=headers)


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether a database error is a unique-constraint violation (SQLite or PostgreSQL)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == "23505" or "UNIQUE constraint failed" in str(exc.orig)


UNIQUE_CONFLICTS: Sequence[tuple[tuple[str, ...], str, str]] = (
    (
        ("candidate.user_id", "candidate_user_id"),
        "profile_exists",
        "this account already has a candidate profile: use PATCH to change it",
    ),
)
"""Unique constraints a request can race into: (names in the database's message, code, message)."""


async def _integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    if is_unique_violation(exc):
        text = str(exc.orig)
        for names, code, detail in UNIQUE_CONFLICTS:
            if any(name in text for name in names):
                return JSONResponse(error_body(code, detail), status_code=409)
        detail = "this record was created or changed at the same moment by another request; reload and retry"
        return JSONResponse(error_body("conflict", detail), status_code=409)
    log.error("database integrity error: %s", exc.orig)
    return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", exc_info=exc)
    return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Register every error handler on ``app`` (one shape for all errors)."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(MatchingError, _matching_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(Exception, _unexpected)
