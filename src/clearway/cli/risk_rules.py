"""`clearway risk rules`: import, export, list and backtest risk rules; drain pending screenings.

Rule sets are JSON (or YAML with PyYAML installed) documents shaped like ``GET /risk/ruleset``;
``--defaults`` imports the starter rule set for Ordos and Horgos shipped with Clearway.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from clearway.cli.common import acting_user, emit, fail, guarded, platform
from clearway.declarations.model import Flow
from clearway.declarations.submission import screen_pending
from clearway.risk import services, transfer
from clearway.risk.backtest import backtest
from clearway.risk.commands import BacktestInput
from clearway.risk.rules import RuleStatus
from clearway.risk.scoring import ModelScorer
from clearway.risk.screening import Screener

app = typer.Typer(help="Risk rules: import, export, list, backtest.", no_args_is_help=True)
AS_USER = typer.Option(None, "--as", help="Username to act as (default: the platform itself).")
DATE = ["%Y-%m-%d"]


def _format(path: Path | None, given: str | None) -> str:
    if given:
        return given
    return "yaml" if path is not None and path.suffix.lower() in (".yaml", ".yml") else "json"


def _read(path: Path, fmt: str | None) -> dict[str, Any]:
    return transfer.parse_text(path.read_text("utf-8"), _format(path, fmt))


@app.command("import")
@guarded
def import_(
    file: Path | None = typer.Argument(None, help="Rule-set file (JSON or YAML)."),
    defaults: bool = typer.Option(False, "--defaults", help="Import the starter rule set."),
    activate: bool = typer.Option(False, "--activate", help="Put imported versions in force."),
    fmt: str | None = typer.Option(None, "--format", help="json or yaml (default: by suffix)."),
    as_user: str | None = AS_USER,
) -> None:
    """Import lists and rules; changed rules become new draft versions unless --activate."""
    if (file is None) == (not defaults):
        fail("give a FILE or --defaults (not both)")
    raw = transfer.default_ruleset() if file is None else _read(file, fmt)
    p = platform()
    with p.uow() as uow:
        summary = transfer.import_ruleset(uow, raw, acting_user(as_user), p.clock, activate)
    emit(summary.as_dict())


@app.command()
@guarded
def export(
    out: Path | None = typer.Option(None, "--out", help="Write here instead of standard output."),
    drafts: bool = typer.Option(False, "--drafts", help="Include draft versions."),
    fmt: str | None = typer.Option(None, "--format", help="json or yaml (default: by suffix)."),
    as_user: str | None = AS_USER,
) -> None:
    """Export the lists and active rules."""
    with platform().sessions() as session:
        data = transfer.export_ruleset(session, acting_user(as_user), drafts)
    text = transfer.dump_text(data, _format(out, fmt))
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, "utf-8")
    typer.echo(f"{len(data['rules'])} rules and {len(data['lists'])} lists written to {out}")


@app.command("list")
@guarded
def list_(
    status: RuleStatus | None = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
    as_user: str | None = AS_USER,
) -> None:
    """Rule versions with their status and effect."""
    with platform().sessions() as session:
        rules = services.list_rules(session, acting_user(as_user), status)
    if as_json:
        emit(
            [
                transfer.rule_dict(r) | {"id": r.id, "version": r.version, "status": r.status.value}
                for r in rules
            ]
        )
        return
    table = Table(
        "id",
        "rule",
        "version",
        "status",
        "lane",
        "score",
        "description",
        title=f"{len(rules)} rule versions",
    )
    for r in rules:
        table.add_row(
            str(r.id),
            r.rule_code,
            str(r.version),
            r.status.value,
            r.effect.lane.value if r.effect.lane else "",
            f"{r.effect.score:g}",
            r.description,
        )
    Console().print(table)


@app.command("backtest")
@guarded
def backtest_(
    file: Path = typer.Argument(..., help="A rule or a criteria tree (JSON or YAML)."),
    date_from: datetime = typer.Option(..., "--from", formats=DATE),
    date_to: datetime = typer.Option(..., "--to", formats=DATE),
    office: str | None = typer.Option(None, "--office"),
    flow: Flow | None = typer.Option(None, "--flow"),
    fmt: str | None = typer.Option(None, "--format"),
    as_user: str | None = AS_USER,
) -> None:
    """What the condition would have hit over the period, with its hit rate."""
    raw = _read(file, fmt)
    criteria = raw.get("criteria", raw)
    data = BacktestInput(
        criteria=criteria,
        date_from=date_from.date(),
        date_to=date_to.date(),
        office_code=office,
        flow=flow,
    )
    with platform().sessions() as session:
        result = backtest(session, acting_user(as_user), data)
    emit(
        {
            "declarations": result.declarations,
            "hits": result.hits,
            "hit_share": result.hit_share,
            "known_outcomes": result.known_outcomes,
            "nonconform": result.nonconform,
            "hit_rate": result.hit_rate,
            "base_rate": result.base_rate,
            "lift": result.lift,
            "sample": result.sample,
        }
    )


@app.command("screen-pending")
@guarded
def screen_pending_() -> None:
    """Screen every submitted declaration that has no screening result yet."""
    p = platform()
    submission = p.submission
    if submission.screener is None:  # screening is off in this platform: screen all the same
        screener = Screener(p.settings, ModelScorer(p.settings.model_dir))
        submission = replace(submission, screener=screener)
    with p.uow() as uow:
        done = screen_pending(uow, submission, p.clock)
    typer.echo(f"{len(done)} declarations screened" + (f": {', '.join(done)}" if done else ""))
