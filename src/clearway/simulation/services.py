"""Use cases of the simulator: run a scenario, compare two, store a run beside real figures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clearway.shared.errors import RuleViolation
from clearway.simulation import scenario as scenarios
from clearway.simulation.port import Port, arrival_hours
from clearway.simulation.scenario import Scenario
from clearway.simulation.study import Comparison, Study, added_measures, comparison, effect, study

Progress = Callable[[int], None]


def expected_declarations(s: Scenario) -> int:
    """How many declarations the timetable carries (to bound a run before it starts)."""
    return sum(count for _, count in arrival_hours(s))


def bounded(s: Scenario, limit: int | None) -> Scenario:
    """Refuse a run larger than *limit* declarations (the portal and API run in a request)."""
    if limit is not None and (n := expected_declarations(s)) > limit:
        raise RuleViolation.single(
            "days",
            "too_large",
            f"the scenario carries {n} declarations; at most {limit} are simulated on request",
        )
    return s


def run(s: Scenario, progress: Progress | None = None) -> Study:
    """Simulate one scenario and read it as a Time Release Study."""
    return study(s, Port(s, progress).run())


def run_named(
    name_or_path: str,
    overrides: Mapping[str, Any] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Study:
    """Load, bound and run a scenario (shipped name or file) with changed parameters."""
    return run(bounded(scenarios.load(name_or_path, overrides), limit), progress)


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
