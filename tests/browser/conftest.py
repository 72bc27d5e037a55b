"""Fixtures of the browser suite: a real server on 127.0.0.1, one Chromium, signed-in pages, screenshots.

Without /usr/bin/chromium the suite is skipped with the reason, except under CI=true where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.mailbox import Mailbox
from tests.browser._server import REPO, Server, seed, start_server

# PASSERELLE_TEST_CHROMIUM points the suite at another Chromium binary (default: Debian's).
CHROMIUM = Path(os.environ.get("PASSERELLE_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "tests" / "_artifacts"
UI_TIMEOUT_MS = 15_000
# The two widths every end-to-end journey runs at (issue 12): a desktop and a phone (390 px, touch).
VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def context_options(size: str, locale: str = "fr-CA") -> dict[str, Any]:
    """Options of a browser context at one of :data:`VIEWPORTS` (a phone also reports touch and mobile)."""
    phone = size == "phone"
    return {"viewport": VIEWPORTS[size], "locale": locale, "is_mobile": phone, "has_touch": phone}


def assert_fits(page: Any) -> None:
    """The page does not scroll sideways at its viewport's width."""
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{page.url} scrolls sideways at {page.viewport_size}"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder of screenshots and the server log (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole suite."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) receiving every e-mail the server sends."""
    box = Mailbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def server(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, artifacts: Path, mailbox: Mailbox
) -> Iterator[Server]:
    """The real application (uvicorn subprocess) on a free port, with a temporary database, seeded; its e-mail
    goes to ``mailbox``."""
    running = start_server(tmp_path_factory.mktemp("passerelle-data"), artifacts / "server.log", smtp_port=mailbox.port)
    try:
        seed(running)
        yield running
    finally:
        running.stop()


@pytest.fixture
def sign_in(browser: Any, server: Server) -> Iterator[Callable[[str], Any]]:
    """Open a fresh browser context and sign in through the sign-in page as one of the seeded accounts."""
    contexts: list[Any] = []
    problems: list[str] = []

    def watch(page: Any) -> None:
        # Uncaught script errors and Content-Security-Policy refusals fail the test at teardown.
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )

    def open_as(account: str, size: str | None = None, locale: str = "fr-CA") -> Any:
        """Signed in with the account's token; ``size`` is a key of VIEWPORTS (default: 1280 × 900)."""
        desktop = {"viewport": {"width": 1280, "height": 900}, "locale": locale}
        options = context_options(size, locale) if size else desktop
        context = browser.new_context(**options, accept_downloads=True)
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch(page)
        page.goto(f"{server.base_url}/signin")
        page.wait_for_selector("body[data-ready]")
        page.fill("#token", server.tokens[account])
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/signin" not in url)
        page.wait_for_selector("body[data-ready]")
        return page

    yield open_as
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("the console reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def shot(artifacts: Path) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under tests/_artifacts/ and return its path."""

    def save(page: Any, name: str) -> Path:
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


UNLABELLED_FIELDS_JS = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map((el) => el.id || el.name || el.outerHTML.slice(0, 60))"""


@pytest.fixture
def assert_labelled() -> Callable[[Any], None]:
    """Check that every form field of the page has a <label for> (or an aria-label)."""

    def check(page: Any) -> None:
        unlabelled = page.evaluate(UNLABELLED_FIELDS_JS)
        assert not unlabelled, f"fields without a label on {page.url}: {unlabelled}"

    return check
