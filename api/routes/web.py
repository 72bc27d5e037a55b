"""The web console: server-rendered page shells (Jinja2) and their static files.

Each page is a shell in the visitor's language; small vanilla scripts under ``/static/js`` fill it by calling
the ``/api/v1`` JSON endpoints with the session cookie (``api.accounts.sessions``; the sign-in and other
account pages are in ``api.accounts.pages``). No page here reads the
database or checks a token: the API does both, so the console can show nothing the API would not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.web.i18n import LANGUAGE_NAMES, labels, pick_language
from regions.countries import countries

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")

router = APIRouter(include_in_schema=False)

LangCookie = Annotated[str | None, Cookie(alias="lang")]

# The CSRF token is readable by scripts, so no script but ours may run: scripts only from /static, no inline
# code (the labels travel in a non-executable JSON block), no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# CEFR level -> (NCLC levels, TCF points per test): the usual correspondence (CEFR A1 = NCLC 1-2 ... C2 = 11-12;
# TCF 100-699 in bands of 100 per CEFR level). Approximate: the official IRCC/MIFI tables per skill prevail.
FRENCH_LEVELS: list[tuple[str, str, str]] = [
    ("A1", "1–2", "100–199"),
    ("A2", "3–4", "200–299"),
    ("B1", "5–6", "300–399"),
    ("B2", "7–8", "400–499"),
    ("C1", "9–10", "500–599"),
    ("C2", "11–12", "600–699"),
]

# role -> [(href, label key)] shown in the header once signed in
NAV: dict[str, list[tuple[str, str]]] = {
    "advisor": [
        ("/advisor", "nav_vacancies"),
        ("/advisor/employers", "nav_employers"),
        ("/advisor/indicators", "nav_indicators"),
        ("/how-rankings-work", "nav_notice"),
        ("/account", "nav_account"),
    ],
    "employer": [
        ("/employer", "nav_vacancies"),
        ("/employer/vacancies/new", "nav_new_vacancy"),
        ("/employer/invitations", "nav_invitations"),
        ("/how-rankings-work", "nav_notice"),
        ("/account", "nav_account"),
    ],
    "candidate": [
        ("/candidate", "nav_profile"),
        ("/candidate/matches", "nav_matches"),
        ("/candidate/search", "nav_search"),
        ("/candidate/invitations", "nav_invitations"),
        ("/candidate/data", "nav_my_data"),
        ("/how-rankings-work", "nav_notice"),
        ("/account", "nav_account"),
    ],
}


def _render(
    request: Request, template: str, *, lang_cookie: str | None, role: str | None, title: str, **extra: Any
) -> HTMLResponse:
    """Render one page shell.

    Args:
        request: the incoming request.
        template: template file name under ``api/web/templates``.
        lang_cookie: the ``lang`` cookie, which picks French, English or Spanish (else Accept-Language, else French).
        role: the role the page is for (``None`` for the sign-in page); the scripts send other roles home.
        title: label key of the page title.
        **extra: more template variables (for example ``vacancy_id``).

    Returns:
        The HTML response.
    """
    lang = pick_language(lang_cookie, request.headers.get("accept-language"))
    t = labels(lang)
    # "</" cannot close the <script> element that carries the labels.
    labels_json = json.dumps(t, ensure_ascii=False).replace("</", "<\\/")
    context = {
        "lang": lang,
        "t": t,
        "labels_json": labels_json,
        "role": role or "",
        "nav": NAV.get(role or "", []),
        "languages": LANGUAGE_NAMES,
        "title": t[title],
        "path": request.url.path,
        **extra,
    }
    response = templates.TemplateResponse(request, template, context)
    response.headers.update(SECURITY_HEADERS)
    return response


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    """Send visitors to the sign-in page, which forwards signed-in users to their own home."""
    return RedirectResponse("/signin", status_code=307)


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Sign-in with e-mail and password, or with an access token (script: ``signin.js``)."""
    return _render(request, "signin.html", lang_cookie=lang, role=None, title="title_signin")


