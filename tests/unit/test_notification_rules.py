"""Webhook rules without a database: addresses, topics, the retry schedule, signatures."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet

from clearway.notifications import sealing, signing
from clearway.notifications.rules import (
    address_kind,
    address_refusal,
    after_attempt,
    backoff,
    check_webhook,
    wants,
)
from clearway.notifications.status import (
    DELIVERY_TRANSITIONS,
    DeliveryCommand,
    DeliveryStatus,
)
from clearway.shared.errors import RuleViolation

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "url",
    ["https://receiver.example/hooks", "http://127.0.0.1:8787/clearway", "HTTPS://a.example:443/x"],
)
def test_http_and_https_urls_are_accepted(url: str) -> None:
    check_webhook(url, ["*"])


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://files.example/in", "http or https"),
        ("javascript:alert(1)", "http or https"),
        ("receiver.example/hooks", "http or https"),
        ("https://", "host"),
        ("https://user:pw@receiver.example/", "credentials"),
        ("http://receiver.example:99999/", "valid URL"),
    ],
)
def test_webhook_url_that_is_not_http_is_refused_with_the_rule(url: str, why: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_webhook(url, ["*"])
    [error] = refused.value.errors
    assert (error.path, error.rule) == ("url", "webhook_url")
    assert why in error.message


def test_topics_filter_by_exact_name_prefix_or_everything() -> None:
    assert wants("*", "train.arrived")
    assert wants("declaration.*", "declaration.status_changed")
    assert not wants("declaration.*", "train.arrived")
    assert wants("train.arrived,declaration.*", "train.arrived")
    assert not wants("train.arrived", "train.departed")
    with pytest.raises(RuleViolation) as refused:
        check_webhook("https://a.example/", ["declaration.*", "bad topic"])
    assert refused.value.errors[0].path == "topics.1"


def test_backoff_doubles_from_the_base_and_stops_at_the_cap() -> None:
    schedule = [backoff(n, 30, 600).total_seconds() for n in range(1, 8)]
    assert schedule == [30, 60, 120, 240, 480, 600, 600]
    assert backoff(0, 30, 600) == timedelta(0)


def test_attempts_retry_with_backoff_then_dead_letter_at_the_limit() -> None:
    first = after_attempt(0, False, NOW, max_attempts=3, base_seconds=10, cap_seconds=3600)
    assert (first.status, first.attempts, first.next_attempt_at) == (
        DeliveryStatus.PENDING,
        1,
        NOW + timedelta(seconds=10),
    )
    second = after_attempt(1, False, NOW, 3, 10, 3600)
    assert second.next_attempt_at == NOW + timedelta(seconds=20)
    assert after_attempt(2, False, NOW, 3, 10, 3600).status is DeliveryStatus.DEAD
    assert after_attempt(2, True, NOW, 3, 10, 3600).status is DeliveryStatus.DELIVERED


@pytest.mark.parametrize("status", list(DeliveryStatus))
@pytest.mark.parametrize("command", list(DeliveryCommand))
def test_delivery_status_table_is_the_only_authority(
    status: DeliveryStatus, command: DeliveryCommand
) -> None:
    assert DELIVERY_TRANSITIONS.find(status, command) == DELIVERY_TRANSITIONS.get((status, command))
    if status is DeliveryStatus.PENDING:
        assert (DELIVERY_TRANSITIONS.find(status, command) is None) == (
            command is DeliveryCommand.REDELIVER
        )
    else:
        assert (DELIVERY_TRANSITIONS.find(status, command) is None) == (
            command is not DeliveryCommand.REDELIVER
        )


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    body = b'{"id":"e1"}'
    expected = hmac.new(b"s3cret", b"1763604000." + body, hashlib.sha256).hexdigest()
    assert signing.signature("s3cret", 1763604000, body) == f"v1={expected}"
    headers = signing.headers("s3cret", "e1", "declaration.status_changed", 1763604000, body)
    assert headers[signing.EVENT_ID_HEADER] == "e1"
    assert headers[signing.TIMESTAMP_HEADER] == "1763604000"


def test_receiver_refuses_forged_tampered_and_replayed_requests() -> None:
    body, stamp = b'{"id":"e1"}', 1763604000
    good = signing.signature("s3cret", stamp, body)
    assert signing.verify("s3cret", str(stamp), body, good, stamp + 10, 300) is None
    assert "match" in str(signing.verify("other", str(stamp), body, good, stamp, 300))
    assert "match" in str(signing.verify("s3cret", str(stamp), body + b" ", good, stamp, 300))
    assert "replay" in str(signing.verify("s3cret", str(stamp), body, good, stamp + 301, 300))
    assert "timestamp" in str(signing.verify("s3cret", "", body, good, stamp, 300))
    # A signature computed for another timestamp does not verify with this one.
    assert signing.verify("s3cret", str(stamp + 1), body, good, stamp, 300) is not None
    rotated = f"v1=deadbeef, {good}"
    assert signing.verify("s3cret", str(stamp), body, rotated, stamp, 300) is None


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fd00::5", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),  # an IPv4 address hidden in IPv6
        ("100.64.0.1", "reserved"),  # carrier-grade NAT: not on the public internet
    ],
)
def test_internal_addresses_are_named_for_what_they_are(address: str, kind: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind
    refusal = address_refusal(
        [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address(address)]
    )
    assert refusal is not None and kind in refusal


def test_public_addresses_may_receive_webhooks() -> None:
    public = [ipaddress.ip_address(a) for a in ("93.184.215.14", "2606:2800:21f:cb07::1")]
    assert address_refusal(public) is None


def test_a_sealed_secret_opens_only_with_its_key_and_is_never_the_clear_one() -> None:
    key, other = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = sealing.seal(key, "ab" * 32)
    assert sealed != "ab" * 32 and "ab" * 32 not in sealed and sealing.is_sealed(sealed)
    assert sealing.unseal(key, sealed) == "ab" * 32
    with pytest.raises(ValueError, match="another CLEARWAY_SECRET_ENCRYPTION_KEY"):
        sealing.unseal(other, sealed)
