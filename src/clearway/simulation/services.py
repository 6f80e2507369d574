"""Use cases of the simulator: run a scenario, compare two, store a run beside real figures."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from clearway.audit import services as audit
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.shared.errors import RuleViolation
from clearway.simulation import policy
from clearway.simulation import scenario as scenarios
from clearway.simulation.model import SimulatedDeclaration
from clearway.simulation.port import Port
from clearway.simulation.scenario import Scenario
from clearway.simulation.study import (
    Comparison,
    Study,
    added_measures,
    comparison,
    effect,
    segment_seconds,
    study,
)
from clearway.simulation.tables import simulated_release_facts, simulation_runs
from clearway.statistics.tables import milestone_column, segment_column
from clearway.statistics.trs import SEGMENTS

Progress = Callable[[int], None]


def expected_declarations(s: Scenario) -> int:
    """How many declarations the timetable carries, counted without walking it (to bound a
    run before it starts, however dense the timetable)."""
    horizon = s.days * 24.0
    services = sum(
        math.ceil((horizon - v.first_hour) / v.every_hours) * v.declarations
        for v in s.timetable.services
    )
    return services + sum(a.declarations for a in s.timetable.arrivals)


def bounded(s: Scenario, limit: int | None) -> Scenario:
    """Refuse a run larger than *limit* declarations (the portal and API run in a request)."""
    if limit is not None and (n := expected_declarations(s)) > limit:
        raise RuleViolation.single(
            "days",
            "too_large",
            f"the scenario carries {n} declarations; at most {limit} are simulated on request",
        )
    return s


def simulate(
    s: Scenario, progress: Progress | None = None
) -> tuple[list[SimulatedDeclaration], Study]:
    """Simulate one scenario: its declarations, read as a Time Release Study."""
    declarations = Port(s, progress).run()
    return declarations, study(s, declarations)


def run(s: Scenario, progress: Progress | None = None) -> Study:
    """Simulate one scenario and read it as a Time Release Study."""
    return simulate(s, progress)[1]


def run_named(
    name: str,
    overrides: Mapping[str, Any] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Study:
    """Load, bound and run a shipped scenario with changed parameters."""
    return run(bounded(scenarios.load_shipped(name, overrides), limit), progress)


def what_if(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    overrides: Mapping[str, Any],
    limit: int,
    store: bool,
    at: datetime,
) -> tuple[Study, int | None]:
    """The portal's and the API's run: a shipped scenario with changed parameters, bounded
    in size, kept beside the real figures when asked; the study and the run's id."""
    if store:
        policy.ensure_may_store(actor)
    else:
        policy.ensure_may_simulate(actor)
    s = bounded(scenarios.load_shipped(name, overrides), limit)
    declarations, found = simulate(s)
    return found, store_run(uow, s, declarations, actor, at) if store else None


def compare(
    port: str,
    before: str,
    after: str,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare ``PORT-BEFORE`` with ``PORT-AFTER`` and measure each added measure alone."""
    names = f"{port}-{before}", f"{port}-{after}"
    first, second = (bounded(scenarios.load(n), limit) for n in names)
    base, final = run(first, progress), run(second, progress)
    effects = []
    for m in added_measures(first, second):
        switch = f"measures.{m.value}"
        alone = run(scenarios.load(names[0], {switch: True}), progress)
        without = run(scenarios.load(names[1], {switch: False}), progress)
        effects.append(effect(m, base, alone, final, without))
    return comparison(base, final, effects)


def store_run(
    uow: UnitOfWork,
    s: Scenario,
    declarations: Sequence[SimulatedDeclaration],
    actor: Actor,
    at: datetime,
) -> int:
    """Keep a run's declarations as simulated release facts (a named bulk use case: one
    multi-row insert), apart from the real ones; the run's id."""
    run_id = uow.session.execute(
        insert(simulation_runs).returning(simulation_runs.c.id),
        {
            "scenario": s.name,
            "title": s.title[:200],
            "port": s.port,
            "flow": s.flow,
            "office_code": s.office_code,
            "year": s.start.year,
            "seed": s.seed,
            "parameters": json.dumps(s.model_dump(mode="json"), ensure_ascii=False),
            "declarations": len(declarations),
            "created_at": at,
            "created_by": actor.username,
        },
    ).scalar_one()
    rows = [_fact(run_id, seq, s, d) for seq, d in enumerate(declarations, start=1)]
    if rows:
        uow.session.execute(insert(simulated_release_facts), rows)
    audit.record(
        uow.session, actor, at, "simulation.stored", "simulation_run", run_id,
        {"scenario": s.name, "declarations": len(declarations)},
    )  # fmt: skip
    uow.commit()
    return int(run_id)


def _fact(run_id: int, seq: int, s: Scenario, d: SimulatedDeclaration) -> dict[str, Any]:
    times = d.datetimes(s.start)
    return {
        "run_id": run_id,
        "seq": seq,
        "number": d.number,
        "flow": s.flow,
        "status": d.status.value if d.status else "open",
        "office_code": s.office_code,
        "lane": d.lane.value,
        "credit_level": d.credit_level.value,
        "facilitation_mode": d.facilitation_mode[:200],
        "transport_mode": s.transport_mode,
        **{milestone_column(m): t for m, t in times.items()},
        **{segment_column(g): segment_seconds(d, g) for g in SEGMENTS},
    }
