"""`clearway bonded` on the command line: books, balances at a date, reports, refusals."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from clearway.bootstrap import Platform
from clearway.cli import common
from clearway.cli.bonded import app
from clearway.identity.model import Role
from clearway.identity.services import create_user
from tests.bonded_builders import BATTERY, Zone, seed_zone, stock
from tests.builders import ADMIN, TODAY

runner = CliRunner()


@pytest.fixture()
def zone(platform: Platform) -> Iterator[Zone]:
    zone = seed_zone(platform)
    for username, role, enterprise in (
        ("maker", Role.ENTERPRISE_USER, zone.maker_id),
        ("other-zone", Role.ENTERPRISE_USER, zone.other_id),
        ("inspector", Role.INSPECTION_OFFICER, None),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "zone-cli-pw", username, role, enterprise, ADMIN, platform.clock
            )
    stock(platform, zone, "50")
    common._platform = platform  # the CLI runs on the test's (rolled back) platform
    yield zone
    common.reset()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_books_and_balances_at_a_date(zone: Zone) -> None:
    code, out = _run("books", "--as", "maker", "--json")
    assert code == 0, out
    books = json.loads(out)
    assert [b["number"] for b in books] == [zone.book]
    assert books[0]["items"][BATTERY - 1]["balance"] == "50.0000"
    code, out = _run("balances", zone.book, "--on", TODAY.isoformat(), "--as", "maker", "--json")
    assert code == 0 and json.loads(out)["items"][0]["balance"] == "50.0000"
    code, out = _run("balances", zone.book, "--on", "2026-11-19", "--as", "maker", "--json")
    assert json.loads(out)["items"][0]["balance"] == "0.0000"
    code, out = _run("movements", zone.book, "--as", "maker", "--json")
    assert code == 0 and json.loads(out)["total"] == 1


def test_stocktake_is_recorded_and_approved(zone: Zone) -> None:
    code, out = _run(
        "stocktake",
        zone.book,
        "--count",
        "1=47",
        "--on",
        TODAY.isoformat(),
        "--reason",
        "count",
        "--as",
        "maker",
    )
    assert code == 0 and "difference -3" in out
    found = re.search(r"stocktake (\d+) recorded", out)
    assert found is not None
    stocktake_id = found.group(1)
    code, out = _run("decide-stocktake", stocktake_id, "approve", "--as", "maker")
    assert code == 2 and out.startswith("error: a enterprise user may not")
    code, out = _run("decide-stocktake", stocktake_id, "approve", "--as", "inspector")
    assert code == 0 and out.strip().endswith("approved")
    code, out = _run("books", "--as", "maker", "--json")
    assert json.loads(out)[0]["items"][0]["balance"] == "47.0000"


def test_reports_and_refusals_are_one_line(zone: Zone) -> None:
    code, out = _run("refunds", "--year", str(TODAY.year), "--as", "inspector", "--json")
    assert code == 0 and json.loads(out) == []
    code, out = _run("tax", "--year", str(TODAY.year), "--as", "inspector")
    assert code == 0 and "duty and VAT" in out
    code, out = _run("balances", zone.book, "--as", "other-zone")
    assert code == 2 and out.strip() == f"error: account book {zone.book} not found"
    code, out = _run(
        "stocktake", zone.book, "--count", "1=lots", "--on", "2026-11-20", "--as", "maker"
    )
    assert code == 2 and "'lots' is not a number" in out
    code, out = _run("balances", zone.book, "--on", "2026-02-30", "--as", "maker")
    assert code == 2 and "is not a date" in out
