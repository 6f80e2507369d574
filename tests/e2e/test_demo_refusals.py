"""`clearway demo load` refuses production and databases that already hold users or data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from clearway.bootstrap import Platform
from clearway.cli import common
from clearway.cli.main import app
from clearway.identity.model import Role
from clearway.identity.tables import users
from tests.builders import real_user

runner = CliRunner()


@pytest.fixture()
def on(platform: Platform) -> Iterator[Platform]:
    yield platform
    common.reset()


def _load(platform: Platform, *args: str) -> tuple[int, str]:
    common._platform = platform  # the CLI runs on the test's (rolled back) platform
    result = runner.invoke(app, ["demo", "load", *args])
    return result.exit_code, result.output


def _users(platform: Platform) -> int:
    with platform.sessions() as db:
        return int(db.execute(select(func.count()).select_from(users)).scalar_one())


def test_production_never_gets_the_demo_logins(on: Platform) -> None:
    production = replace(on, settings=on.settings.model_copy(update={"env": "production"}))
    for args in ((), ("--if-empty",)):
        code, out = _load(production, *args)
        assert code != 0
        assert "never loaded in production" in out and "clearway-demo" not in out
    assert _users(on) == 0


def test_a_database_with_users_is_refused_but_make_demo_still_starts(on: Platform) -> None:
    real_user(on, "officer", Role.RISK_OFFICER)
    code, out = _load(on)
    assert code != 0 and "already holds 1 users" in out
    assert _users(on) == 1
    code, out = _load(on, "--if-empty")
    assert code == 0 and "demo not loaded" in out
