"""Ingest benchmark: declarations of three items lodged and submitted, four ways, one run.

* ``service``: ``services.create(submit=True)`` per declaration, as the API runs
  ``POST /declarations?submit=true``: lodged, numbered and submitted in one transaction.
* ``raw``: the same rows through the bare driver, one transaction per declaration.
* ``service_two_requests`` / ``raw_two_transactions``: a draft lodged by one request and
  submitted by another (``services.create`` then ``services.act(SUBMIT)``, two commits).
* ``batch``: ``declarations.bulk.lodge_batch`` (the same checks, numbering and status table,
  written as multi-row inserts), one commit per batch; ``copy`` is the driver's COPY of the
  same rows.
* ``build_only``: each declaration built and checked as every lodgement does
  (``services.build``), nothing written: the ceiling of any path through the aggregate, so
  ``build_only_vs_copy`` bounds what ``batch_vs_copy`` can reach.
* ``service_as_built``: ``service`` on the platform ``bootstrap.build`` returns: the
  lithium-battery checks, screening with its lane, and the handlers of the submission's events
  (outbox and inbox, inspection orders, statistics), on a sample;
  ``service_as_built_no_hook`` keeps the handlers but not screening.

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
from clearway.bootstrap import Platform, build
from clearway.dangerous_goods.model import Check
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations import services
from clearway.declarations.bulk import lodge_batch
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.status import Command
from clearway.declarations.submission import Submission
from clearway.reference.services import SessionReference

TARGETS = {
    "as_built_vs_raw_ratio_min": 0.15,
    "as_built_statements_max": 20,
    "batch_vs_copy_ratio_min": 0.75,
}
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
    # The bare paths write what the driver paths write: no lithium-battery checks (their
    # inputs carry no certificates), no screening, no event handlers.
    unchecked = platform.settings.model_copy(
        update={"dg_checks": {check.value: "off" for check in Check}}
    )
    bare = replace(
        platform, handlers=(), submission=Submission(SubmissionCheck.from_settings(unchecked), None)
    )
    unhooked = replace(platform, submission=replace(platform.submission, screener=None))

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

    def built_only(count: int, advance: Advance) -> dict[str, Any]:
        _build_only(bare, district, inputs, count, advance)
        return {"transactions_per_declaration": 0, "writes": False}

    with _progress() as progress:
        for name, fn, count, warm, counted in (
            ("service", service, n, warmup, True),
            ("raw", raw, n, warmup, False),
            ("service_two_requests", service_two, n, warmup, True),
            ("raw_two_transactions", raw_two, n, warmup, False),
            ("batch", batched, n, min(batch, n), True),
            ("copy", copy, n, min(batch, n), False),
            ("build_only", built_only, n, warmup, False),
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
        "build_only_vs_copy": rate["build_only"] / rate["copy"],
        "as_built_vs_raw": rate["service_as_built"] / rate["raw"],
        "as_built_vs_service": rate["service_as_built"] / rate["service"],
    }
    as_built_statements = paths["service_as_built"].get("statements_per_declaration", 0)
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
            "as_built_vs_raw_ratio": ratios["as_built_vs_raw"]
            >= TARGETS["as_built_vs_raw_ratio_min"],
            "as_built_statements": as_built_statements <= TARGETS["as_built_statements_max"],
            "batch_vs_copy_ratio": ratios["batch_vs_copy"] >= TARGETS["batch_vs_copy_ratio_min"],
        },
        "as_built": {
            "screening": platform.submission.screener is not None,
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
    action, submission = ActionInput(), platform.submission
    for i in range(count):
        data = inputs[i % len(inputs)]
        with platform.uow() as uow:
            if not two_requests:
                services.create(uow, data, actor, clock, max_items, submit=submission)
            else:
                lodged = services.create(uow, data, actor, clock, max_items)
                services.act(uow, lodged.id, Command.SUBMIT, action, actor, clock, submission)
        advance(1)


def _build_only(
    platform: Platform,
    district: BenchDistrict,
    inputs: list[DeclarationInput],
    count: int,
    advance: Advance,
) -> None:
    """Build and check each declaration as every lodgement does, and write nothing: the
    ceiling of any path that lodges through the aggregate (batch included)."""
    actor, max_items = district.exporter, platform.settings.max_items
    with platform.uow() as uow:
        reference, now = SessionReference(uow.session), platform.clock.now()
        for i in range(count):
            services.build(uow.session, inputs[i % len(inputs)], actor, now, reference, max_items)
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
            lodge_batch(uow, chunk, actor, clock, max_items, submit=platform.submission)
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
    # A path that writes nothing (build_only) has nothing to verify.
    verified = _verify(scratch, n) if extra.get("writes", True) else None
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
        "service: services.create with the submission, what POST /declarations?submit=true "
        "runs, on a platform without screening or event handlers: checks, numbering, the "
        "aggregate moved by the status table and flushed once, then the commit.",
        "raw: the same rows through the bare driver in one transaction per declaration "
        "(counter bump, header already submitted, items, submit event), without the rules' "
        "reference reads. service_two_requests/raw_two_transactions: a draft lodged by one "
        "request and submitted by another (two commits, plus the submit UPDATE).",
        "batch: declarations.bulk.lodge_batch: the same build and checks as a single "
        "lodgement, drafts written as rows (ids in one statement, COPY per table on "
        "PostgreSQL), then each submitted through the same submission, one commit per batch.",
        "service and batch run with no screening and no event handlers, so they write what "
        "raw and copy write. service_as_built is the whole submission as the API runs it, "
        "with the three lithium-battery certificates attached, on the platform "
        "bootstrap.build returns: the checks, screening with auto-accept and lane, and the "
        "handlers of its events (outbox and inbox, inspection orders, statistics), which "
        "write more rows; service_as_built_no_hook keeps the handlers but not screening. "
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
