"""The demo loader: accounts with working tokens, records indexed, and nothing loaded twice."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient

from api.demo_load import DEMO_DIR, TOKENS_FILE, load_demo_if_empty
from api.deps import AppServices
from tests.api.conftest import auth


def _subset(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("vacancies.jsonl", "candidates.jsonl"):
        lines = (DEMO_DIR / name).read_text(encoding="utf-8").splitlines()[:n]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_demo_data_loads_once_with_working_tokens(client: TestClient, services: AppServices, tmp_path: Path) -> None:
    accounts = load_demo_if_empty(services, _subset(tmp_path / "demo", 12))
    assert accounts is not None
    roles = [role for role, _, _ in accounts]
    assert roles.count("admin") == 1 and roles.count("advisor") == 2 and roles.count("candidate") == 12
    assert 1 <= roles.count("employer") <= 12
    tokens_file = services.settings.data_dir / TOKENS_FILE
    assert stat.S_IMODE(tokens_file.stat().st_mode) == 0o600
    assert all(token in tokens_file.read_text(encoding="utf-8") for _, _, token in accounts)
    assert services.sync.status("vacancies").db_records == 12
    assert services.worker.wait_applied(services.sync.db_seq(), 30)
    assert services.sync.status("candidates").in_sync and services.sync.status("vacancies").in_sync

    employer = next(token for role, _, token in accounts if role == "employer")
    listing = client.get("/api/v1/vacancies", headers=auth(employer)).json()
    assert listing["count"] >= 1 and listing["data"][0]["region_name"]
    vid = listing["data"][0]["id"]
    shortlist = client.get(f"/api/v1/vacancies/{vid}/shortlist", headers=auth(employer)).json()
    assert shortlist["count"] >= 1
    assert load_demo_if_empty(services, tmp_path / "demo") is None
