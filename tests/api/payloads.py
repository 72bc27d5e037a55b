"""Request bodies for the API tests: say only what matters to the test."""

from __future__ import annotations

from typing import Any

WELDER_CV = (
    "Soudeur MIG et TIG, six ans d'expérience en atelier de fabrication métallique. "
    "Lecture de plans, soudage de structures d'acier, contrôle qualité. Français B2."
)
NURSE_CV = "Registered nurse, eight years in hospital care: medication administration, patient care plans."


def vacancy_body(**overrides: Any) -> dict[str, Any]:
    """A welding vacancy in Saguenay (region 02) with its occupation given."""
    body: dict[str, Any] = {
        "title": "Soudeur-assembleur",
        "description": "Souder des pièces d'acier en atelier (MIG, TIG), lire des plans de fabrication.",
        "municipality": "94068",
        "positions": 2,
        "wage_hourly": 27.5,
        "french_required": "B1",
        "experience_required": 2,
        "education_required": "VOCATIONAL",
        "start_date": "2027-02-01",
        "occupation_codes": ["72106"],
    }
    body.update(overrides)
    return body


def candidate_body(**overrides: Any) -> dict[str, Any]:
    """A welder abroad, open to region 02, with its occupation given."""
    body: dict[str, Any] = {
        "name": "Ana Pérez",
        "email": "ana.perez@example.org",
        "text": WELDER_CV,
        "occupation_codes": ["72106"],
        "years_experience": 6,
        "education": "VOCATIONAL",
        "french": "B2",
        "regions_open": ["02"],
        "open_to_all_regions": False,
        "country": "MX",
        "status": "temporary_worker",
        "available_from": "2027-01-01",
    }
    body.update(overrides)
    return body


def show_shortlist(client: Any, token: str, vacancy: int) -> set[int]:
    """View a vacancy's shortlist as ``token`` (an employer then may invite whom it showed); the ids it showed."""
    response = client.get(
        f"/api/v1/vacancies/{vacancy}/shortlist", params={"limit": 200}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return {int(e["candidate_id"]) for e in response.json()["data"]}
