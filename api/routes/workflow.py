"""The review workflow's routes under ``/api/v1``, gathered in one router for ``create_app``.

- ``POST /vacancies/{vid}/reviews/{cid}``: :mod:`api.routes.workflow_reviews`
- ``POST/GET /invitations``, ``POST /invitations/{id}/accept|decline``: :mod:`api.routes.workflow_invitations`
- ``POST /invitations/{id}/offer``, ``/offers…``, arrivals and follow-ups: :mod:`api.routes.workflow_offers`
- ``GET /indicators/monthly`` (and ``.csv``): :mod:`api.routes.workflow_monthly`
- ``GET /vacancies/{id}/bias-audit``, ``GET /bias-audit``: :mod:`api.routes.bias_audit`
- ``GET /ranking-notice``, ``/review-requests``, self-identification, ``POST /audit/purge``:
  :mod:`api.routes.accountability`
- ``GET /indicators``, ``GET /vacancies/{id}/fairness``, ``GET /audit``: :mod:`api.routes.workflow_reports`
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    accountability,
    bias_audit,
    workflow_invitations,
    workflow_monthly,
    workflow_offers,
    workflow_reports,
    workflow_reviews,
)

router = APIRouter()
router.include_router(workflow_reviews.router)
router.include_router(workflow_invitations.router)
router.include_router(workflow_monthly.router)
router.include_router(workflow_reports.router)
router.include_router(workflow_offers.router)
router.include_router(bias_audit.router)
router.include_router(accountability.router)

__all__ = ["router"]
