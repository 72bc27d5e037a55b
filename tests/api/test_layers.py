"""The application services know nothing of HTTP: they raise domain errors, and ``api.errors`` alone maps them to
statuses. A service that raised ``HTTPException`` would answer without the stable code's mapping in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = sorted((Path(__file__).resolve().parents[2] / "api" / "services").glob("*.py"))
HTTP_LIBRARIES = ("fastapi", "starlette")


@pytest.mark.parametrize("path", SERVICES, ids=[p.name for p in SERVICES])
def test_a_service_imports_no_web_framework(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    assert not [name for name in imported if name.split(".")[0] in HTTP_LIBRARIES]


def test_the_services_are_found() -> None:
    assert {"outcomes.py", "accountability.py", "candidates.py", "vacancies.py"} <= {p.name for p in SERVICES}
