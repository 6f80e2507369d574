"""The `clearway` command line end to end on a fresh SQLite file: migrate, demo, read, refuse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app
from clearway.declarations.queries import DeclarationFilter, list_visible
from clearway.declarations.tables import declaration_items, declarations
from tests.builders import battery_item, declaration_body

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEARWAY_DATABASE_URL", url)
        common.reset()
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        loaded = runner.invoke(app, ["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        assert "exporter" in loaded.output and "clearway-demo" in loaded.output
        yield url
        common.reset()


@pytest.fixture()
def cli(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", demo_db)
    common.reset()
    return runner


def test_demo_matches_the_ports_published_figures(cli: CliRunner) -> None:
    d, i = declarations.c, declaration_items.c
    with common.platform().sessions() as s:
        ordos = s.execute(
            select(func.sum(d.total_value)).where(
                d.office_code == "0291",
                d.flow == "export",
                d.declaration_date.between("2024-01-01", "2024-02-29"),
            )
        ).scalar_one()
        horgos_value, horgos_kg = s.execute(
            select(func.sum(i.value), func.sum(i.net_weight))
            .join(declarations, d.id == i.declaration_id)
            .where(
                d.office_code == "7909",
                d.flow == "import",
                i.tariff_code.startswith("2601"),
                d.declaration_date.between("2024-01-01", "2024-03-31"),
            )
        ).one()
        statuses = {row[0] for row in s.execute(select(d.status).distinct())}
    assert abs(Decimal(ordos) - Decimal("339000000")) <= Decimal("3390000")
    assert abs(Decimal(horgos_value) - Decimal("170000000")) <= Decimal("1700000")
    assert abs(Decimal(horgos_kg) / 1000 - Decimal("197000")) <= Decimal("1970")
    assert len(statuses) == 15


def test_demo_loads_only_into_an_empty_database(cli: CliRunner) -> None:
    again = cli.invoke(app, ["demo", "load"])
    assert again.exit_code != 0
    skipped = cli.invoke(app, ["demo", "load", "--if-empty"])
    assert skipped.exit_code == 0 and "demo not loaded" in skipped.output
    # `make demo` runs this on every start: the logins are printed once, loaded or not.
    assert skipped.output.count("demo logins") == 1 and "exporter" in skipped.output


def test_list_and_show_respect_tenancy(cli: CliRunner) -> None:
    listed = cli.invoke(
        app, ["declarations", "list", "--as", "exporter", "--json", "--limit", "500"]
    )
    assert listed.exit_code == 0, listed.output
    assert '"0291-2024-E-' in listed.output and "7909-" not in listed.output
    shown = cli.invoke(app, ["declarations", "show", "0291-2024-E-000001", "--as", "risk"])
    assert shown.exit_code == 0 and '"events"' in shown.output
    hidden = cli.invoke(app, ["declarations", "show", "0291-2024-E-000001", "--as", "importer"])
    assert hidden.exit_code == 2
    assert hidden.output.strip() == "error: declaration 0291-2024-E-000001 not found"


def test_lifecycle_command_and_illegal_move(cli: CliRunner) -> None:
    listed = cli.invoke(
        app, ["declarations", "list", "--as", "risk", "--status", "submitted", "--json"]
    )
    number = listed.output.split('"number": "')[1].split('"')[0]
    ok = cli.invoke(app, ["declarations", "act", number, "accept", "--as", "risk"])
    assert ok.exit_code == 0 and "accepted" in ok.output
    illegal = cli.invoke(app, ["declarations", "act", number, "accept", "--as", "risk"])
    assert illegal.exit_code == 2 and illegal.output.count("\n") == 1
    assert "cannot accept" in illegal.output


def test_lodge_from_file_with_errors_named(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"flow": "export"}', encoding="utf-8")
    result = cli.invoke(app, ["declarations", "lodge", str(bad), "--as", "exporter"])
    assert result.exit_code == 2 and "items" in result.output and "Traceback" not in result.output


def test_load_tariff_refuses_a_bad_file_with_line_numbers(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "tariff.csv"
    bad.write_text(
        "code,description,valid_from,valid_to,mfn_rate,vat_rate,export_rebate_rate,"
        "supervision_conditions,unit\n8507600030,ok,2027-01-01,,10,13,6,,pcs\n"
        "85076,bad,2027-01-01,,ten,13,6,,pcs\n",
        encoding="utf-8",
    )
    result = cli.invoke(app, ["reference", "load-tariff", str(bad)])
    assert result.exit_code == 2 and "line 3.code" in result.output
    assert "line 3.mfn_rate" in result.output
    good = tmp_path / "good.csv"
    good.write_text(
        bad.read_text(encoding="utf-8").splitlines()[0] + "\n"
        "8507600030,ok,2030-01-01,,10,13,6,,pcs\n",
        encoding="utf-8",
    )
    loaded = cli.invoke(app, ["reference", "load-tariff", str(good)])
    assert loaded.exit_code == 0 and "loaded 1" in loaded.output


def test_lodge_a_batch_from_file_all_or_none(cli: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "batch.json"
    bodies = [declaration_body(), declaration_body(items=[battery_item(quantity="0")])]
    batch.write_text(json.dumps({"declarations": bodies}), encoding="utf-8")
    refused = cli.invoke(app, ["declarations", "lodge-batch", str(batch), "--as", "exporter"])
    assert refused.exit_code == 2 and "1.items.0.quantity" in refused.output
    batch.write_text(json.dumps({"declarations": bodies[:1] * 3}), encoding="utf-8")
    lodged = cli.invoke(app, ["declarations", "lodge-batch", str(batch), "--as", "exporter"])
    assert lodged.exit_code == 0, lodged.output
    assert lodged.output.startswith("3 declarations lodged")


def _clearway(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, as an operator runs it (nothing mapped yet)."""
    code = "import sys; from clearway.cli.main import app; sys.argv[0] = 'clearway'; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_reference_loaders_fill_a_fresh_database_from_the_shipped_files(tmp_path: Path) -> None:
    """On a database just migrated, with no demo, each loader stores the shipped table."""
    env = {**os.environ, "CLEARWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    data = Path(__file__).parents[2] / "src" / "clearway" / "reference" / "data"
    assert _clearway("db", "upgrade", env=env).returncode == 0
    for command, file in (
        ("load-tariff", "tariff.csv"),
        ("load-rates", "exchange_rates.csv"),
        ("load-mainstream-origins", "mainstream_ore_origins.csv"),
    ):
        result = _clearway("reference", command, str(data / file), env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("loaded ") and "Traceback" not in result.stderr


def test_demo_officers_work_at_their_offices(cli: CliRunner) -> None:
    """The demo's Horgos inspector sees Horgos declarations only; the risk officer both ports."""
    offices = {}
    for username in ("inspector", "inspector-ordos", "risk"):
        actor = common.acting_user(username)
        with common.platform().sessions() as s:
            _, rows = list_visible(s, actor, DeclarationFilter(), 500, 0)
        offices[username] = {d.office_code for d in rows}
    assert offices == {"inspector": {"7909"}, "inspector-ordos": {"0291"}, "risk": {"0291", "7909"}}
