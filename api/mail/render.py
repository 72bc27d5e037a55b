"""Render mail templates (Jinja2, plain text) in fr, en or es through the console's gettext catalogue tree.

Templates live in ``api/mail/templates/<name>.txt``: the first line is the subject, then a line ``---``,
then the body. Their strings are English msgids wrapped in ``_()`` / ``ngettext()`` (e-mails need plurals);
the translations are the ``mail`` domain of the console's catalogue, ``api/web/locale/<lang>/LC_MESSAGES/
mail.po`` next to its ``messages.po`` (French is the default), compiled in memory by Babel like it. After
changing a template: ``pybabel extract -F api/mail/babel.cfg -o api/mail/mail.pot --no-location api/mail`` then
``pybabel update -D mail -i api/mail/mail.pot -d api/web/locale`` and translate the new entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from api.web.i18n import LOCALE_DIR

MAIL_DIR: Final = Path(__file__).resolve().parent
LANGUAGES: Final = ("fr", "en", "es")
DEFAULT_LANGUAGE: Final = "fr"


@dataclass(frozen=True)
class Rendered:
    """A message ready for the outbox."""

    language: str
    subject: str
    body: str


def mail_language(language: str | None) -> str:
    """``language`` if e-mails exist in it, French otherwise."""
    short = (language or "").lower()[:2]
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _translations(language: str) -> Translations:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "mail.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="mail")


@cache
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(MAIL_DIR / "templates"),
        extensions=["jinja2.ext.i18n"],
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(_translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def template_names() -> list[str]:
    """The templates that exist."""
    return sorted(p.stem for p in (MAIL_DIR / "templates").glob("*.txt"))


def render(template: str, language: str, context: Mapping[str, Any]) -> Rendered:
    """Render ``template`` in ``language`` (French if not fr/en/es).

    Raises:
        KeyError: no such template.
    """
    if template not in template_names():
        raise KeyError(f"no mail template {template!r}; there are {', '.join(template_names())}")
    lang = mail_language(language)
    text = _environment(lang).get_template(f"{template}.txt").render(**context, lang=lang)
    subject, _, body = text.partition("\n---\n")
    return Rendered(language=lang, subject=" ".join(subject.split()), body=body.strip() + "\n")
