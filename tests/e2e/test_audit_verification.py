"""The audit verification through HTTP (administrators only) and the CLI (exit code)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app
from clearway.declarations.tables import declaration_events
from tests.builders import lodge_routed
from tests.e2e.conftest import LiveApi

e = declaration_events.c


def _tamper(live: LiveApi) -> int:
    with live.platform.uow() as uow:
        target = uow.session.execute(select(e.id).order_by(e.id).limit(1)).scalar_one()
        uow.session.execute(update(declaration_events).where(e.id == target).values(reason="x"))
        uow.commit()
    return int(target)


def test_the_api_reports_the_first_broken_link_to_administrators(live: LiveApi) -> None:
    lodge_routed(live.platform, live.district.exporter)
    with live.client("admin") as admin, live.client("risk") as risk:
        intact = admin.get("/api/v1/audit/verification")
        assert intact.status_code == 200, intact.text
        assert intact.json()["intact"] is True
        assert intact.json()["checked"]["declaration_events"] >= 3
        refused = risk.get("/api/v1/audit/verification")
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
        target = _tamper(live)
        broken = admin.get("/api/v1/audit/verification").json()
    assert broken["intact"] is False
    assert broken["broken"]["table"] == "declaration_events"
    assert broken["broken"]["row_id"] == target


def test_the_cli_exits_non_zero_on_a_broken_link(
    live: LiveApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = live.platform.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    common.reset()
    runner = CliRunner()
    lodge_routed(live.platform, live.district.exporter)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    target = _tamper(live)
    result = runner.invoke(app, ["audit", "verify"])
    common.reset()
    assert result.exit_code == 1
    assert f"declaration_events row {target}" in result.output
