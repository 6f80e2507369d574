"""`clearway post-clearance` on a fresh SQLite file with the district's default settings:
a blue-lane export releases itself on submission and its audit task is worked from the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app as main_app
from clearway.declarations.status import Command, Status
from clearway.identity.model import Role
from clearway.identity.services import create_user
from tests.builders import ADMIN, ORDOS, District, seed_district
from tests.conftest import CHECKS_OFF, QUIET
from tests.integration.test_lane_release import blue_for
from tests.liaison_support import act, lodge

runner = CliRunner()


@pytest.fixture()
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    monkeypatch.setenv("CLEARWAY_DG_CHECKS", json.dumps(CHECKS_OFF))
    monkeypatch.setenv("CLEARWAY_MODEL_DIR", str(Path(__file__).parents[1] / "fixtures/no-models"))
    for name, value in QUIET.items():
        monkeypatch.setenv(f"CLEARWAY_{name.upper()}", json.dumps(value))
    common.reset()
    platform = common.platform(url)
    assert runner.invoke(main_app, ["db", "upgrade"]).exit_code == 0
    seeded = seed_district(platform)
    for username, role, office in (
        ("ordos-inspector", Role.INSPECTION_OFFICER, ORDOS),
        ("horgos-inspector", Role.INSPECTION_OFFICER, "7909"),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "password-123", username, role, None, ADMIN, platform.clock, office
            )
    yield seeded
    platform.engine.dispose()
    common.reset()


def cli(*args: str) -> tuple[int, str]:
    done = runner.invoke(main_app, ["post-clearance", *args])
    return done.exit_code, done.output


def test_blue_release_audit_from_the_command_line(district: District) -> None:
    platform = common.platform()
    blue_for(platform, "8507")
    number = lodge(platform, district.exporter).number
    assert act(platform, number, Command.SUBMIT, district.exporter).status is Status.RELEASED

    code, out = cli("list", "--as", "horgos-inspector")
    assert code == 0 and json.loads(out)["total"] == 0  # another office's work
    code, out = cli("list", "--as", "ordos-inspector", "--status", "open")
    task = json.loads(out)["items"][0]
    assert (task["declaration_number"], task["status"]) == (number, "open")
    task_id = str(task["id"])

    assert cli("take", task_id, "--as", "horgos-inspector")[0] != 0  # not found there
    assert cli("take", task_id, "--as", "ordos-inspector") == (
        0,
        f"audit {task_id} taken by ordos-inspector\n",
    )
    code, out = cli("close", task_id, "nonconform", "--as", "ordos-inspector")
    assert code != 0 and "kind" in out and "revenue_raised" in out
    code, out = cli(
        "close", task_id, "nonconform", "--as", "ordos-inspector",
        "--kind", "valuation", "--revenue", "1200.00",
    )  # fmt: skip
    assert (code, out) == (0, f"audit {task_id} closed: nonconform, 1200.00 CNY raised\n")
