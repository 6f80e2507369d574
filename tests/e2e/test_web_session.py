"""The portal's cookie session: signed, expiring on the second, useless when forged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clearway.web import session
from clearway.web.auth import safe_next
from clearway.web.csrf import token_matches

SECRET = "s" * 40
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_a_session_lives_exactly_its_minutes() -> None:
    fresh = session.CookieSession.fresh(7, NOW, 480)
    value = session.encode(fresh, SECRET)
    end = NOW + timedelta(minutes=480)
    assert session.decode(value, SECRET, end - timedelta(seconds=1)) == fresh
    assert session.decode(value, SECRET, end) is None
    assert session.decode(value, SECRET, end + timedelta(seconds=1)) is None


def test_forged_tampered_or_foreign_cookies_are_refused() -> None:
    value = session.encode(session.CookieSession.fresh(7, NOW, 60), SECRET)
    body, _, signature = value.partition(".")
    other_user = session.encode(session.CookieSession.fresh(1, NOW, 60), SECRET).split(".")[0]
    for forged in (
        f"{other_user}.{signature}",
        f"{body}.{signature[:-2]}AA",
        body,
        "garbage",
        session.encode(session.CookieSession.fresh(7, NOW, 60), "another-secret" * 3),
    ):
        assert session.decode(forged, SECRET, NOW) is None


def test_each_session_has_its_own_csrf_token() -> None:
    a = session.CookieSession.fresh(7, NOW, 60)
    b = session.CookieSession.fresh(7, NOW, 60)
    assert a.csrf != b.csrf and len(a.csrf) >= 32
    assert token_matches(a.csrf, a.csrf)
    assert not token_matches(b.csrf, a.csrf)
    assert not token_matches("", a.csrf)
    assert not token_matches(None, a.csrf)


def test_after_sign_in_only_paths_of_this_site() -> None:
    assert safe_next("/declarations?status=draft") == "/declarations?status=draft"
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil", "", None):
        assert safe_next(elsewhere) == "/"
