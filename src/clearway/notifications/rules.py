"""Pure rules of notifications: webhook addresses, topic filters and the retry schedule."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from clearway.notifications.status import DELIVERY_TRANSITIONS, DeliveryCommand, DeliveryStatus
from clearway.shared.errors import Collector

MAX_URL_LENGTH = 500
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_kind(address: IpAddress) -> str | None:
    """What makes an address internal (never a webhook's target), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, internal in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved or not address.is_global),
    ):
        if internal:
            return kind
    return None


def address_refusal(addresses: Sequence[IpAddress]) -> str | None:
    """Why a host with these addresses may not receive webhooks: the first internal one."""
    for address in addresses:
        kind = address_kind(address)
        if kind is not None:
            return f"resolves to {address}, a {kind} address, which webhooks may not reach"
    return None


def check_webhook(url: str, topics: list[str]) -> None:
    """Refuse an address that is not an absolute http(s) URL, and malformed topic filters."""
    errors = Collector()
    problem = webhook_url_problem(url)
    if problem is not None:
        errors.add("url", "webhook_url", problem)
    for i, topic in enumerate(topics):
        if not topic or any(c.isspace() for c in topic) or "," in topic:
            errors.add(f"topics.{i}", "topic", "a topic is a dotted name such as declaration.*")
    errors.raise_if_any()


def webhook_url_problem(url: str) -> str | None:
    """Why a URL cannot receive webhooks, or None when it can."""
    if len(url) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in ("http", "https"):
        return f"must use http or https, not {parts.scheme or 'no scheme'}"
    if not parts.hostname:
        return "must name a host"
    if parts.username or parts.password:
        return "must not carry credentials; the signature authenticates the sender"
    return None


def topic_matches(pattern: str, event_type: str) -> bool:
    """``*`` matches everything, ``declaration.*`` every declaration event, else exact."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def wants(topics: str, event_type: str) -> bool:
    """Whether a subscription's comma-separated topic filters take an event type."""
    return any(topic_matches(p.strip(), event_type) for p in topics.split(",") if p.strip())


def backoff(attempt: int, base_seconds: float, cap_seconds: float) -> timedelta:
    """Delay before the next try after ``attempt`` failed ones: base, 2·base, 4·base, … capped."""
    if attempt < 1:
        return timedelta(0)
    return timedelta(seconds=min(cap_seconds, base_seconds * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class AttemptOutcome:
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime


def after_attempt(
    attempts_before: int,
    succeeded: bool,
    now: datetime,
    max_attempts: int,
    base_seconds: float,
    cap_seconds: float,
) -> AttemptOutcome:
    """What one attempt does to a pending delivery: delivered, retried later, or dead-lettered."""
    attempts = attempts_before + 1
    if succeeded:
        command = DeliveryCommand.SUCCEED
    elif attempts >= max_attempts:
        command = DeliveryCommand.DEAD_LETTER
    else:
        command = DeliveryCommand.RETRY
    status = DELIVERY_TRANSITIONS.move(DeliveryStatus.PENDING, command)
    delay = timedelta(0)
    if command is DeliveryCommand.RETRY:
        delay = backoff(attempts, base_seconds, cap_seconds)
    return AttemptOutcome(status, attempts, now + delay)
