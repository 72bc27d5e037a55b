"""Reference data for forms: occupation suggestions, regions, municipality autocomplete (any signed-in user)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from api.deps import AppServices, CurrentUserDep, ServiceDep
from matching.models import OccupationCode, Vacancy
from matching.rules import rule_facts
from occupations.search import load_search
from regions.geography import Municipality

router = APIRouter(prefix="/api/v1", tags=["reference"])

WARMING = (
    "the occupation classifier is warming up (first start): pick the occupation in the search box, "
    "or retry in a few minutes"
)


class OccupationSuggestion(BaseModel):
    code: str
    title_fr: str
    title_en: str
    score: float
    diagnostic: str | None
    fast_track: bool
    preselected: bool = Field(False, description="Sure enough to be pre-ticked (occupation_preselect_confidence).")


class OccupationSuggestions(BaseModel):
    data: list[OccupationSuggestion]


class RegionPublic(BaseModel):
    code: str
    name: str


class RegionsPublic(BaseModel):
    data: list[RegionPublic]


class MunicipalityPublic(BaseModel):
    code: str
    name: str
    region_code: str
    region_name: str
    via: Literal["code", "name", "former", "sector", "usual", "postal_code", "suggestion"] = "name"
    matched: str = ""


class MunicipalitiesPublic(BaseModel):
    data: list[MunicipalityPublic]


def suggest_occupations(services: AppServices, text: str, lang: str, k: int) -> list[OccupationSuggestion]:
    """Ranked CNP/NOC 2021 unit groups for a job title, with their diagnostic and fast-track status.

    Args:
        services: the application services (occupation catalogue, classifier, rule sets).
        text: the title (or any job text) typed so far.
        lang: its language, a hint for the classifier.
        k: how many suggestions.

    Returns:
        Suggestions, best first (empty for a blank text).
    """
    state = services.occupations.classifier_state
    if state == "off":
        raise HTTPException(503, "the occupation classifier is not available on this server: use the search box")
    if state == "warming":
        raise HTTPException(503, WARMING, headers={"Retry-After": "30"})
    today = date.today()
    rule_set = services.rules.in_force(today)

    def fast_track(code: str) -> bool:
        """Whether the set in force fast-tracks a vacancy with this code (asked of the core's rule facts)."""
        return bool(
            rule_facts(rule_set, Vacancy(id=0, title="", occupations=(OccupationCode(code),)), today).get("fast_track")
        )

    found = services.occupations.classify(text, k, lang)
    out = []
    for occ in found[:k]:
        title_fr, title_en = services.occupations.title(occ.code)
        out.append(
            OccupationSuggestion(
                code=occ.code,
                title_fr=title_fr,
                title_en=title_en,
                score=round(float(occ.confidence), 4),
                diagnostic=services.occupations.diagnostic(occ.code),
                fast_track=fast_track(occ.code),
                preselected=occ.confidence >= services.settings.occupation_preselect_confidence,
            )
        )
    return out


@router.get("/occupations/suggest", response_model=OccupationSuggestions)
def occupations_suggest(
    _user: CurrentUserDep,
    services: ServiceDep,
    q: str = Query(min_length=1, max_length=300, description="A job title, in French, English or Spanish."),
    lang: Literal["fr", "en", "es"] = Query("fr", description="Language of the title."),
    k: int = Query(5, ge=1, le=20, description="How many suggestions."),
) -> OccupationSuggestions:
    """Suggested CNP/NOC 2021 codes for a title, with the 2024–2028 diagnostic and the fast-track flag."""
    return OccupationSuggestions(data=suggest_occupations(services, q, lang, k))


class OccupationFound(BaseModel):
    code: str
    title: str = Field(description="The title that matched (an example or ESCO title, or the official one).")
    title_lang: str = Field(description="Language of ``title``.")
    title_fr: str = Field(description="Official French title of the unit group.")
    title_en: str = Field(description="Official English title of the unit group.")
    diagnostic: str | None


class OccupationsFound(BaseModel):
    data: list[OccupationFound]


class WarmUpState(BaseModel):
    ready: bool = Field(description="Everything is ready.")
    classifier: Literal["ready", "warming", "failed", "off"]


@router.get("/occupations/search", response_model=OccupationsFound)
def occupations_search(
    _user: CurrentUserDep,
    services: ServiceDep,
    q: str = Query(min_length=1, max_length=100, description="Start of the words of a title (accents optional)."),
    lang: Literal["fr", "en", "es"] = Query("fr", description="The user's language: its titles come first."),
    limit: int = Query(10, ge=1, le=50),
) -> OccupationsFound:
    """Every CNP/NOC 2021 unit group by title in French, English and Spanish (NOC example titles, ESCO titles),
    each once with the title that matched; a number searches codes by prefix."""
    hits = load_search().search(q, lang, limit)
    out = []
    for hit in hits:
        title_fr, title_en = services.occupations.title(hit.code)
        diagnostic = services.occupations.diagnostic(hit.code)
        out.append(
            OccupationFound(
                code=hit.code,
                title=hit.title,
                title_lang=hit.lang,
                title_fr=title_fr,
                title_en=title_en,
                diagnostic=diagnostic,
            )
        )
    return OccupationsFound(data=out)


@router.get("/status", response_model=WarmUpState)
def warm_up_state(_user: CurrentUserDep, services: ServiceDep) -> WarmUpState:
    """What is still warming up (the console asks on every signed-in page, and says so in the user's language)."""
    state = services.occupations.classifier_state
    return WarmUpState(ready=state in {"ready", "off"}, classifier=state)


@router.get("/regions", response_model=RegionsPublic)
def list_regions(_user: CurrentUserDep, services: ServiceDep) -> RegionsPublic:
    """The 17 administrative regions of Québec, by code."""
    regions = services.geography.regions.values()
    return RegionsPublic(data=[RegionPublic(code=r.code, name=r.name) for r in regions])


def _municipality_public(m: Municipality, via: str = "name", matched: str = "") -> MunicipalityPublic:
    return MunicipalityPublic(
        code=m.code,
        name=m.name,
        region_code=m.region_code,
        region_name=m.region_name,
        via=via,
        matched=matched or m.name,
    )


@router.get("/municipalities", response_model=MunicipalitiesPublic)
def search_municipalities(
    _user: CurrentUserDep,
    services: ServiceDep,
    q: str = Query(
        min_length=1,
        max_length=200,
        description="Start of a name, former name or sector (accents optional), a geo code or a postal code.",
    ),
    limit: int = Query(10, ge=1, le=50),
) -> MunicipalitiesPublic:
    """Municipalities whose name or former name starts with ``q`` (most populous first; homonyms all listed), by
    code or postal code, else close spellings (``via`` says how each was found, ``matched`` the name that did)."""
    found = services.geography.places.complete(q, limit=limit)
    return MunicipalitiesPublic(data=[_municipality_public(p.municipality, p.via, p.matched) for p in found])
