"""Webhook signatures: HMAC-SHA256 over ``timestamp + "." + body`` with a replay window.

The timestamp is inside the signed text, so a receiver that refuses stale timestamps refuses
replays of captured requests; the event id lets it drop the duplicates retries can cause.
Receivers can copy :func:`verify` as it is: it needs nothing but the standard library.
"""

from __future__ import annotations

import hashlib
import hmac

EVENT_ID_HEADER = "Clearway-Event-Id"
EVENT_TYPE_HEADER = "Clearway-Event-Type"
TIMESTAMP_HEADER = "Clearway-Timestamp"
SIGNATURE_HEADER = "Clearway-Signature"
SCHEME = "v1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=<hex>``: the HMAC-SHA256 of ``"<timestamp>.<body>"`` under the subscription secret."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def headers(
    secret: str, event_id: str, event_type: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The headers a delivery carries."""
    return {
        "Content-Type": "application/json",
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def verify(
    secret: str, timestamp: str, body: bytes, received: str, now: float, window_seconds: int
) -> str | None:
    """Why a delivery must be refused, or None when the signature and timestamp hold."""
    if not timestamp.isdigit():
        return "timestamp missing or not an integer"
    if abs(now - int(timestamp)) > window_seconds:
        return f"timestamp outside the {window_seconds} s replay window"
    expected = signature(secret, int(timestamp), body)
    # A receiver may be sent several comma-separated signatures while a secret is rotated.
    if not any(hmac.compare_digest(expected, s.strip()) for s in received.split(",")):
        return "signature does not match"
    return None
