"""Password hashing with argon2id (argon2-cffi). The cost is ``accounts.argon2_*`` (RFC 9106's second
recommended profile by default: 3 passes, 64 MiB, 4 lanes); hashes made with other parameters still verify and
are upgraded at the next sign-in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256


class _State:
    hasher = PasswordHasher()
    # a valid hash nobody's password matches: unknown e-mails cost the same time as wrong passwords
    dummy = ""


def configure(time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Set the cost of new hashes (the app's start-up calls it with the settings)."""
    _State.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    _State.dummy = ""


def _dummy() -> str:
    if not _State.dummy:
        _State.dummy = _State.hasher.hash("passerelle-dummy-password")
    return _State.dummy


def hash_password(password: str) -> str:
    """The argon2id hash to store."""
    return _State.hasher.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (always spends one verification, even without a hash)."""
    try:
        return _State.hasher.verify(stored or _dummy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with other parameters than today's."""
    return _State.hasher.check_needs_rehash(stored)
