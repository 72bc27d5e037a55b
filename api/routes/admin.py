"""Administration: ``GET /api/v1/admin/health`` compares each vector index with the database."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter

from api.auth import Role
from api.db.index_sync import SIDES
from api.deps import CurrentUserDep, ServiceDep, require_role

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@router.get("/health")
def health(user: CurrentUserDep, services: ServiceDep) -> dict[str, Any]:
    """Per side: records in the database that should be indexed, vectors indexed, watermark, and in_sync."""
    require_role(user, Role.ADMIN)
    sides = {side: asdict(services.sync.status(side)) for side in SIDES}
    rule_set = services.rules.in_force(date.today())
    return {"indexes": sides, "in_sync": all(s["in_sync"] for s in sides.values()), "rule_set_id": rule_set.id}
