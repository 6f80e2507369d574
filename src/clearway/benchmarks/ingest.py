"""Ingest benchmark: declarations of three items lodged and submitted, four ways, one run.

* ``service``: ``services.create(submit=True)`` per declaration, as the API runs
  ``POST /declarations?submit=true``: lodged, numbered and submitted in one transaction.
* ``raw``: the same rows through the bare driver, one transaction per declaration.
* ``service_two_requests`` / ``raw_two_transactions``: a draft lodged by one request and
  submitted by another (``services.create`` then ``services.act(SUBMIT)``, two commits).
* ``batch``: ``declarations.bulk.lodge_batch`` (the same checks, numbering and status table,
  written as multi-row inserts), one commit per batch; ``copy`` is the driver's COPY of the
  same rows.
* ``service_as_built``: ``service`` on the platform ``bootstrap.build`` returns, with its
  submit hook and session listeners (screening, notifications), on a sample, to show what
  they add; ``service_as_built_no_hook`` keeps the listeners only.

Every path starts from the same empty tables, is warmed up first, and is checked afterwards
(row counts and the number counter), so the figures compare like with like.
"""

from __future__ import annotations

import os
import platform as host
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from clearway.benchmarks import _raw
from clearway.benchmarks._report import render
from clearway.benchmarks._rows import RowPlan
from clearway.benchmarks.scratch import (
    Scratch,
    bench_settings,
    describe,
    empty_declarations,
    scratch_database,
)
from clearway.benchmarks.seed import ITEMS_PER_DECLARATION, BenchDistrict, declaration_inputs
from clearway.benchmarks.seed import seed_district as seed
from clearway.bootstrap import Platform, build, sessions_for
from clearway.declarations import services
from clearway.declarations.bulk import lodge_batch
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.status import Command

TARGETS = {"service_vs_raw_ratio_min": 0.5, "batch_per_s_min": 5000}
WARMUP_MAX = 200
TRACEMALLOC_SAMPLE = 500
SAMPLE = 2000  # declarations for the as-built paths, which are much slower
Advance = Callable[[int], None]
PathFn = Callable[[int, Advance], dict[str, Any]]


def run(n: int, database_url: str, batch: int, as_json: bool) -> dict[str, Any]:
    """Run every path on a scratch database, print the figures, and return them."""
    load_at_start = round(os.getloadavg()[0], 2)
    with scratch_database(database_url) as scratch:
        platform = build(bench_settings(scratch.url), engine=scratch.engine)
        district = seed(platform)
        day = platform.clock.now().date()
        inputs = declaration_inputs(day)
        plan = RowPlan(inputs, district.exporter_id, district.exporter, day)
        figures = _run_paths(scratch, platform, district, inputs, plan, n, batch)
        result = {
            "benchmark": "ingest",
            "database": describe(scratch),
            "host": {
                "python": host.python_version(),
                "cpus": os.cpu_count(),
                # Other work on the machine skews every path; the ratios share the same skew.
                "load_average_1m": {"start": load_at_start, "end": round(os.getloadavg()[0], 2)},
            },
            "n": n,
            "batch": batch,
            "items_per_declaration": ITEMS_PER_DECLARATION,
            **figures,
        }
    render(result, as_json)
    return result


