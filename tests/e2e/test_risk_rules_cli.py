"""`clearway risk rules` as an officer uses it, on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.bootstrap import Platform, build
from clearway.cli import common
from clearway.cli.risk_rules import app
from clearway.config import Settings, get_settings
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.status import Command
from clearway.persistence.db import make_engine
from clearway.persistence.migrate import upgrade
from clearway.shared.clock import FixedClock
from tests.builders import NOW, make_declaration, seed_district
from tests.conftest import CHECKS_OFF

runner = CliRunner()


@pytest.fixture()
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    url = f"sqlite:///{tmp_path / 'clearway.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    monkeypatch.setenv("CLEARWAY_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("CLEARWAY_DG_CHECKS", json.dumps(CHECKS_OFF))  # plain battery lines
    get_settings.cache_clear()
    common.reset()
    engine = make_engine(url)
    upgrade(engine)
    yield build(Settings(database_url=url, dg_checks=CHECKS_OFF), FixedClock(NOW), engine)
    engine.dispose()
    common.reset()
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_import_list_export_backtest(database: Platform, tmp_path: Path) -> None:
    code, out = run("import", "--defaults", "--activate")
    assert code == 0, out
    assert len(json.loads(out)["rules_activated"]) == 5
    code, out = run("list", "--json")
    assert {r["status"] for r in json.loads(out)} == {"active"}
    target = tmp_path / "rules.json"
    code, out = run("export", "--out", str(target))
    assert code == 0 and "5 rules and 2 lists" in out
    code, out = run("import", str(target))
    assert code == 0 and len(json.loads(out)["rules_unchanged"]) == 5
    criteria = tmp_path / "ore.json"
    criteria.write_text(json.dumps({"field": "item.tariff_code", "op": "prefix", "value": "2601"}))
    code, out = run("backtest", str(criteria), "--from", "2026-11-01", "--to", "2026-11-30")
    assert code == 0, out
    assert json.loads(out)["declarations"] == 0


def test_a_broken_rule_file_is_one_line_naming_the_path(database: Platform, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "rule_code": "X-1",
                        "description": "x",
                        "criteria": {"field": "item.colour", "op": "eq", "value": "red"},
                    }
                ]
            }
        )
    )
    code, out = run("import", str(bad))
    assert code == 2
    assert out.strip().count("\n") == 0
    assert "rules.0.criteria.field" in out and "item.colour" in out
    (tmp_path / "broken.json").write_text("{not json")
    code, out = run("import", str(tmp_path / "broken.json"))
    assert code == 2 and "not valid JSON" in out


def test_screen_pending(database: Platform) -> None:
    district = seed_district(database)
    with database.uow() as uow:
        number = services.create(
            uow, make_declaration(), district.exporter, database.clock, 50
        ).number
    with database.uow() as uow:
        services.act(
            uow,
            number,
            Command.SUBMIT,
            ActionInput(),
            district.exporter,
            database.clock,
            replace(database.submission, screener=None),  # screening off: left pending
        )
    code, out = run("screen-pending")
    assert code == 0 and out.strip() == f"1 declarations screened: {number}"
    code, out = run("screen-pending")
    assert out.strip() == "0 declarations screened"
