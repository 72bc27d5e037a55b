"""The OpenAPI document with every error answer, and ``/docs`` served offline.

Each operation documents the errors it can answer, all with one body (``ErrorBody``; ``ValidationErrorBody``
for 422). Most follow from the route itself:

- 401 when it needs a bearer token (it depends on ``api.deps.get_current_user``);
- 400, 413 and 422 when it takes a body; 422 when it takes parameters; 404 when its path names an object.

The rest (403 for a role, 409 for a state, 415, 503) depends on what the handler does and is listed in
:data:`ROUTE_ERRORS`; ``tests/api/test_openapi.py`` checks that every status of the authorization matrix is
documented, and the schema fuzzing checks that no undocumented status is ever answered.

``/docs`` is Swagger UI from the ``swagger-ui-bundle-v2`` package, its JavaScript and CSS served by the app under
``/docs/assets`` (no CDN).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api.deps import get_current_user

DOCS_ASSETS = "/docs/assets"

STATUS_TEXT: dict[int, str] = {
    400: "Malformed request: a body that cannot be parsed, or a bad Content-Length (code `bad_request`).",
    401: "Missing, invalid or revoked bearer token (code `not_authenticated`).",
    403: "The account's role may not do this (code `forbidden`).",
    404: "Not found, or not visible to this account: the same answer either way (code `not_found`).",
    409: "Conflicts with the current state (codes `conflict`, `profile_exists`, `invitation_exists`, "
    "`invitation_answered`, `vacancy_closed`).",
    413: "Body over its limit (1 MB of JSON, `max_upload_bytes` for an upload; code `body_too_large`) or "
    "document too large (code `document_too_large`).",
    415: "File type not read: PDF, DOCX or plain text only (code `unsupported_document`).",
    422: "Invalid input: `errors` says where (code `validation_error`), or a value the service refuses "
    "(codes `invalid_input`, `unknown_occupation`, `unknown_municipality`, `ambiguous_municipality`, "
    "`empty_text`, `text_too_long`, `corrupt_document`, `empty_document`).",
    429: "Too many failed sign-ins for this address or client: wait `Retry-After` seconds (code `too_many_signins`).",
    503: "Not ready yet: the index or the classifier (codes `index_not_ready`, `not_ready`).",
}

ROUTE_ERRORS: dict[str, tuple[int, ...]] = {
    "GET /api/v1/me": (),
    "GET /api/v1/invitations": (),
    "GET /api/v1/regions": (),
    "GET /api/v1/municipalities": (),
    "GET /api/v1/admin/health": (403,),
    "POST /api/v1/vacancies": (403,),
    "GET /api/v1/vacancies": (403,),
    "GET /api/v1/vacancies/{vacancy_id}": (403,),
    "PATCH /api/v1/vacancies/{vacancy_id}": (403,),
    "POST /api/v1/vacancies/{vacancy_id}/close": (403,),
    "GET /api/v1/vacancies/{vacancy_id}/shortlist": (403, 503),
    "GET /api/v1/vacancies/{vacancy_id}/fairness": (403, 503),
    "POST /api/v1/vacancies/{vacancy_id}/reviews/{candidate_id}": (403,),
    "POST /api/v1/candidates": (403, 409),
    "GET /api/v1/candidates/{candidate_id}": (403,),
    "PATCH /api/v1/candidates/{candidate_id}": (403,),
    "DELETE /api/v1/candidates/{candidate_id}": (403,),
    "POST /api/v1/candidates/{candidate_id}/resume": (403, 415),
    "GET /api/v1/candidates/{candidate_id}/export": (403,),
    "GET /api/v1/candidates/{candidate_id}/matches": (403, 503),
    "POST /api/v1/invitations": (403, 404, 409),
    "POST /api/v1/invitations/{invitation_id}/accept": (403, 409),
    "POST /api/v1/invitations/{invitation_id}/decline": (403, 409),
    "GET /api/v1/indicators": (403,),
    "GET /api/v1/audit": (403,),
    # accounts
    "POST /api/v1/auth/signup": (403,),
    "POST /api/v1/auth/verify": (400,),
    "POST /api/v1/auth/signin": (401, 403, 429),
    "POST /api/v1/auth/token-signin": (401,),
    "POST /api/v1/auth/reset": (400,),
    "POST /api/v1/auth/unsubscribe": (400,),
    "POST /api/v1/me/tokens": (409,),
    "GET /api/v1/employers": (403,),
    "POST /api/v1/employers/{employer_id}/verify": (403,),
    "POST /api/v1/admin/advisors": (403, 409),
    "GET /api/v1/occupations/suggest": (503,),
    # outcomes, indicators, bias audit, accountability (api/routes/workflow_offers.py, workflow_monthly.py,
    # bias_audit.py, accountability.py)
    "POST /api/v1/invitations/{invitation_id}/offer": (403, 409),
    "POST /api/v1/offers/{offer_id}/accept": (403, 409),
    "POST /api/v1/offers/{offer_id}/decline": (403, 409),
    "POST /api/v1/offers/{offer_id}/hire": (403, 409),
    "PUT /api/v1/candidates/{candidate_id}/arrival": (403,),
    "PUT /api/v1/candidates/{candidate_id}/follow-ups/{months}": (403, 409),
    "GET /api/v1/candidates/{candidate_id}/outcomes": (403,),
    "GET /api/v1/candidates/{candidate_id}/self-identification": (403,),
    "PUT /api/v1/candidates/{candidate_id}/self-identification": (403,),
    "POST /api/v1/review-requests": (403, 404, 409),
    "GET /api/v1/review-requests": (403,),
    "POST /api/v1/review-requests/{request_id}/answer": (403, 409),
    "POST /api/v1/audit/purge": (403,),
    "GET /api/v1/indicators/monthly": (403, 404),
    "GET /api/v1/indicators/monthly.csv": (403, 404),
    "GET /api/v1/indicators/fast-track-files": (403, 404),
    "GET /api/v1/vacancies/{vacancy_id}/bias-audit": (403, 503),
    "GET /api/v1/bias-audit": (403, 404, 503),
}
"""Errors a route answers beyond those that follow from its shape (see the module docstring)."""

DEFAULT_ERRORS: dict[str, tuple[int, ...]] = {
    "GET": (403, 404, 503),
    "POST": (403, 404, 409),
    "PATCH": (403, 404, 409),
    "PUT": (403, 404, 409),
    "DELETE": (403, 404, 409),
}
"""A route missing from :data:`ROUTE_ERRORS` documents these, by method (a role check, an object named in the
query or body, a state conflict); list a route in :data:`ROUTE_ERRORS` to be precise."""


class ErrorBody(BaseModel):
    """Every error answer."""

    model_config = ConfigDict(extra="allow")

    detail: str = Field(description="What went wrong, for people.")
    code: str = Field(description="Stable machine-readable code (snake_case); messages are translated by it.")
    candidates: list[str] | None = Field(None, description="For `ambiguous_municipality`: the codes to choose from.")


class ValidationIssue(BaseModel):
    """One invalid part of a request (the value itself is never quoted back)."""

    loc: list[str | int] = Field(description='Where: ["body", "title"], ["path", "vacancy_id"], …')
    msg: str
    type: str


class ValidationErrorBody(ErrorBody):
    """A 422 for a request that does not match its schema."""

    errors: list[ValidationIssue] = Field(default_factory=list)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _authenticated(app: FastAPI) -> set[str]:
    found = set()
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if isinstance(dependant, Dependant) and get_current_user in set(_calls(dependant)):
            found |= {f"{m} {route.path}" for m in route.methods or ()}
    return found


def operation_errors(key: str, operation: dict[str, Any], authenticated: bool) -> set[int]:
    """The error statuses of one operation ("METHOD /path").

    Args:
        key: "GET /api/v1/…".
        operation: its OpenAPI operation object.
        authenticated: whether it needs a bearer token.

    Returns:
        The statuses to document.
    """
    statuses = set(ROUTE_ERRORS.get(key, DEFAULT_ERRORS.get(key.split(" ", 1)[0], ())))
    params = operation.get("parameters", [])
    if authenticated:
        statuses.add(401)
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
    if params:
        statuses.add(422)
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)
    return statuses


def _ref(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _add_components(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for model in (ErrorBody, ValidationErrorBody):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(body.pop("$defs", {}))
        schemas[model.__name__] = body
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components.setdefault("securitySchemes", {})["bearerAuth"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An account's access token (`psl_…`).",
    }


def complete_openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with every error answer and the bearer scheme (built once).

    Args:
        app: the application, its routes included.

    Returns:
        The document (also cached on ``app.openapi_schema``).
    """
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    authenticated = _authenticated(app)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            key = f"{method.upper()} {path}"
            responses = operation.setdefault("responses", {})
            for status in sorted(operation_errors(key, operation, key in authenticated)):
                body = "ValidationErrorBody" if status == 422 else "ErrorBody"
                responses[str(status)] = {"description": STATUS_TEXT[status], **_ref(body)}
            if key in authenticated:
                operation["security"] = [{"bearerAuth": []}]
    _add_components(schema)
    app.openapi_schema = schema
    return schema


def install_docs(app: FastAPI) -> None:
    """Serve ``/docs`` (Swagger UI) with its assets from the package, and the complete OpenAPI document.

    The app must be created with ``docs_url=None`` and ``redoc_url=None`` (ReDoc would load from a CDN).
    """
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    app.openapi = lambda: complete_openapi(app)  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
        )
