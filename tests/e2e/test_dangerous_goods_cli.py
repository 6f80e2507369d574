"""`clearway dg` and submission through the CLI's own platform, as `bootstrap.build` wires it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app
from clearway.config import get_settings
from clearway.identity.model import Role
from clearway.identity.services import create_user
from tests.builders import ADMIN, seed_district
from tests.dangerous_goods_support import BAD_RULES, bad_export, lithium_export

runner = CliRunner()


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'dg.db'}")
    get_settings.cache_clear()  # each test its own database
    common.reset()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    p = common.platform()
    district = seed_district(p)
    with p.uow() as uow:
        create_user(
            uow,
            "exporter",
            "pw-" + "x" * 12,
            "Exporter",
            Role.ENTERPRISE_USER,
            district.exporter_id,
            ADMIN,
            p.clock,
        )
    yield runner
    get_settings.cache_clear()
    common.reset()


def _file(tmp_path: Path, name: str, body: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body), "utf-8")
    return str(path)


def test_check_a_file_without_lodging(cli: CliRunner, tmp_path: Path) -> None:
    bad = cli.invoke(app, ["dg", "check", _file(tmp_path, "bad.json", bad_export())])
    assert bad.exit_code == 1
    assert bad.output.startswith("refused: 1 lithium line(s)")
    for rule in BAD_RULES:
        assert rule in bad.output
    good = cli.invoke(
        app, ["dg", "check", _file(tmp_path, "good.json", lithium_export()), "--json"]
    )
    assert good.exit_code == 0, good.output
    assert json.loads(good.output)["outcome"] == "passed"


def test_submission_through_the_cli_is_checked_and_the_check_shown(
    cli: CliRunner, tmp_path: Path
) -> None:
    lodged = cli.invoke(
        app,
        ["declarations", "lodge", _file(tmp_path, "bad.json", bad_export()), "--as", "exporter"],
    )
    assert lodged.exit_code == 0, lodged.output
    number = lodged.output.split()[0]
    refused = cli.invoke(app, ["declarations", "submit", number, "--as", "exporter"])
    assert refused.exit_code == 2
    assert "lithium-battery dangerous-goods checks refuse the submission" in refused.output
    assert "items.0.dangerous_goods.state_of_charge_pct" in refused.output
    shown = cli.invoke(app, ["dg", "show", number, "--as", "exporter"])
    assert shown.exit_code == 0 and json.loads(shown.output) == []

    good = cli.invoke(
        app,
        [
            "declarations",
            "lodge",
            _file(tmp_path, "good.json", lithium_export()),
            "--as",
            "exporter",
        ],
    )
    number = good.output.split()[0]
    assert cli.invoke(app, ["declarations", "submit", number, "--as", "exporter"]).exit_code == 0
    [stored] = json.loads(cli.invoke(app, ["dg", "show", number, "--as", "exporter"]).output)
    assert stored["outcome"] == "passed" and stored["lines_checked"] == 1


def test_policy_lists_the_checks_in_force(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEARWAY_DG_CHECKS", '{"documents": "soft"}')
    get_settings.cache_clear()
    common.reset()
    shown = cli.invoke(app, ["dg", "policy"])
    assert shown.exit_code == 0
    assert "documents: soft (soft lane yellow)" in shown.output
    assert "damaged: soft (soft lane red)" in shown.output
    assert "state of charge <= 30 % for UN3480 by air" in shown.output
