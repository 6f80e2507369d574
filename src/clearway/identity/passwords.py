"""Password hashing with argon2id; plaintext never leaves this module."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Modest cost: sign-in stays fast on a 2-core office machine while remaining argon2id.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def hash_password(plain: str) -> str:
    return _hasher.hash(plain)


def verify_password(hashed: str, plain: str) -> bool:
    try:
        return _hasher.verify(hashed, plain)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    # Built on first use, never at import time: hashing costs as much as a sign-in.
    return _hasher.hash("no user has this password")


def verify_nobody(plain: str) -> None:
    """Spend the time a real check takes, so an unknown username answers no faster."""
    verify_password(_dummy_hash(), plain)