@router.get("/advisor", response_class=HTMLResponse)
def advisor_home(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Vacancies of the advisor's regions with their shortlist status."""
    return _render(request, "advisor_home.html", lang_cookie=lang, role="advisor", title="title_advisor_home")


@router.get("/advisor/vacancies/{vacancy_id}", response_class=HTMLResponse)
def advisor_shortlist(request: Request, vacancy_id: int, lang: LangCookie = None) -> HTMLResponse:
    """Explained shortlist of one vacancy, with review and invitation actions."""
    return _render(
        request,
        "shortlist.html",
        lang_cookie=lang,
        role="advisor",
        title="title_shortlist",
        vacancy_id=vacancy_id,
    )


@router.get("/advisor/vacancies/{vacancy_id}/fairness", response_class=HTMLResponse)
def advisor_fairness(request: Request, vacancy_id: int, lang: LangCookie = None) -> HTMLResponse:
    """Share of each country and status in the top of a shortlist against the pool."""
    return _render(
        request, "fairness.html", lang_cookie=lang, role="advisor", title="title_fairness", vacancy_id=vacancy_id
    )


@router.get("/advisor/indicators", response_class=HTMLResponse)
def advisor_indicators(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Charts of the plan indicators by region."""
    return _render(request, "indicators.html", lang_cookie=lang, role="advisor", title="title_indicators")


@router.get("/how-rankings-work", response_class=HTMLResponse)
def ranking_notice(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """How rankings are made (Law 25 notice) and requests for a person to review a ranking; any signed-in role."""
    return _render(request, "notice.html", lang_cookie=lang, role="any", title="title_notice")


@router.get("/employer", response_class=HTMLResponse)
def employer_home(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """The employer's own vacancies."""
    return _render(request, "employer_home.html", lang_cookie=lang, role="employer", title="title_employer_home")


@router.get("/employer/vacancies/new", response_class=HTMLResponse)
def employer_new_vacancy(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Form to post a vacancy, with live CNP suggestions."""
    return _render(
        request, "vacancy_form.html", lang_cookie=lang, role="employer", title="title_new_vacancy", vacancy_id=None
    )


@router.get("/employer/vacancies/{vacancy_id}/edit", response_class=HTMLResponse)
def employer_edit_vacancy(request: Request, vacancy_id: int, lang: LangCookie = None) -> HTMLResponse:
    """Form to edit one of the employer's vacancies."""
    return _render(
        request,
        "vacancy_form.html",
        lang_cookie=lang,
        role="employer",
        title="title_edit_vacancy",
        vacancy_id=vacancy_id,
    )


@router.get("/employer/vacancies/{vacancy_id}", response_class=HTMLResponse)
def employer_shortlist(request: Request, vacancy_id: int, lang: LangCookie = None) -> HTMLResponse:
    """Anonymous shortlist of one of the employer's vacancies."""
    return _render(
        request,
        "shortlist.html",
        lang_cookie=lang,
        role="employer",
        title="title_shortlist",
        vacancy_id=vacancy_id,
    )


@router.get("/employer/invitations", response_class=HTMLResponse)
def employer_invitations(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Invitations sent for the employer's vacancies."""
    return _render(request, "invitations.html", lang_cookie=lang, role="employer", title="title_employer_invitations")


@router.get("/candidate", response_class=HTMLResponse)
def candidate_home(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Profile form (countries by name in the page language, CEFR levels explained) and résumé upload."""
    chosen = pick_language(lang, request.headers.get("accept-language"))
    return _render(
        request,
        "candidate_home.html",
        lang_cookie=lang,
        role="candidate",
        title="title_candidate_home",
        countries=countries(chosen),
        french_levels=FRENCH_LEVELS,
    )


@router.get("/candidate/search", response_class=HTMLResponse)
def candidate_search(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Search of open vacancies by text, region and occupation, with explanations and "I'm interested"."""
    return _render(request, "search.html", lang_cookie=lang, role="candidate", title="title_search")


@router.get("/candidate/matches", response_class=HTMLResponse)
def candidate_matches(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Matching vacancies with their explanations."""
    return _render(request, "matches.html", lang_cookie=lang, role="candidate", title="title_matches")


@router.get("/candidate/invitations", response_class=HTMLResponse)
def candidate_invitations(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Invitations to accept or decline."""
    return _render(request, "invitations.html", lang_cookie=lang, role="candidate", title="title_candidate_invitations")


@router.get("/candidate/data", response_class=HTMLResponse)
def candidate_data(request: Request, lang: LangCookie = None) -> HTMLResponse:
    """Export and deletion of the candidate's data."""
    return _render(request, "my_data.html", lang_cookie=lang, role="candidate", title="title_my_data")


@router.get("/static/{file_path:path}")
def static_file(file_path: str) -> Response:
    """Serve a file of ``api/web/static`` (CSS and scripts), refusing paths that leave the folder.

    Args:
        file_path: path relative to the static folder.

    Returns:
        The file, or 404.
    """
    target = (STATIC_DIR / file_path).resolve()
    if not target.is_relative_to(STATIC_DIR.resolve()) or not target.is_file():
        raise HTTPException(status_code=404, detail=f"no static file {file_path!r}")
    return FileResponse(target, headers={"Cache-Control": "no-cache"})
