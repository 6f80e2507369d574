"""`clearway stats`: trade statistics and the Time Release Study from the command line.

Every view prints as a table (default), CSV, JSON (records per table) or XLSX (``--output``
required), through the same exports the API offers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import typer

from clearway.cli.common import acting_user, fail, guarded, platform
from clearway.declarations.model import FacilitationMode, Flow, Lane, TransportMode
from clearway.enterprises.model import CreditLevel
from clearway.statistics import commands, export, facts, release_analysis, release_time, trade
from clearway.statistics.commands import ReleaseQuery, TradeSort
from clearway.statistics.trade_modes import TradeHeading

app = typer.Typer(help="Trade statistics and the Time Release Study.", no_args_is_help=True)

DATE = ["%Y-%m-%d"]
AS_USER = typer.Option(None, "--as", help="Username to ask as (tenancy applies); default customs.")


class Output(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


class View(StrEnum):
    SUMMARY = "summary"
    CURVE = "curve"
    OUTLIERS = "outliers"


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _period(raw: str, name: str) -> tuple[date, date]:
    try:
        start, end = raw.split(":")
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        fail(f"{name} must be FROM:TO with ISO dates, e.g. 2019-01-01:2019-12-31")


def _write(sheets: Sequence[export.Sheet], fmt: Output, output: Path | None) -> None:
    """Print or save the tables in the asked format."""
    if fmt is Output.XLSX:
        if output is None:
            fail("--format xlsx needs --output FILE")
        output.write_bytes(export.to_xlsx(sheets))
        typer.echo(f"wrote {output}", err=True)
        return
    if fmt is Output.TABLE and output is None:
        _print_tables(sheets)
        return
    if fmt is Output.JSON:
        text = json.dumps(
            {s.title: [dict(zip(s.columns, r, strict=True)) for r in s.rows] for s in sheets},
            ensure_ascii=False,
            indent=2,
            default=str,
        )
    else:
        text = export.to_csv(sheets)
    if output is None:
        typer.echo(text.rstrip("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _print_tables(sheets: Sequence[export.Sheet]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 160))
    for sheet in sheets:
        table = Table(title=sheet.title)
        for column in sheet.columns:
            table.add_column(column)
        for row in sheet.rows:
            table.add_row(*("" if c is None else str(c) for c in row))
        console.print(table)


@app.command("trade")
@guarded
def trade_command(
    group_by: str = typer.Option("", "--group-by", help="e.g. month,hs_chapter"),
    flow: Flow | None = typer.Option(None),
    date_from: datetime | None = typer.Option(None, "--from", formats=DATE),
    date_to: datetime | None = typer.Option(None, "--to", formats=DATE),
    office: str | None = typer.Option(None),
    hs: str | None = typer.Option(None, help="HS prefix (chapter, heading or line)."),
    country: str | None = typer.Option(None, help="Partner country, ISO 3166 alpha-2."),
    enterprise: int | None = typer.Option(None),
    credit_level: CreditLevel | None = typer.Option(None),
    facilitation_mode: FacilitationMode | None = typer.Option(None),
    transport_mode: TransportMode | None = typer.Option(None),
    sort: TradeSort = typer.Option(TradeSort.KEYS),
    limit: int | None = typer.Option(None, min=1),
    heading: TradeHeading = typer.Option(
        TradeHeading.TRADE, help="trade, or zone_movement (bonded zone and domestic area)."
    ),
    trade_mode: str | None = typer.Option(None, help="Supervision mode, e.g. 0110."),
    fmt: Output = typer.Option(Output.TABLE, "--format"),
    output: Path | None = typer.Option(None, "--output"),
    as_user: str | None = AS_USER,
) -> None:
    """Values (declared and statistical; CNY, USD) and quantities of declarations released
    or later, under one heading: trade, or zone movements."""
    scope = commands.scope(
        flow=flow,
        date_from=_day(date_from),
        date_to=_day(date_to),
        office_code=office,
        enterprise_id=enterprise,
        credit_level=credit_level,
        facilitation_mode=facilitation_mode,
        transport_mode=transport_mode,
    )
    query = commands.trade_query(
        scope, group_by, hs, country, sort, limit, heading=heading, trade_mode=trade_mode
    )
    actor = acting_user(as_user)
    with platform().sessions() as session:
        table = trade.trade(session, actor, query)
    _write(table.sheets(), fmt, output)


@app.command("release-time")
@guarded
def release_time_command(
    view: View = typer.Option(View.SUMMARY, help="summary, curve or outliers"),
    by: str = typer.Option("", help="Breakdowns, e.g. lane,credit_level,arrival"),
    flow: Flow | None = typer.Option(None),
    date_from: datetime | None = typer.Option(None, "--from", formats=DATE),
    date_to: datetime | None = typer.Option(None, "--to", formats=DATE),
    office: str | None = typer.Option(None),
    enterprise: int | None = typer.Option(None),
    credit_level: CreditLevel | None = typer.Option(None),
    facilitation_mode: FacilitationMode | None = typer.Option(None),
    transport_mode: TransportMode | None = typer.Option(None),
    lane: Lane | None = typer.Option(None),
    compare: bool = typer.Option(False, "--compare", help="Compare --before with --after."),
    before: str | None = typer.Option(None, help="FROM:TO of the earlier period."),
    after: str | None = typer.Option(None, help="FROM:TO of the later period."),
    hours: str = typer.Option("", help="Curve thresholds in hours, e.g. 1,2,4,24"),
    limit: int = typer.Option(50, min=1, max=1000, help="Outliers listed."),
    fmt: Output = typer.Option(Output.TABLE, "--format"),
    output: Path | None = typer.Option(None, "--output"),
    as_user: str | None = AS_USER,
) -> None:
    """Release-time segments, breakdowns, curve, outliers, or a before/after comparison."""
    scope = commands.scope(
        flow=flow,
        date_from=_day(date_from),
        date_to=_day(date_to),
        office_code=office,
        enterprise_id=enterprise,
        credit_level=credit_level,
        facilitation_mode=facilitation_mode,
        transport_mode=transport_mode,
    )
    query = ReleaseQuery(scope, lane)
    actor = acting_user(as_user)
    with platform().sessions() as session:
        sheets: list[export.Sheet]
        if compare or before or after:
            if not (before and after):
                fail("--compare needs --before FROM:TO and --after FROM:TO")
            periods = (_period(before, "--before"), _period(after, "--after"))
            sheets = release_analysis.compare(session, actor, query, *periods).sheets()
        elif view is View.CURVE:
            thresholds = commands.curve_hours(hours)
            sheets = release_analysis.curve(session, actor, query, thresholds).sheets()
        elif view is View.OUTLIERS:
            sheets = release_analysis.outliers(session, actor, query, limit).sheets()
        else:
            dimensions = commands.release_dimensions(by)
            sheets = release_time.summary(session, actor, query, dimensions).sheets()
    _write(sheets, fmt, output)


@app.command()
@guarded
def rebuild() -> None:
    """Re-derive the statistics read models from the declarations (after an upgrade or a
    bulk load that bypassed the services)."""
    p = platform()
    with p.engine.begin() as conn:
        count = facts.rebuild(conn)
    typer.echo(f"statistics rebuilt for {count} declaration(s)")
