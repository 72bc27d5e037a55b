"""Every page of every role at 390 px (a phone): no horizontal scroll, every control and link at least 44 px,
and the candidate's navigation on one line at 1280 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser._server import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44

ANONYMOUS = ["/signin", "/signup", "/forgot", "/how-rankings-work"]
PAGES = {
    "advisor": [
        "/advisor",
        "/advisor/vacancies/{V}",
        "/advisor/vacancies/{V}/fairness",
        "/advisor/indicators",
        "/advisor/employers",
        "/how-rankings-work",
        "/account",
    ],
    "employer": [
        "/employer",
        "/employer/vacancies/new",
        "/employer/vacancies/{V}/edit",
        "/employer/vacancies/{V}",
        "/employer/invitations",
        "/account",
    ],
    "welder_mx": [
        "/candidate",
        "/candidate/matches",
        "/candidate/search",
        "/candidate/invitations",
        "/candidate/data",
        "/account",
    ],
}

# Controls (and the label of a checkbox, its hit area) smaller than 44 x 44 px, and the page's overflow.
MEASURE_JS = """(minimum) => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.type === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered (hidden, closed <details>...)
    if (getComputedStyle(el).visibility === 'hidden') continue;
    let height = box.height, width = box.width;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      height = Math.max(height, label.height);
      width = box.width + label.width;
    }
    if (height < minimum - 0.5 || width < minimum - 0.5) {
      const text = (el.textContent || el.value || '').trim().slice(0, 30);
      const size = `${Math.round(width)}x${Math.round(height)}`;
      small.push(`${el.tagName.toLowerCase()}#${el.id || ''}.${el.className || ''} "${text}" ${size}`);
    }
  }
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && getComputedStyle(el).position !== 'fixed')
    .filter((el) => !el.closest('.table-wrap'))
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
  return { scroll: document.scrollingElement.scrollWidth, inner: innerWidth, small, wide };
}"""


def _check(page: Any, path: str) -> list[str]:
    page.wait_for_selector("body[data-ready]")
    page.wait_for_load_state("networkidle")
    for details in page.locator("details").all():  # open help sections count too
        details.evaluate("(el) => { el.open = true; }")
    found = page.evaluate(MEASURE_JS, MIN_TARGET)
    problems = [f"{path}: {control}" for control in found["small"]]
    if found["scroll"] > found["inner"]:
        problems.append(
            f"{path}: scrolls sideways ({found['scroll']} > {found['inner']} px; too wide: {found['wide']})"
        )
    return problems


def test_every_page_fits_a_phone_with_44_px_targets(
    browser: Any, server: Server, shot: Callable[[Any, str], Any], sign_in: Callable[..., Any]
) -> None:
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, locale="es-MX", is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ANONYMOUS:
        page.goto(f"{server.base_url}{path}")
        problems += _check(page, path)
    context.close()
    for account, paths in PAGES.items():
        # Signed in through the sign-in page (a session cookie): a token left in sessionStorage no longer signs in,
        # and the pages were measured signed out.
        page = sign_in(account, "phone", "es-MX")
        expect(page.locator("#whoami")).to_be_visible()
        for template in paths:
            path = template.format(V=server.vacancy_id)
            page.goto(f"{server.base_url}{path}")
            problems += _check(page, path)
            assert urlparse(page.url).path == path, f"{account} was sent from {path} to {page.url}"
            shot(page, f"phone-{account}-{path.strip('/').replace('/', '-')}")
    assert not problems, "\n".join(problems)


def test_the_candidate_navigation_stays_on_one_line_at_1280_px(sign_in: Callable[[str], Any]) -> None:
    page = sign_in("welder_mx")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.nav-list a')].map((a) => a.getBoundingClientRect().top)"
    )
    assert len(tops) >= 5 and max(tops) - min(tops) < 1, tops
    header = page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")
    assert header < 130, header
