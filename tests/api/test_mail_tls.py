"""SMTP over TLS against a real server on 127.0.0.1 (aiosmtpd): STARTTLS on 587-style ports and implicit TLS
(``security="ssl"``) on 465-style ports, with a certificate signed by a CA made in the test, trusted through
``mail.ca_file``, and AUTH PLAIN/LOGIN with the configured credentials. Without the CA, or with a wrong password,
nothing is delivered."""

from __future__ import annotations

import smtplib
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from api.db.account_tables import OutboxMessage
from api.mail.transport import SmtpTransport, build_message
from api.settings import MailSettings
from tests.api.mailbox import Mailbox

USER, PASSWORD = "passerelle", "s3cret-smtp"
# The implicit-TLS server below is TLS from the first byte; aiosmtpd warns as if it were plain text.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@dataclass(frozen=True)
class Pki:
    ca: Path
    cert: Path
    key: Path


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A CA and a server certificate for 127.0.0.1 / localhost signed by it (openssl, valid one day)."""
    folder = tmp_path_factory.mktemp("pki")
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    cert, key, csr, ext = folder / "server.pem", folder / "server-key.pem", folder / "server.csr", folder / "ext.cnf"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Passerelle test CA",
        "-keyout", str(ca_key), "-out", str(ca),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(csr))
    ext.write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "authorityKeyIdentifier=keyid,issuer\nsubjectKeyIdentifier=hash\n"
    )
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
        "-days", "1", "-extfile", str(ext), "-out", str(cert),
    )  # fmt: skip
    return Pki(ca=ca, cert=cert, key=key)


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


class TlsMailbox(Mailbox):
    """The test mailbox served over TLS (STARTTLS, or implicit TLS with ``implicit=True``), requiring AUTH."""

    def __init__(self, pki: Pki, *, implicit: bool) -> None:
        super().__init__()
        self.pki, self.implicit = pki, implicit
        self.mechanisms: list[str] = []

    def start(self) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.pki.cert, self.pki.key)
        mechanisms = self.mechanisms

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
            mechanisms.append(mechanism)
            return _authenticate(server, session, envelope, mechanism, auth_data)

        common: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": self.port,
            "authenticator": authenticator,
            "auth_required": True,
        }
        if self.implicit:
            # aiosmtpd 1.4 counts only STARTTLS as TLS for auth_require_tls; on an implicit-TLS port every byte is
            # already encrypted (test_an_untrusted_certificate_is_refused_… shows the handshake happens).
            self._controller = Controller(self.handler, ssl_context=context, auth_require_tls=False, **common)
        else:
            self._controller = Controller(self.handler, tls_context=context, require_starttls=True, **common)
        self._controller.start()


@pytest.fixture(params=["starttls", "ssl"])
def tls_box(request: pytest.FixtureRequest, pki: Pki) -> Iterator[TlsMailbox]:
    box = TlsMailbox(pki, implicit=request.param == "ssl")
    box.start()
    yield box
    box.stop()


def _settings(box: TlsMailbox, **overrides: object) -> MailSettings:
    values: dict[str, object] = box.smtp_settings(
        security="ssl" if box.implicit else "starttls", username=USER, password=PASSWORD, ca_file=box.pki.ca
    )
    values.update(overrides)
    return MailSettings.model_validate(values)


def _message(to: str) -> EmailMessage:
    row = OutboxMessage(
        id=7, recipient=to, template="verify", language="es", subject="Confirme su correo", body_text="Hola ✓"
    )
    return build_message(row, "Passerelle <no-reply@passerelle.test>")


def test_mail_is_delivered_over_tls_with_the_configured_ca_and_credentials(tls_box: TlsMailbox) -> None:
    SmtpTransport(_settings(tls_box)).send(_message("tls@example.org"))
    received = tls_box.wait_for("tls@example.org", timeout=5)[0]
    assert received.message["Subject"] == "Confirme su correo" and received.body.strip() == "Hola ✓"
    assert tls_box.mechanisms and set(tls_box.mechanisms) <= {"PLAIN", "LOGIN"}


def test_both_auth_mechanisms_are_accepted_over_tls(tls_box: TlsMailbox) -> None:
    """smtplib picks the mechanism from the server's list; force each one to show the server checks both."""
    settings = _settings(tls_box)
    transport = SmtpTransport(settings)
    for mechanism in ("PLAIN", "LOGIN"):
        with transport._connect() as client:
            client.ehlo()
            client.user, client.password = USER, PASSWORD
            code, _ = client.auth(mechanism, getattr(client, f"auth_{mechanism.lower()}"))
            assert code == 235, mechanism
    assert tls_box.mechanisms[-2:] == ["PLAIN", "LOGIN"]


def test_an_untrusted_certificate_is_refused_and_nothing_is_sent(tls_box: TlsMailbox, tmp_path: Path) -> None:
    other = tmp_path / "other-ca.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Someone else",
             "-keyout", str(tmp_path / "k.pem"), "-out", str(other))  # fmt: skip
    for settings in (_settings(tls_box, ca_file=None), _settings(tls_box, ca_file=other)):
        with pytest.raises(ssl.SSLCertVerificationError):
            SmtpTransport(settings).send(_message("untrusted@example.org"))
    assert tls_box.inbox == []


def test_a_wrong_password_is_refused_and_nothing_is_sent(tls_box: TlsMailbox) -> None:
    with pytest.raises(smtplib.SMTPAuthenticationError):
        SmtpTransport(_settings(tls_box, password="wrong")).send(_message("wrong@example.org"))
    assert tls_box.inbox == []


def test_a_starttls_server_gets_nothing_from_a_client_set_to_no_tls(tls_box: TlsMailbox) -> None:
    """The fixture's server is strict: in plain text it offers no AUTH and takes no message, so the tests above
    did go through TLS."""
    if tls_box.implicit:
        pytest.skip("a TLS-only port does not speak plain SMTP at all")
    with pytest.raises(smtplib.SMTPException):
        SmtpTransport(_settings(tls_box, security="none")).send(_message("plain@example.org"))
    with pytest.raises(smtplib.SMTPException):
        SmtpTransport(_settings(tls_box, security="none", username="")).send(_message("plain@example.org"))
    assert tls_box.inbox == []
