"""Console pages of accounts: sign-in, sign-up, the e-mail links (verify, reset, unsubscribe), the account
page, and the advisors' employer verification page. Like every console page they are shells filled by a
script calling the JSON API; the e-mail link pages only read their token from the URL and post it.

Their language is the console's: the ``lang`` cookie set by the header's fr/en/es menu, else Accept-Language,
else French. The sign-in page itself is ``/signin`` in ``api.routes.web`` (template and script are ours).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Request
from fastapi.responses import HTMLResponse

from api.deps import ServiceDep
from api.routes.web import _render

router = APIRouter(include_in_schema=False)
LangCookie = Annotated[str | None, Cookie(alias="lang")]
render_page = _render  # the console's page shell (labels from the fr/en/es catalogue, security headers)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, services: ServiceDep, lang: LangCookie = None) -> HTMLResponse:
    """Create a candidate or employer account."""
    regions = sorted((code, r.name) for code, r in services.geography.regions.items())
    return render_page(request, "signup.html", lang_cookie=lang, role=None, title="title_signup", regions=regions)


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """The e-mail verification link lands here; the page posts its token."""
    return render_page(request, "verify.html", lang_cookie=lang, role=None, title="title_verify")


@router.get("/forgot", response_class=HTMLResponse)
def forgot_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Ask for a password reset link."""
    return render_page(request, "forgot.html", lang_cookie=lang, role=None, title="title_forgot")


@router.get("/reset", response_class=HTMLResponse)
def reset_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """The reset link lands here: choose a new password."""
    return render_page(request, "reset.html", lang_cookie=lang, role=None, title="title_reset")


@router.get("/unsubscribe", response_class=HTMLResponse)
def unsubscribe_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """The digest's unsubscribe link lands here: one button switches it off."""
    return render_page(request, "unsubscribe.html", lang_cookie=lang, role=None, title="title_unsubscribe")


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Settings, personal access tokens and account deletion (every role)."""
    return render_page(request, "account.html", lang_cookie=lang, role="any", title="title_account")


@router.get("/advisor/employers", response_class=HTMLResponse)
def employers_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Employers of the advisor's regions waiting for verification (and, for admins, new advisors)."""
    return render_page(request, "employers.html", lang_cookie=lang, role="advisor", title="title_employers")