def _run_paths(
    scratch: Scratch,
    platform: Platform,
    district: BenchDistrict,
    inputs: list[DeclarationInput],
    plan: RowPlan,
    n: int,
    batch: int,
) -> dict[str, Any]:
    warmup = min(WARMUP_MAX, n // 10)
    paths: dict[str, dict[str, Any]] = {}
    # The like-for-like paths run on a bare platform: a session factory with no listeners and
    # no submit hook, so they write exactly the rows the driver paths write. What build()
    # adds on top (risk screening on submit, timeline notifications, …) is measured apart.
    bare = replace(
        platform,
        sessions=sessions_for(scratch.engine, platform.settings.reference_cache_seconds),
        on_submit=None,
    )
    unhooked = replace(platform, on_submit=None)

    def service(count: int, advance: Advance) -> dict[str, Any]:
        _service(bare, district, inputs, count, advance)
        return {"transactions_per_declaration": 1}

    def service_two(count: int, advance: Advance) -> dict[str, Any]:
        _service(bare, district, inputs, count, advance, two_requests=True)
        return {"transactions_per_declaration": 2}

    certified = declaration_inputs(platform.clock.now().date(), certificates=True)

    def as_built(count: int, advance: Advance) -> dict[str, Any]:
        _service(platform, district, certified, count, advance)
        return {"transactions_per_declaration": 1}

    def as_built_no_hook(count: int, advance: Advance) -> dict[str, Any]:
        _service(unhooked, district, certified, count, advance)
        return {"transactions_per_declaration": 1}

    def raw(count: int, advance: Advance) -> dict[str, Any]:
        sent = _raw.per_transaction(scratch, plan, count, advance)
        return {"transactions_per_declaration": 1, "statements_per_declaration": sent}

    def raw_two(count: int, advance: Advance) -> dict[str, Any]:
        sent = _raw.per_transaction(scratch, plan, count, advance, two_requests=True)
        return {"transactions_per_declaration": 2, "statements_per_declaration": sent}

    def batched(count: int, advance: Advance) -> dict[str, Any]:
        return _batch(bare, district, inputs, count, batch, advance)

    def copy(count: int, advance: Advance) -> dict[str, Any]:
        return {"method": _raw.bulk(scratch, plan, count, batch, advance)}

    with _progress() as progress:
        for name, fn, count, warm, counted in (
            ("service", service, n, warmup, True),
            ("raw", raw, n, warmup, False),
            ("service_two_requests", service_two, n, warmup, True),
            ("raw_two_transactions", raw_two, n, warmup, False),
            ("batch", batched, n, min(batch, n), True),
            ("copy", copy, n, min(batch, n), False),
            ("service_as_built_no_hook", as_built_no_hook, min(n, SAMPLE), warmup, True),
            ("service_as_built", as_built, min(n, SAMPLE), warmup, True),
        ):
            paths[name] = _measure(scratch, progress, name, fn, count, warm, counted)
        peak, sample = _traced_service_peak(scratch, service, n)

    rate = {name: figures["declarations_per_s"] for name, figures in paths.items()}
    ratios = {
        "service_vs_raw": rate["service"] / rate["raw"],
        "two_requests_service_vs_raw": rate["service_two_requests"] / rate["raw_two_transactions"],
        "batch_vs_copy": rate["batch"] / rate["copy"],
        "batch_vs_target": rate["batch"] / TARGETS["batch_per_s_min"],
    }
    ratios["as_built_vs_service"] = rate["service_as_built"] / rate["service"]
    return {
        "warmup": warmup,
        "paths": paths,
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "memory": {
            "maxrss_mib": _maxrss_mib(),
            "service_tracemalloc_peak_mib": round(peak, 2),
            "service_tracemalloc_sample": sample,
        },
        "targets": TARGETS,
        "met": {
            "service_vs_raw_ratio": ratios["service_vs_raw"] >= TARGETS["service_vs_raw_ratio_min"],
            "batch_per_s": rate["batch"] >= TARGETS["batch_per_s_min"],
        },
        "as_built": {
            "on_submit": getattr(platform.on_submit, "__qualname__", None),
            "sample": min(n, SAMPLE),
        },
        "notes": _notes(scratch),
    }


def _service(
    platform: Platform,
    district: BenchDistrict,
    inputs: list[DeclarationInput],
    count: int,
    advance: Advance,
    two_requests: bool = False,
) -> None:
    """The API's write path: lodge and submit at once, or as two use cases each committing."""
    actor, clock, max_items = district.exporter, platform.clock, platform.settings.max_items
    action, hook = ActionInput(), platform.on_submit
    for i in range(count):
        data = inputs[i % len(inputs)]
        with platform.uow() as uow:
            if not two_requests:
                services.create(uow, data, actor, clock, max_items, submit=True, on_submit=hook)
            else:
                lodged = services.create(uow, data, actor, clock, max_items)
                services.act(uow, lodged.id, Command.SUBMIT, action, actor, clock, hook)
        advance(1)


def _batch(
    platform: Platform,
    district: BenchDistrict,
    inputs: list[DeclarationInput],
    count: int,
    batch: int,
    advance: Advance,
) -> dict[str, Any]:
    """Lodge and submit a batch per transaction through the bulk lodgement service."""
    actor, clock, max_items = district.exporter, platform.clock, platform.settings.max_items
    for start in range(0, count, batch):
        size = min(batch, count - start)
        chunk = [inputs[i % len(inputs)] for i in range(start, start + size)]
        with platform.uow() as uow:
            lodge_batch(uow, chunk, actor, clock, max_items, submit=True)
        advance(size)
    return {"transactions_per_declaration": round(1 / batch, 4)}


def _measure(
    scratch: Scratch,
    progress: Progress,
    name: str,
    fn: PathFn,
    n: int,
    warmup: int,
    count_statements: bool,
) -> dict[str, Any]:
    """Warm up, reset, time ``n`` declarations, check what they left behind, reset again."""
    statements: float | None = None
    if warmup:
        with _statement_counter(scratch.engine) as counted:
            fn(warmup, _ignore)
        if count_statements:
            statements = round(counted[0] / warmup, 2)
        empty_declarations(scratch)
    task = progress.add_task(name, total=n)
    started = time.perf_counter()
    extra = fn(n, lambda k: progress.advance(task, k))
    seconds = time.perf_counter() - started
    verified = _verify(scratch, n)
    empty_declarations(scratch)
    figures: dict[str, Any] = {
        "declarations": n,
        "seconds": round(seconds, 3),
        "declarations_per_s": round(n / seconds, 1),
        "items_per_s": round(n * ITEMS_PER_DECLARATION / seconds, 1),
        "verified": verified,
        "maxrss_mib_after": _maxrss_mib(),
        **extra,
    }
    if statements is not None:
        figures["statements_per_declaration"] = statements
    return figures


def _traced_service_peak(scratch: Scratch, service: PathFn, n: int) -> tuple[float, int]:
    """Python heap peak of the service path on a sample (tracing slows it, so never timed)."""
    sample = min(n, TRACEMALLOC_SAMPLE)
    tracemalloc.start()
    try:
        service(sample, _ignore)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    empty_declarations(scratch)
    return peak / 2**20, sample


@contextmanager
def _statement_counter(engine: Engine) -> Iterator[list[int]]:
    """Count statements SQLAlchemy sends (transaction control excluded) while the block runs."""
    counted = [0]

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            counted[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _verify(scratch: Scratch, n: int) -> bool:
    """Every declaration lodged, with its items, one submit event and a gap-free counter."""
    with scratch.engine.connect() as conn:
        submitted = conn.execute(
            text("SELECT count(*) FROM declarations WHERE lodged_at IS NOT NULL")
        ).scalar_one()
        items = conn.execute(text("SELECT count(*) FROM declaration_items")).scalar_one()
        events = conn.execute(
            text("SELECT count(*) FROM declaration_events WHERE command = 'submit'")
        ).scalar_one()
        counter = conn.execute(text("SELECT max(last_value) FROM number_sequences")).scalar_one()
    return bool(
        submitted == n and items == n * ITEMS_PER_DECLARATION and events == n and counter == n
    )


def _notes(scratch: Scratch) -> list[str]:
    notes = [
        "service: services.create(submit=True), what POST /declarations?submit=true runs: "
        "checks, numbering, status table and timeline in one transaction per declaration, "
        "written by declarations.writer: the number block and every id in one statement, one "
        "statement per table, then the commit.",
        "raw: the same rows through the bare driver in one transaction per declaration "
        "(counter bump, header already submitted, items, submit event), without the rules' "
        "reference reads. service_two_requests/raw_two_transactions: a draft lodged by one "
        "request and submitted by another (two commits, plus the submit UPDATE).",
        "batch: declarations.bulk.lodge_batch: the same rules and the same writer as a single "
        "lodgement (numbers and ids in one statement per batch, rows written already "
        "submitted, COPY per table on PostgreSQL), one commit per batch.",
        "service and batch run on a bare session factory with no submit hook, so they write "
        "what raw and copy write. service_as_built is the same path, with the three "
        "lithium-battery certificates attached, on the platform "
        "bootstrap.build returns (its submit hook, e.g. risk screening with auto-accept and "
        "lane, and its session listeners, e.g. timeline notifications to the outbox and "
        "inbox), which write more rows; service_as_built_no_hook keeps the listeners only. "
        f"Both run on a sample of at most {SAMPLE} declarations.",
    ]
    if scratch.dialect == "postgresql":
        notes.append(
            "copy: one counter bump per batch and ids reserved with nextval, then COPY of "
            "headers, items and events in one transaction per batch."
        )
    else:
        notes.append(
            "copy: COPY is not available on SQLite; executemany per table, one transaction per "
            "batch. The batch_per_s target is for PostgreSQL."
        )
    return notes


@contextmanager
def _progress() -> Iterator[Progress]:
    """Progress on stderr, so stdout carries only the figures."""
    columns = (
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        yield progress


def _maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (2**20 if sys.platform == "darwin" else 2**10), 1)


def _ignore(_count: int) -> None:
    """Progress sink for warm-up rounds, which are not shown."""
