"""Random secrets, their stored hashes, and the key signing e-mail links."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from api.settings import Settings


def new_secret(prefix: str = "") -> str:
    """256 random bits, URL-safe, with an optional readable prefix."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(value: str) -> str:
    """Stored form of a random secret (hex SHA-256: random values need no salt or stretching)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def signing_key(settings: Settings) -> bytes:
    """``accounts.secret_key``, or a random key created once in ``data_dir/secret_key`` (mode 0600)."""
    configured = settings.accounts.secret_key.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    path: Path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def sign(key: bytes, *parts: str) -> str:
    """A short HMAC-SHA256 signature of ``parts`` (URL-safe hex, 32 characters)."""
    return hmac.new(key, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def signed(key: bytes, purpose: str, value: str) -> str:
    """``value.signature``: a link token whose tampering is detected before any database lookup."""
    return f"{value}.{sign(key, purpose, value)}"


def unsign(key: bytes, purpose: str, token: str) -> str | None:
    """The value of a :func:`signed` token, or None when the signature does not match."""
    value, _, signature = token.rpartition(".")
    if not value or not same(signature, sign(key, purpose, value)):
        return None
    return value
