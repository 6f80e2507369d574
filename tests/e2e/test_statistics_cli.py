"""`clearway stats` end to end on a fresh SQLite file: tables, CSV, JSON, XLSX, refusals."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from clearway.bootstrap import build
from clearway.cli import common
from clearway.cli.main import app
from clearway.config import Settings
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.shared.clock import FixedClock
from tests.builders import INSPECTOR, RISK, make_declaration, seed_district
from tests.conftest import CHECKS_OFF

runner = CliRunner()
C = Command


@pytest.fixture(scope="module")
def stats_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two released exports, one in 2019 (40 h) and one in 2024 (2 h), through the services."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stats') / 'stats.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEARWAY_DATABASE_URL", url)
        mp.setenv("CLEARWAY_DG_CHECKS", json.dumps(CHECKS_OFF))  # plain battery lines
        common.reset()
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        clock = FixedClock(datetime(2019, 5, 6, 2, tzinfo=UTC))
        platform = build(
            Settings(database_url=url, auto_accept=False, dg_checks=CHECKS_OFF), clock=clock
        )
        district = seed_district(platform)
        for start, release_after in ((datetime(2019, 5, 6, 2, tzinfo=UTC), 40.0),
                                     (datetime(2024, 5, 6, 2, tzinfo=UTC), 2.0)):  # fmt: skip
            clock.set(start)
            body = make_declaration(declaration_date=start.date().isoformat())
            if start.year == 2019:  # before the 2022 split of the lithium-ion line
                body.items[0].tariff_code = "8507600000"
            with platform.uow() as uow:
                ref = services.create(uow, body, district.exporter, clock, 50).id
            for command, who, hours in (
                (C.SUBMIT, district.exporter, 0.0), (C.ACCEPT, RISK, 0.2),
                (C.ASSIGN_LANE, RISK, 0.3), (C.ASSESS_DUTY, INSPECTOR, 0.5),
                (C.RELEASE, INSPECTOR, release_after),
            ):  # fmt: skip
                clock.set(start + timedelta(hours=hours))
                action = ActionInput(reason="low risk", lane=Lane.GREEN)
                with platform.uow() as uow:
                    services.act(uow, ref, command, action, who, clock, platform.submission)
        platform.engine.dispose()
        yield url
        common.reset()


@pytest.fixture()
def cli(stats_db: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", stats_db)
    common.reset()
    return runner


def test_trade_as_csv_json_and_table(cli: CliRunner) -> None:
    as_csv = cli.invoke(app, ["stats", "trade", "--group-by", "year", "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    lines = as_csv.output.splitlines()
    assert lines[0].startswith("year,declarations,items,value_cny")
    assert lines[1].startswith("2019,1,1,420000.00") and lines[2].startswith("2024,1,1,420000.00")
    as_json = cli.invoke(
        app, ["stats", "trade", "--flow", "export", "--from", "2024-01-01", "--to", "2024-12-31",
              "--hs", "8507", "--format", "json"],
    )  # fmt: skip
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["trade"][0]["value_cny"] == "420000.00"
    table = cli.invoke(app, ["stats", "trade", "--group-by", "credit_level"])
    assert table.exit_code == 0 and "advanced_certified" in table.output


def test_release_time_compare_and_xlsx(cli: CliRunner, tmp_path: Path) -> None:
    compared = cli.invoke(
        app, ["stats", "release-time", "--compare", "--before", "2019-01-01:2019-12-31",
              "--after", "2024-01-01:2024-12-31", "--format", "csv"],
    )  # fmt: skip
    assert compared.exit_code == 0, compared.output
    assert "mean release time,20.0" in compared.output
    out = tmp_path / "release.xlsx"
    saved = cli.invoke(
        app, ["stats", "release-time", "--by", "lane", "--format", "xlsx", "--output", str(out)]
    )
    assert saved.exit_code == 0, saved.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["declarations", "segments", "by lane"]
    curve = cli.invoke(app, ["stats", "release-time", "--view", "curve", "--hours", "2,40",
                             "--format", "json"])  # fmt: skip
    assert [p["released_within"] for p in json.loads(curve.output)["curve"]] == [1, 2]


def test_rebuild_and_refusals(cli: CliRunner) -> None:
    rebuilt = cli.invoke(app, ["stats", "rebuild"])
    assert rebuilt.exit_code == 0 and "2 declaration(s)" in rebuilt.output
    bad = cli.invoke(app, ["stats", "trade", "--group-by", "weekly"])
    assert bad.exit_code == 2 and "group_by: 'weekly' is not one of" in bad.output
    no_file = cli.invoke(app, ["stats", "trade", "--format", "xlsx"])
    assert no_file.exit_code == 2 and "--output" in no_file.output
    half = cli.invoke(app, ["stats", "release-time", "--compare", "--before", "2019-01-01:x"])
    assert half.exit_code == 2
    outsider = cli.invoke(app, ["stats", "trade", "--as", "nobody"])
    assert outsider.exit_code == 2 and "no user named nobody" in outsider.output


def test_trade_mode_and_the_zone_movement_heading(cli: CliRunner) -> None:
    by_mode = cli.invoke(app, ["stats", "trade", "--group-by", "trade_mode", "--format", "csv"])
    assert by_mode.exit_code == 0, by_mode.output
    lines = by_mode.output.splitlines()
    assert lines[0].startswith("trade_mode,trade_mode_name,declarations")
    assert lines[1].startswith("0110,一般贸易 General trade,2,2,840000.00")
    zone = cli.invoke(app, ["stats", "trade", "--heading", "zone_movement", "--format", "json"])
    assert zone.exit_code == 0, zone.output
    assert json.loads(zone.output)["trade"][-1]["declarations"] == 0
    bad = cli.invoke(app, ["stats", "trade", "--trade-mode", "51"])
    assert bad.exit_code != 0 and "trade_mode" in bad.output
