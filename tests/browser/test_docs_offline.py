"""``/docs`` renders in a real Chromium with every request off 127.0.0.1 refused (as on a machine offline)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from tests.api.conftest import make_settings
from tests.api.live import live_server


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("docs") / "var"
    with live_server(create_app(make_settings(folder, f"sqlite:///{folder / 'passerelle.db'}"))) as url:
        yield url


def test_docs_render_offline(browser: Any, docs_server: str, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []
    errors: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(docs_server):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{docs_server}/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        operations = page.locator(".opblock").count()
        assert operations >= 26, f"only {operations} operations rendered"
        assert page.locator(".swagger-ui .info .title").inner_text().startswith("Passerelle")
        page.screenshot(path=str(artifacts / "docs-offline.png"))
    finally:
        context.close()
    assert refused == [], f"the page asked for remote resources: {refused}"
    assert errors == [], errors
