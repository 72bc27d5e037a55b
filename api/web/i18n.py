"""The console's one message catalogue: gettext ``.po`` files in French (default), English and Spanish, read by Babel.

``api/web/locale/<lang>/LC_MESSAGES/messages.po`` holds every label; the msgid is the label key that templates
(``t.key``) and scripts (``t("key")``) use, the msgstr its text (``{name}`` placeholders allowed). The files are
compiled in memory (Babel ``read_po`` then ``write_mo``) the first time a language is used, so a fresh clone needs
no build step. The server renders page shells with :func:`labels` and hands the same dictionary to the browser
scripts as JSON, and the API translates its error messages with :func:`translate`, so every text comes from here.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES: Final = ("fr", "en", "es")
DEFAULT_LANGUAGE: Final = "fr"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
DOMAIN: Final = "messages"

# Each language named in itself, for the language menu (never translated).
LANGUAGE_NAMES: Final = {"fr": "Français", "en": "English", "es": "Español"}
_PLACEHOLDER: Final = re.compile(r"\{(\w+)\}")


def po_path(lang: str) -> Path:
    """The catalogue file of one language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalogue(lang: str) -> tuple[Translations, tuple[str, ...]]:
    """Compile one language's ``.po`` file in memory; return the gettext object and its msgids in file order."""
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    keys = tuple(str(message.id) for message in catalog if message.id)
    return Translations(buffer, domain=DOMAIN), keys


def normalize_language(lang: str | None) -> str:
    """Return ``lang`` when it is one of :data:`LANGUAGES`, else French."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def msgids(lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Every msgid of one language's catalogue, in file order."""
    return _catalogue(normalize_language(lang))[1]


@cache
def labels(lang: str) -> dict[str, str]:
    """Return every label in one language.

    Args:
        lang: "fr", "en" or "es"; anything else falls back to French.

    Returns:
        A dictionary from label key to text (a key missing from this language falls back to French).
    """
    lang = normalize_language(lang)
    translations, _ = _catalogue(lang)
    french, keys = _catalogue(DEFAULT_LANGUAGE)
    return {key: _lookup(translations, key) or _lookup(french, key) or key for key in keys}


def _lookup(translations: Translations, key: str) -> str:
    text = translations.gettext(key)
    return "" if text == key else text


def translate(key: str, lang: str | None, **params: object) -> str:
    """One label in ``lang`` (French fallback) with its ``{name}`` placeholders filled.

    Args:
        key: the msgid.
        lang: the language; anything but en/es gives French.
        **params: placeholder values; a placeholder with no value is left as ``{name}``.

    Returns:
        The text, or the key itself when no catalogue has it.
    """
    text = labels(normalize_language(lang)).get(key, key)
    return _fill(text, params)


def _fill(text: str, params: dict[str, object]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def parse_accept_language(header: str | None) -> list[str]:
    """Primary language tags of an ``Accept-Language`` header, best first (q=0 dropped, order kept on ties).

    Args:
        header: the header value, for example ``"es-MX,es;q=0.9,en;q=0.8"``.

    Returns:
        Lower-case primary tags, for example ``["es", "es", "en"]``.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary and quality > 0:
            ranked.append((-quality, position, primary))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(accept_language: str | None) -> str:
    """The first of our languages that an ``Accept-Language`` header asks for (``*`` or nothing: French)."""
    for tag in parse_accept_language(accept_language):
        if tag in LANGUAGES:
            return tag
        if tag == "*":
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def pick_language(cookie: str | None, accept_language: str | None = None) -> str:
    """Choose the page language: the ``lang`` cookie set by the menu, else Accept-Language, else French.

    Args:
        cookie: value of the ``lang`` cookie, if any.
        accept_language: the request's ``Accept-Language`` header, if any (first visit).

    Returns:
        "fr", "en" or "es".
    """
    if cookie in LANGUAGES:
        return str(cookie)
    return negotiate(accept_language)
