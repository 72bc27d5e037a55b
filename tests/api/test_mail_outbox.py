"""The durable outbox: a message is queued with the change that causes it, survives an SMTP outage, is retried
with a bounded backoff and then marked failed; the embedded default writes .eml files; fr/en/es templates."""

from __future__ import annotations

import logging
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from api.db.account_tables import OutboxMessage
from api.mail import queue_mail
from api.mail.render import LANGUAGES, MAIL_DIR, render, template_names
from api.mail.sender import retry_delay
from api.settings import MailSettings
from api.web.i18n import LOCALE_DIR
from tests.api.accounts_world import follow, mail_app_client, sign_up
from tests.api.conftest import make_settings
from tests.api.mailbox import Mailbox


def _rows(client: object) -> list[OutboxMessage]:
    engine = client.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())  # type: ignore[arg-type]


def _wait(predicate, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_smtp_down_keeps_the_message_queued_and_it_is_delivered_once_smtp_is_back(
    tmp_path: Path, database_url: str
) -> None:
    box = Mailbox()  # not started: nothing listens on its port
    mail = {"max_attempts": 50, "backoff_seconds": 0.05, "backoff_max_seconds": 0.2}
    with mail_app_client(tmp_path, database_url, box, mail=mail) as client:
        sign_up(client, "patient@example.org")
        _wait(lambda: _rows(client)[0].attempts >= 2)
        row = _rows(client)[0]
        assert row.status in {"queued", "sending"} and row.sent_at is None
        assert "Connection refused" in row.last_error or "Errno" in row.last_error
        box.start()
        try:
            received = box.wait_for("patient@example.org")
            _wait(lambda: _rows(client)[0].status == "sent")
            assert len(box.inbox) == 1, "delivered more than once"
            assert (
                client.post("/api/v1/auth/verify", json={"token": follow(client, received[0], "/verify")}).status_code
                == 200
            )
        finally:
            box.stop()


def test_retries_are_bounded_then_the_message_is_marked_failed(tmp_path: Path, database_url: str) -> None:
    box = Mailbox()
    mail = {"max_attempts": 3, "backoff_seconds": 0.02, "backoff_max_seconds": 0.05}
    with mail_app_client(tmp_path, database_url, box, mail=mail) as client:
        sign_up(client, "never@example.org")
        _wait(lambda: _rows(client)[0].status == "failed")
        time.sleep(0.5)  # no attempt after giving up
        row = _rows(client)[0]
        assert (row.status, row.attempts) == ("failed", 3)
        assert row.last_error


def test_a_message_is_sent_only_if_its_transaction_commits(tmp_path: Path, database_url: str) -> None:
    box = Mailbox()
    with mail_app_client(tmp_path, database_url, box) as client:
        engine = client.app.state.services.engine  # type: ignore[attr-defined]
        with Session(engine) as session:
            queue_mail(
                session,
                to="x@example.org",
                template="verify",
                language="fr",
                context={"name": "X", "link": "L", "hours": 1},
            )
            session.rollback()
        assert _rows(client) == []
        with pytest.raises(KeyError, match="no mail template"), Session(engine) as session:
            queue_mail(session, to="x@example.org", template="nope", language="fr", context={})


def test_the_embedded_default_writes_eml_files_and_logs_their_link(
    tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = make_settings(tmp_path / "var", database_url, mail={"poll_seconds": 0.05})
    assert settings.mail.backend == "folder"
    caplog.set_level(logging.WARNING, logger="passerelle.mail")
    with TestClient(create_app(settings)) as client:
        sign_up(client, "folder@example.org", language="en")
        outbox = settings.data_dir / "outbox"
        _wait(lambda: len(list(outbox.glob("*.eml"))) == 1)
    [eml] = list(outbox.glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "folder@example.org" and message["Subject"] == "Confirm your e-mail address for Passerelle"
    link = next(line for line in str(message.get_content()).splitlines() if "/verify?token=" in line)  # type: ignore[union-attr]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert eml.as_uri() in logged and link in logged


def test_every_template_renders_in_each_language_with_every_string_translated() -> None:
    template = read_po((MAIL_DIR / "mail.pot").open("rb"))
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for lang in LANGUAGES:
        catalog = read_po((LOCALE_DIR / lang / "LC_MESSAGES" / "mail.po").open("rb"))
        have = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}
        assert wanted <= set(have), f"{lang}: missing {wanted - set(have)}"
        empty = [k for k in wanted if not (have[k] if isinstance(have[k], str) else all(have[k]))]
        assert not empty, f"{lang}: untranslated {empty}"
    context = {
        "name": "Ana",
        "link": "https://x/l",
        "hours": 48,
        "minutes": 60,
        "title": "Soudeur",
        "place": "Saguenay",
        "message": "Bonjour",
        "count": 2,
        "items": [{"title": "Soudeur", "place": "Saguenay", "score": 81}],
        "unsubscribe": "https://x/u",
        "reset_link": "https://x/r",
    }
    for name in template_names():
        subjects = {lang: render(name, lang, context).subject for lang in LANGUAGES}
        assert len(set(subjects.values())) == 3, (name, subjects)
        assert render(name, "de", context).language == "fr"  # French by default
        assert "https://x/l" in render(name, "es", context).body


@given(
    st.integers(min_value=1, max_value=60),
    st.floats(min_value=0.01, max_value=100),
    st.floats(min_value=1, max_value=5000),
)
def test_retry_delays_grow_and_stay_under_the_cap(attempts: int, backoff: float, cap: float) -> None:
    settings = MailSettings(backoff_seconds=backoff, backoff_max_seconds=cap)
    now, after = retry_delay(settings, attempts), retry_delay(settings, attempts + 1)
    assert now <= after
    assert after.total_seconds() <= cap + 1e-6  # timedelta keeps microseconds
