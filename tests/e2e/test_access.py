"""Who may act: tokens and sessions die with their user, deactivation, throttled sign-ins."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from clearway.audit.tables import audit_events
from clearway.cli import common
from clearway.cli.main import app as cli_app
from clearway.identity import services
from clearway.identity.model import Actor, Role
from clearway.identity.tables import sign_in_failures, users
from clearway.identity.tokens import issue_token
from tests.builders import PASSWORD
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, token_of

V1 = "/api/v1"
PROBLEM = "application/problem+json"


def _me(live: LiveApi, who: str) -> httpx.Response:
    with live.client(who) as client:
        return client.get(f"{V1}/auth/me")


def _as_admin(live: LiveApi, path: str) -> httpx.Response:
    with live.client("admin") as admin:
        return admin.post(f"{V1}/users/{path}")


def _sign_in(live: LiveApi, username: str, password: str = PASSWORD) -> httpx.Response:
    with httpx.Client(base_url=live.url, timeout=60) as client:
        return client.post(f"{V1}/auth/token", data={"username": username, "password": password})


def _audited(live: LiveApi, action: str) -> int:
    with live.platform.sessions() as db:
        stmt = select(func.count()).where(audit_events.c.action == action)
        return int(db.execute(stmt).scalar_one())


def test_a_deactivated_users_token_and_session_stop_working_at_once(live: LiveApi) -> None:
    portal = Portal(live)
    assert portal.sign_in("exporter").status_code == 303
    assert _me(live, "exporter").status_code == 200

    done = _as_admin(live, "exporter/deactivate")
    assert done.status_code == 200 and done.json()["active"] is False
    refused = _me(live, "exporter")
    assert refused.status_code == 401
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["type"].endswith("/unauthenticated")
    assert portal.get("/declarations").status_code == 303  # back to the sign-in page
    assert _sign_in(live, "exporter").status_code == 401
    assert _audited(live, "user.deactivated") == 1

    assert _as_admin(live, "exporter/reactivate").json()["active"] is True
    assert _me(live, "exporter").status_code == 401  # a token from before stays worthless
    fresh = _sign_in(live, "exporter")
    assert fresh.status_code == 200
    me = httpx.get(
        f"{live.url}{V1}/auth/me",
        headers={"Authorization": f"Bearer {fresh.json()['access_token']}"},
    )
    assert me.status_code == 200 and me.json()["username"] == "exporter"
    assert _audited(live, "user.reactivated") == 1
    portal.close()


def test_a_token_whose_user_is_gone_or_changed_is_refused(live: LiveApi) -> None:
    secret, now = live.platform.settings.secret_key, datetime.now(UTC)
    exporter = live.actors["exporter"]
    forged = {
        "another role": Actor(exporter.user_id, "exporter", Role.RISK_OFFICER),
        "another enterprise": Actor(
            exporter.user_id, "exporter", Role.ENTERPRISE_USER, live.district.importer_id
        ),
        "no such user": Actor(999_999, "ghost", Role.ADMINISTRATOR),
    }
    for why, actor in forged.items():
        token = issue_token(actor, secret, 30, now)
        answer = httpx.get(
            f"{live.url}{V1}/declarations", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 401, why
        assert answer.headers["content-type"] == PROBLEM, why
    with live.platform.uow() as uow:  # a deleted user
        uow.session.execute(delete(users).where(users.c.username == "liaison"))
        uow.commit()
    assert _me(live, "liaison").status_code == 401


def test_only_administrators_deactivate_and_refusals_name_the_rule(live: LiveApi) -> None:
    with live.client("risk") as risk:
        assert risk.post(f"{V1}/users/exporter/deactivate").status_code == 403
        assert risk.get(f"{V1}/users").status_code == 403
    assert _as_admin(live, "nobody/deactivate").status_code == 404
    own = _as_admin(live, "admin/deactivate")
    assert own.status_code == 422
    assert own.json()["errors"] == [
        {
            "path": "username",
            "rule": "not_self",
            "message": "administrators cannot deactivate themselves",
        }
    ]
    assert _as_admin(live, "broker/deactivate").status_code == 200
    twice = _as_admin(live, "broker/deactivate")
    assert twice.status_code == 409 and twice.json()["reason"] == "inactive"
    assert _as_admin(live, "importer/reactivate").status_code == 409
    with live.client("admin") as admin:
        listed = {u["username"]: u["active"] for u in admin.get(f"{V1}/users").json()}
    assert listed["broker"] is False and listed["importer"] is True


def test_the_cli_deactivates_and_reactivates(live: LiveApi) -> None:
    runner = CliRunner()
    common._platform = live.platform
    try:
        done = runner.invoke(cli_app, ["users", "deactivate", "importer"])
        assert done.exit_code == 0 and "importer deactivated" in done.output
        assert _me(live, "importer").status_code == 401
        again = runner.invoke(cli_app, ["users", "deactivate", "importer"])
        assert again.exit_code != 0 and "already deactivated" in again.output
        unknown = runner.invoke(cli_app, ["users", "deactivate", "nobody"])
        assert unknown.exit_code != 0 and "user nobody not found" in unknown.output
        back = runner.invoke(cli_app, ["users", "reactivate", "importer"])
        assert back.exit_code == 0 and "importer reactivated" in back.output
    finally:
        common.reset()
    assert _audited(live, "user.deactivated") == 1


def test_the_administrators_users_page_deactivates(live: LiveApi) -> None:
    broker = Portal(live)
    assert broker.sign_in("broker").status_code == 303
    assert broker.get("/users").status_code == 403
    admin = Portal(live)
    assert admin.sign_in("admin").status_code == 303
    page = admin.get("/users")
    assert page.status_code == 200
    assert 'action="/users/broker/deactivate"' in page.text and "停用" in page.text
    assert 'action="/users/admin/' not in page.text  # no button against oneself
    done = admin.post("/users/broker/deactivate", {})
    assert done.status_code == 303 and done.headers["location"] == "/users?done=deactivated"
    assert 'action="/users/broker/reactivate"' in admin.get("/users").text
    assert broker.get("/declarations").status_code == 303
    assert admin.post("/users/broker/deactivate", {}).status_code == 409
    assert _audited(live, "user.deactivated") == 1
    broker.close()
    admin.close()


def test_a_copied_session_cookie_is_worthless_after_sign_out(live: LiveApi) -> None:
    portal = Portal(live)
    assert portal.sign_in("importer").status_code == 303
    copied = dict(portal.http.cookies)
    assert portal.post("/sign-out", {}).status_code == 303
    with httpx.Client(base_url=live.url, cookies=copied, follow_redirects=False) as thief:
        assert thief.get("/declarations").status_code == 303
    again = Portal(live)
    assert again.sign_in("importer").status_code == 303  # signing in again works
    assert again.get("/declarations").status_code == 200
    portal.close()
    again.close()


def _throttled(live: LiveApi, **limits: int) -> None:
    settings = live.platform.settings
    live.platform.settings = settings.model_copy(
        update={f"sign_in_failures_per_{k}": v for k, v in limits.items()}
    )


def test_failed_sign_ins_are_throttled_per_username(live: LiveApi) -> None:
    _throttled(live, username=3)
    for _ in range(3):
        assert _sign_in(live, "exporter", "wrong-password").status_code == 401
    refused = _sign_in(live, "exporter")  # even the right password now waits
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM
    assert 1 <= int(refused.headers["Retry-After"]) <= 900
    assert refused.json()["retry_after"] == int(refused.headers["Retry-After"])
    assert "access_token" not in refused.json()
    portal = Portal(live)
    page = portal.http.get("/sign-in")
    answer = portal.http.post(
        "/sign-in",
        data={"username": "exporter", "password": PASSWORD, "csrf_token": token_of(page.text)},
    )
    assert answer.status_code == 429 and "Retry-After" in answer.headers
    assert "clearway_session" not in answer.headers.get("set-cookie", "")
    assert _sign_in(live, "importer").status_code == 200  # other users are not held
    portal.close()


def test_failed_sign_ins_are_throttled_per_client_address(live: LiveApi) -> None:
    _throttled(live, address=4)
    for n in range(4):
        assert _sign_in(live, f"guess{n}", "wrong-password").status_code == 401
    refused = _sign_in(live, "risk")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_a_good_sign_in_forgives_the_usernames_failures(live: LiveApi) -> None:
    _throttled(live, username=3)
    for _ in range(2):
        assert _sign_in(live, "inspector", "wrong-password").status_code == 401
    assert _sign_in(live, "inspector").status_code == 200
    with live.platform.sessions() as db:
        left = db.execute(
            select(func.count()).where(sign_in_failures.c.username == "inspector")
        ).scalar_one()
    assert left == 0
    for _ in range(2):
        assert _sign_in(live, "inspector", "wrong-password").status_code == 401
    assert _sign_in(live, "inspector").status_code == 200


def test_an_unknown_username_costs_a_password_check(
    live: LiveApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[Any] = []
    monkeypatch.setattr(services, "verify_nobody", checked.append)
    assert _sign_in(live, "nobody-here", "some-password").status_code == 401
    assert checked == ["some-password"]
