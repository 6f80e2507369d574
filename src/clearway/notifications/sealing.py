"""Webhook signing secrets at rest: sealed with the district's key, opened only to sign.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under
``CLEARWAY_SECRET_ENCRYPTION_KEY``: a copy of the database alone cannot forge deliveries.
The clear secret is shown once, in the answer that creates the subscription.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in url-safe base64.
_SEALED_PREFIX = "gAAAAA"


def seal(key: str, secret: str) -> str:
    """The secret encrypted under the key, as stored in ``webhook_subscriptions.secret``."""
    return Fernet(key.encode()).encrypt(secret.encode()).decode()


def unseal(key: str, sealed: str) -> str:
    """The clear secret of a sealed one; a secret stored before sealing is returned as is."""
    if not is_sealed(sealed):
        return sealed
    try:
        return Fernet(key.encode()).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:  # the key changed without re-sealing: say so, never sign wrong
        raise ValueError(
            "webhook secret sealed under another CLEARWAY_SECRET_ENCRYPTION_KEY"
        ) from exc


def is_sealed(stored: str) -> bool:
    """Whether a stored secret is already encrypted (clear secrets are 64 hex digits)."""
    return stored.startswith(_SEALED_PREFIX)
