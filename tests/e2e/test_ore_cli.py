"""`clearway ore` and `clearway arrivals` on a fresh SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app as main_app
from clearway.declarations import services as declarations
from clearway.declarations.status import Command
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.shared.clock import FixedClock
from tests.builders import ADMIN, NOW, RISK
from tests.ore_support import OreDistrict, act, guarantee, lodge, ore_district, ore_input

runner = CliRunner()
AEO = "advanced_certified"


@pytest.fixture()
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OreDistrict]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    # The shared test district's officers have no office and work at both ports.
    monkeypatch.setenv("CLEARWAY_UNASSIGNED_OFFICERS_DISTRICT_WIDE", "true")
    common.reset()
    platform = common.platform(url)
    platform.submission = replace(
        platform.submission, screener=None
    )  # officers route by hand below; screening is tested elsewhere
    assert runner.invoke(main_app, ["db", "upgrade"]).exit_code == 0
    seeded = ore_district(platform)
    for username, role, enterprise in (
        ("tianshan", Role.ENTERPRISE_USER, seeded.ids[AEO]),
        ("silu", Role.ENTERPRISE_USER, seeded.ids["regular"]),
        ("inspector", Role.INSPECTION_OFFICER, None),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "password-123", username, role, enterprise, ADMIN, platform.clock
            )
    yield seeded
    platform.engine.dispose()
    common.reset()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(main_app, list(args))
    return result.exit_code, result.output


def test_first_release_lab_and_disposal_from_the_command_line(district: OreDistrict) -> None:
    platform = common.platform()
    guarantee(platform, district.ids[AEO], "2000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="first_release"))
    code, out = run("ore", "limits")
    assert code == 0 and json.loads(out)["lab"]["pb_pct"]["max"] == "0.2"
    code, out = run(
        "ore", "onsite", number, "--as", "inspector", "--weight", "5010000",
        "--nuclide", "0.4", "--sample", "CLI-1@Horgos customs lab",
    )  # fmt: skip
    assert code == 0, out
    done = json.loads(out)
    assert done["inspection"]["release_decision"] == "released"
    assert done["samples"][0]["lab"] == "Horgos customs lab"
    code, out = run("ore", "show", number, "--as", "tianshan")
    assert code == 0 and json.loads(out)["classification"]["category"] == "A"
    code, out = run("ore", "show", number, "--as", "silu")
    assert code == 2 and out.startswith("error: declaration") and "not found" in out
    code, out = run("ore", "lab-result", "CLI-404", "--as", "inspector", "--fe", "60")
    assert code == 2 and "sample_id: no sample CLI-404 was taken on site" in out
    code, out = run("ore", "lab-result", "CLI-1", "--as", "inspector", "--pb", "0.5")
    assert code == 0, out
    case = json.loads(out)["disposal_case"]
    assert case["suggested_measure"] == "return"
    code, out = run("ore", "cases", "--as", "tianshan")
    assert code == 0 and json.loads(out)["total"] == 1
    code, out = run("ore", "overdue")
    assert code == 0 and out.startswith("0 ore disposal case(s) newly overdue")
    code, out = run(
        "ore", "close-case", str(case["id"]), "--as", "inspector", "--measure", "return",
        "--outcome", "returned to the supplier",
    )  # fmt: skip
    assert code == 0 and out.strip() == f"disposal case {case['id']} closed: return"


def test_arrivals_release_direct_pickup_from_the_command_line(district: OreDistrict) -> None:
    platform = common.platform()
    guarantee(platform, district.ids[AEO], "2000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup", means="X7001"))
    code, out = run("arrivals", "record", "7909", "X7001", "--as", "inspector", "--at", "soon")
    assert code == 2 and out.strip() == "error: --at soon is not an ISO 8601 time"
    code, out = run("arrivals", "record", "7909", "X7001", "--as", "tianshan")
    assert code == 2 and "does not record arrivals" in out
    code, out = run("arrivals", "record", "7909", "X7001", "--as", "inspector")
    assert code == 0, out
    [line] = json.loads(out)["declarations"]
    assert (line["declaration_number"], line["outcome"]) == (number, "awaiting_onsite")
    code, out = run("arrivals", "list", "--as", "tianshan")
    assert code == 0 and json.loads(out)[0]["declarations"][0]["outcome"] == "awaiting_onsite"
    # The officer waives the train-side inspection, with a reason: released at once.
    code, out = run("ore", "waive-onsite", number, "--as", "inspector", "--reason", "short")
    assert code != 0 and "reason" in out
    reason = "whole train scanned at the border portal, no alarm; lot under seal"
    code, out = run("ore", "waive-onsite", number, "--as", "inspector", "--reason", reason)
    assert code == 0, out
    waiver = json.loads(out)
    assert waiver["reason"] == reason and waiver["waived_by"] == "inspector"
    assert "waived by an officer" in waiver["release_note"]
    code, out = run("ore", "show", number, "--as", "tianshan")
    assert code == 0 and json.loads(out)["declaration"]["status"] == "released"
    assert json.loads(out)["onsite_waiver"]["reason"] == reason


def test_provisional_and_final_price_from_the_command_line(district: OreDistrict) -> None:
    platform = common.platform()
    platform.clock = FixedClock(NOW)
    aeo = district.actors[AEO]
    guarantee(platform, district.ids[AEO], "2000000")
    with platform.uow() as uow:
        number = declarations.create(
            uow, ore_input(mode="first_release"), aeo, platform.clock, 50
        ).number
    terms = [
        "--basis", "Platts IODEX 62% Fe", "--period-start", "2026-11-01",
        "--period-end", "2026-11-30", "--unit-price", "780", "--fe", "62", "--moisture", "8",
    ]  # fmt: skip
    code, out = run("ore", "provisional-price", number, *terms, "--as", "tianshan")
    assert code == 0, out
    assert json.loads(out)["final_due_on"] == "2026-12-30"
    act(platform, number, Command.SUBMIT, aeo)
    act(platform, number, Command.ACCEPT, RISK)
    act(platform, number, Command.ASSIGN_LANE, RISK, lane="green", reason="green for the test")
    code, out = run(
        "ore", "onsite", number, "--as", "inspector", "--weight", "5010000",
        "--nuclide", "0.4", "--sample", "CLI-P1@Horgos customs lab",
    )  # fmt: skip
    assert code == 0, out
    code, out = run("ore", "final-price", number, "--line", "1=4400000", "--as", "tianshan")
    assert code == 2 and "lab_result:" in out, out
    code, out = run(
        "ore", "lab-result", "CLI-P1", "--as", "inspector", "--fe", "63", "--moisture", "8.5"
    )
    assert code == 0, out
    platform.clock.set(datetime(2026, 12, 1, 4, tzinfo=UTC))
    code, out = run("ore", "final-price", number, "--line", "1=-5", "--as", "tianshan")
    assert code == 2 and "lines.0.price" in out
    code, out = run("ore", "final-price", number, "--line", "1=4400000", "--as", "tianshan")
    assert code == 0, out
    notice = json.loads(out)
    assert notice["settlement"] == "supplementary" and notice["vat_difference"] == "13000.00"
