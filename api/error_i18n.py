"""API error messages in the caller's language (Accept-Language; French by default), keyed by the stable code.

:func:`localize_errors` wraps the error handlers already installed on the app: each error body keeps its stable
``code`` (added here from the exception when a handler did not set one) and its ``detail`` is rewritten from the
catalogue entry ``error_<code>`` of ``api/web/locale`` with the exception's facts (a file name, a municipality and
its choices or suggestions, an occupation code); the codes are those of ``api.errors``. English keeps the route's
own, more specific sentence. A validation error lists each field with a localized reason (``val_<pydantic type>``).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.responses import Response

from api.errors import STATUS_CODES, domain_status
from api.web.i18n import labels, negotiate, translate
from matching.errors import (
    AmbiguousMunicipalityError,
    DocumentError,
    DocumentTooLargeError,
    MatchingError,
    UnknownMunicipalityError,
    UnknownOccupationError,
)

Handler = Callable[[Request, Exception], Awaitable[Response] | Response]

_FIELD_LABELS: Mapping[str, str] = {
    "french": "french_level",
    "status": "candidate_status",
    "title": "vacancy_title",
    "description": "vacancy_description",
    "text": "resume_text",
}
_NUMBER_TYPES = frozenset({"int_parsing", "int_type", "float_parsing", "float_type", "int_from_float", "finite_number"})
_DATE_TYPES = frozenset({"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"})


def request_language(request: Request) -> str:
    """fr, en or es from the request's Accept-Language (French when absent or none of them)."""
    return negotiate(request.headers.get("accept-language"))


def error_code(exc: Exception, status: int) -> str:
    """The stable code of an exception: its own ``code``, its domain class, else its status."""
    own = getattr(exc, "code", None)
    if isinstance(own, str) and own and not isinstance(exc, UnknownOccupationError):
        return own
    if isinstance(exc, RequestValidationError):
        return "validation_error"
    if isinstance(exc, MatchingError):
        return domain_status(exc)[1]
    return STATUS_CODES.get(status, "internal_error" if status >= 500 else "bad_request")


def error_params(exc: Exception, detail: str) -> dict[str, object]:
    """The facts a localized message may quote (never the raw input)."""
    params: dict[str, object] = {"detail": detail}
    if isinstance(exc, DocumentError):
        params["filename"] = exc.filename
    if isinstance(exc, DocumentTooLargeError):
        params["limit_mb"] = f"{exc.limit / 1_048_576:.0f}"
    if isinstance(exc, UnknownOccupationError):
        params["code"] = exc.code
    if isinstance(exc, AmbiguousMunicipalityError):
        params.update(name=exc.name, choices="; ".join(exc.candidates))
    if isinstance(exc, UnknownMunicipalityError):
        params.update(name=exc.name, suggestions="; ".join(exc.suggestions))
    return params


def localized_detail(code: str, lang: str, detail: str, params: Mapping[str, object]) -> str:
    """The message of ``code`` in ``lang``; English keeps ``detail``; an unknown code keeps it too."""
    if lang == "en" and detail:
        return detail
    key = f"error_{code}"
    if code == "unknown_municipality" and params.get("suggestions"):
        key = "error_unknown_municipality_suggest"
    if key not in labels(lang):
        return detail
    text = translate(key, lang, **params)
    return detail if "{" in text else text


def validation_message(errors: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Each wrong field with a localized reason: "Pays : pays inconnu ; Courriel : format invalide". In English,
    the field's name and pydantic's message, for API clients: "invalid request: french: Input should be ..."."""
    if lang == "en":
        listed = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', '')}" for e in errors[:5]
        ]
        return "invalid request: " + "; ".join(listed) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
    parts = [f"{_field_label(e.get('loc', ()), lang)}{translate('colon', lang)} {_reason(e, lang)}" for e in errors[:5]]
    more = f" (+{len(errors) - 5})" if len(errors) > 5 else ""
    return translate("error_validation_error", lang, errors=" ; ".join(parts) + more)


def _public(error: Mapping[str, Any]) -> dict[str, Any]:
    """Where and what, never the input back (what the serving branch's ``api.errors.validation_errors`` gives)."""
    loc = [p if isinstance(p, int) else str(p)[:300] for p in error.get("loc", ())]
    return {"loc": loc, "msg": str(error.get("msg", ""))[:300], "type": str(error.get("type", ""))}


def _field_label(loc: Sequence[Any], lang: str) -> str:
    names = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    if not names:
        return "?"
    name = names[-1] if not names[-1].isdigit() or len(names) == 1 else names[-2]
    key = _FIELD_LABELS.get(name, name)
    return labels(lang).get(key, name) if key.isidentifier() else name


def _reason(error: Mapping[str, Any], lang: str) -> str:
    kind = str(error.get("type", ""))
    ctx = {
        k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v) for k, v in (error.get("ctx") or {}).items()
    }
    if kind == "country_unknown":
        key = "val_country_unknown_suggest" if ctx.get("suggestions") else "val_country_unknown"
        return translate(key, lang, **ctx)
    key = "val_number" if kind in _NUMBER_TYPES else "val_date" if kind in _DATE_TYPES else f"val_{kind}"
    key = "val_bool" if kind.startswith("bool_") else key
    if key in labels(lang):
        text = translate(key, lang, **ctx)
        if "{" not in text:
            return text
    return str(error.get("msg", kind))


def _wrap(handler: Handler) -> Handler:
    async def localized(request: Request, exc: Exception) -> Response:
        response = handler(request, exc)
        if not isinstance(response, Response):
            response = await response
        if not isinstance(response, JSONResponse) or not response.headers.get("content-type", "").startswith(
            "application/json"
        ):
            return response
        body = json.loads(bytes(response.body))
        if not isinstance(body, dict) or "detail" not in body:
            return response
        return _rewrite(request, exc, response, body)

    return localized


def _rewrite(request: Request, exc: Exception, response: JSONResponse, body: dict[str, Any]) -> JSONResponse:
    lang = request_language(request)
    code = str(body.get("code") or error_code(exc, response.status_code))
    detail = body["detail"] if isinstance(body["detail"], str) else ""
    if isinstance(exc, RequestValidationError):
        body.setdefault("errors", [_public(e) for e in exc.errors()[:20]])
        body["detail"] = detail if lang == "en" and detail else validation_message(exc.errors(), lang)
    else:
        body["detail"] = localized_detail(code, lang, detail, error_params(exc, detail))
    if isinstance(exc, UnknownMunicipalityError):
        body.setdefault("suggestions", list(exc.suggestions))
    body["code"] = code
    headers = {k: v for k, v in response.headers.items() if k.lower() not in {"content-length", "content-type"}}
    headers["Content-Language"] = lang
    return JSONResponse(body, status_code=response.status_code, headers=headers)


def localize_errors(app: FastAPI) -> None:
    """Wrap every error handler installed on ``app`` (call it after they are all installed)."""
    for kind, handler in list(app.exception_handlers.items()):
        if isinstance(kind, type) and issubclass(kind, Exception):
            app.exception_handlers[kind] = _wrap(handler)
