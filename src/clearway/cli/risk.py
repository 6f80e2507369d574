"""`clearway risk`: train, evaluate and run the ML risk scorer on declaration data files.

Every refusal (missing file, missing columns, unknown data set, empty history) is one line on
stderr and exit code 2, so scripts can tell bad input from a crash. The ML stack (pandas,
LightGBM, scikit-learn) is imported inside the commands so that mounting this sub-command does
not slow down every other `clearway` command.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from clearway.risk.model import RiskModel

app = typer.Typer(
    help="Machine-learning risk targeting: train, evaluate and score declaration items.",
    no_args_is_help=True,
)

DATASETS: tuple[str, ...] = ("kcs",)

DatasetOpt = Annotated[str, typer.Option("--dataset", help="Input format of the files: kcs.")]
HistoryOpt = Annotated[
    list[Path], typer.Option("--history", help="Labelled history file (repeatable).")
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed; same seed, same model.")]


class UnknownDataset(ValueError):
    """The --dataset name has no adapter."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn expected input problems into one stderr line and exit code 2."""
    from clearway.risk.features import MissingFields
    from clearway.risk.kcs import DatasetColumnsMissing, DatasetUnreadable
    from clearway.risk.model import EmptyHistory, IncompatibleModel, MissingLabels, OneClassHistory

    try:
        yield
    except (
        DatasetColumnsMissing,
        DatasetUnreadable,
        EmptyHistory,
        MissingLabels,
        MissingFields,
        OneClassHistory,
        IncompatibleModel,
        UnknownDataset,
    ) as exc:
        _fail(str(exc))
    except FileNotFoundError as exc:
        _fail(f"file not found: {exc.filename}")
    except OSError as exc:
        _fail(f"{exc.filename}: {exc.strerror}")
    except ValueError as exc:  # unparsable csv, dates or numbers
        _fail(f"unreadable input: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def _read(dataset: str, path: Path, *, labels: bool) -> pd.DataFrame:
    """Canonical records of one file in the named format (the one place formats are chosen)."""
    if dataset not in DATASETS:
        raise UnknownDataset(dataset)
    from clearway.risk.kcs import read_kcs

    return read_kcs(path, labels=labels)


def _read_history(dataset: str, files: list[Path]) -> pd.DataFrame:
    import pandas as pd

    frames = [_read(dataset, path, labels=True) for path in files]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _train_quietly(history: pd.DataFrame, seed: int) -> RiskModel:
    from clearway.risk.model import train

    return train(history, seed=seed)


def _train_with_bar(history: pd.DataFrame, seed: int) -> RiskModel:
    from clearway.risk.model import train

    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    console = Console(stderr=True)
    # No bar when stderr is a log file or pipe: it would only leave blank lines behind.
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task("features", total=1.0)

        def show(stage: str, done: float) -> None:
            bar.update(task, description=stage, completed=done)

        return train(history, seed=seed, progress=show)


@app.command()
def evaluate(
    test: Annotated[Path, typer.Option("--test", help="Labelled file to evaluate on.")],
    history: HistoryOpt,
    dataset: DatasetOpt = "kcs",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    seed: SeedOpt = 42,
    save_model: Annotated[
        Path | None, typer.Option("--save-model", help="Also save the trained model here.")
    ] = None,
) -> None:
    """Train on the history files only, then report top-n % precision on the test file."""
    started = time.perf_counter()
    with _refusals():
        past = _read_history(dataset, history)
        future = _read(dataset, test, labels=True)
        train_started = time.perf_counter()
        model = _train_quietly(past, seed)
        train_seconds = time.perf_counter() - train_started
        from clearway.risk.evaluation import evaluate as evaluate_model

        figures = evaluate_model(model, future)
        if save_model is not None:
            model.metadata["metrics"] = {k: v for k, v in figures.items() if k != "test_rows"}
            model.save(save_model)
    report: dict[str, Any] = {"dataset": dataset, "history_rows": len(past)}
    report.update(figures)
    report["train_seconds"] = round(train_seconds, 3)
    report["total_seconds"] = round(time.perf_counter() - started, 3)
    if as_json:
        typer.echo(json.dumps(report))
    else:
        _print_table(report)


def _print_table(report: dict[str, Any]) -> None:
    table = Table(title=f"Risk ranking on {report['test_rows']} test rows ({report['dataset']})")
    for heading in ("top n %", "precision", "recall", "critical share"):
        table.add_column(heading, justify="right")
    for rate, precision in report["precision"].items():
        cells = (precision, report["recall"][rate], report["critical_share"][rate])
        table.add_row(f"{rate} %", *("-" if v is None else f"{v:.3f}" for v in cells))
    console = Console()
    console.print(table)
    auc = report["roc_auc"]
    console.print(
        f"ROC AUC {'-' if auc is None else f'{auc:.4f}'}; history rows "
        f"{report['history_rows']}; train {report['train_seconds']:.1f} s; "
        f"total {report['total_seconds']:.1f} s"
    )


@app.command()
def score(
    input_file: Annotated[Path, typer.Option("--input", help="Unlabelled file to score.")],
    out: Annotated[Path, typer.Option("--out", help="CSV to write: Declaration ID,score.")],
    history: HistoryOpt,
    dataset: DatasetOpt = "kcs",
    seed: SeedOpt = 42,
) -> None:
    """Train on the history files and write a fraud score for every input row, in order."""
    with _refusals():
        past = _read_history(dataset, history)
        records = _read(dataset, input_file, labels=False)
        scores = _train_quietly(past, seed).score(records)
        with out.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Declaration ID", "score"])
            for declaration, value in zip(records["declaration_id"], scores, strict=True):
                writer.writerow([declaration, repr(float(value))])
    typer.echo(f"scored {len(records)} rows into {out}")


@app.command("train")
def train_command(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model into.")],
    history: Annotated[
        list[Path] | None, typer.Option("--history", help="Labelled history file (repeatable).")
    ] = None,
    dataset: DatasetOpt = "kcs",
    seed: SeedOpt = 42,
    from_platform: Annotated[
        bool,
        typer.Option(
            "--from-platform", help="Learn from this district's declarations and outcomes."
        ),
    ] = False,
    office: Annotated[
        str | None, typer.Option("--office", help="With --from-platform: one customs office.")
    ] = None,
    flow: Annotated[
        str | None, typer.Option("--flow", help="With --from-platform: import or export.")
    ] = None,
) -> None:
    """Train on the history files, or on the platform's own outcomes, and save the artefact."""
    if from_platform == bool(history):
        _fail("give either --history files or --from-platform")
    with _refusals():
        past = (
            _platform_history(office, flow)
            if from_platform
            else _read_history(dataset, history or [])
        )
        model = _train_with_bar(past, seed)
        model.metadata["source"] = "platform" if from_platform else dataset
        model.metadata["scope"] = {"office": office, "flow": flow}
        model.save(out)
    window = model.metadata["window"]
    typer.echo(
        f"trained on {len(past)} rows, {model.metadata['labelled_rows']} labelled "
        f"({window['from']} .. {window['to']}) into {out}"
    )


def _platform_history(office: str | None, flow: str | None) -> pd.DataFrame:
    """The district's declarations and outcome labels, read in one read-only session."""
    from clearway.cli.common import platform
    from clearway.risk.platform_history import platform_history
    from clearway.risk.screening import selectivity_config

    p = platform()
    config = selectivity_config(p.settings)
    with p.sessions() as session:
        return platform_history(
            session, config, p.settings.risk_random_weight_cap, office_code=office, flow=flow
        )
