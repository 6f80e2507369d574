"""`clearway simulate`: run the facilitation simulator on a scenario, or compare two years.

The CLI runs any size (a progress bar on stderr while it works); ``--store`` keeps the run's
simulated declarations beside the real figures for the portal's release-time page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clearway.cli.common import emit, fail, guarded, platform
from clearway.identity.model import Actor
from clearway.simulation import scenario as scenarios
from clearway.simulation import services
from clearway.simulation.study import Study, added_measures

app = typer.Typer(help="The facilitation simulator.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def overrides(pairs: list[str] | None) -> dict[str, Any]:
    """``path=value`` pairs (values read as YAML scalars: 3, true, 2.5, text)."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        path, sep, value = pair.partition("=")
        if not sep or not path:
            fail(f"--set {pair}: expected path=value, e.g. measures.two_step=true")
        out[path.strip()] = yaml.safe_load(value)
    return out


@contextmanager
def bar(total: int) -> Iterator[services.Progress]:
    console = Console(stderr=True)
    columns = (TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task("simulating", total=total)
        yield lambda n: progress.advance(task, n)


def _table(study: Study) -> None:
    table = Table(title=f"{study.title} — {study.declarations_simulated} declarations")
    for column in ("segment", "count", "mean h", "median h", "P90 h"):
        table.add_column(column)
    for name, f in study.segments.items():
        table.add_row(
            name, str(f.count), *(str(v) for v in (f.mean_hours, f.median_hours, f.p90_hours))
        )
    Console().print(table)


@app.command("list")
def list_scenarios() -> None:
    """The scenarios shipped with Clearway."""
    for name in scenarios.shipped_names():
        typer.echo(name)


@app.command("run")
@guarded
def run(
    scenario: Annotated[str, typer.Option(help="A shipped scenario name or a YAML file.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Change a parameter: path=value.")
    ] = None,
    store: Annotated[bool, typer.Option(help="Keep the run beside the real figures.")] = False,
    as_json: JSON = False,
) -> None:
    """Simulate one scenario and print its release-time study."""
    s = scenarios.load(scenario, overrides(set_))
    with bar(services.expected_declarations(s)) as progress:
        declarations, study = services.simulate(s, progress)
    result: dict[str, Any] = study.as_dict()
    if store:
        p = platform()
        with p.uow() as uow:
            result["run_id"] = services.store_run(
                uow, s, declarations, Actor.system("cli"), p.clock.now()
            )
    if as_json:
        emit(result)
        return
    _table(study)
    if store:
        typer.echo(f"stored as simulation run {result['run_id']}")


@app.command("compare")
@guarded
def compare(
    port: Annotated[str, typer.Option(help="horgos or ordos.")],
    before: Annotated[str, typer.Option(help="The earlier scenario's suffix, e.g. 2019.")],
    after: Annotated[str, typer.Option(help="The later scenario's suffix, e.g. 2024.")],
    as_json: JSON = False,
) -> None:
    """Compare PORT-BEFORE with PORT-AFTER: ratios, segment means, each measure alone."""
    first = scenarios.load(f"{port}-{before}")
    second = scenarios.load(f"{port}-{after}")
    runs = 2 + 2 * len(added_measures(first, second))
    total = runs * max(
        services.expected_declarations(first), services.expected_declarations(second)
    )
    with bar(total) as progress:
        result = services.compare(port, before, after, progress=progress)
    if as_json:
        emit(result.as_dict(with_studies=False))
        return
    typer.echo(
        f"mean release time ratio {result.mean_release_time_ratio}, "
        f"median {result.median_release_time_ratio}, "
        f"{result.declarations_simulated} declarations simulated"
    )
    table = Table(title="each measure alone")
    for column in ("measure", "mean h", "Δ mean h", "Δ P90 h", "Δ mean h if removed"):
        table.add_column(column)
    for m in result.measures:
        table.add_row(
            m.measure, str(m.mean_hours), str(m.mean_change_hours), str(m.p90_change_hours),
            str(m.without_mean_change_hours),
        )  # fmt: skip
    Console().print(table)
