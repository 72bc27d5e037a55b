"""HTTP glue shared by the account routes: base URL of links, client address, waking the mail sender, errors."""

from __future__ import annotations

from fastapi import Request

from api.accounts.secrets import signing_key
from api.accounts.service import AccountError
from api.deps import AppServices
from api.errors import ApiError


def base_url(request: Request, services: AppServices) -> str:
    """Where links in e-mails point: ``accounts.public_url``, or the URL this request came to."""
    configured = services.settings.accounts.public_url
    return (configured or str(request.base_url)).rstrip("/")


def client_ip(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client is not None else "unknown"


def key_of(services: AppServices) -> bytes:
    """The key signing e-mail links."""
    return signing_key(services.settings)


def wake_mailer(request: Request) -> None:
    """Ask the mail sender to look at the outbox now (a message was just committed)."""
    mailer = getattr(request.app.state, "mailer", None)
    if mailer is not None:
        mailer.wake()


def http_error(exc: AccountError) -> ApiError:
    """The HTTP answer of an account rule, with its stable code (the console translates it)."""
    return ApiError(exc.status, exc.code, str(exc))
