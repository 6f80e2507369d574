"""A simulated run read as a Time Release Study: the same segments, means, medians and P90s
the platform's release-time page shows for real declarations (``statistics.trs``).

The comparison of two scenarios gives the ratios the seeds speak of ("nearly 20 times"), and
the measure table says what each measure does alone: the "before" scenario with only that
measure switched on, against the "before" scenario as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from clearway.declarations.status import Milestone
from clearway.simulation.model import SimulatedDeclaration
from clearway.simulation.scenario import Measure, Scenario
from clearway.statistics import trs
from clearway.statistics.release_time import DurationFigures

M = Milestone
LEVELS = trs.SUMMARY_QUANTILES
SECONDS = 3600.0


def segment_seconds(d: SimulatedDeclaration, segment: trs.Segment) -> float | None:
    """The segment's seconds by the same first-present rule ``trs.segment_seconds`` applies."""
    start = next((t for m in segment.start if (t := d.at(m)) is not None), None)
    end = next((t for m in segment.end if (t := d.at(m)) is not None), None)
    if start is None or end is None or end < start:
        return None
    return (end - start) * SECONDS


def figures(values: Iterable[float | None]) -> DurationFigures:
    return DurationFigures.of(trs.describe(values, LEVELS))


@dataclass(frozen=True)
class Study:
    """What one run gives: counts, final statuses, and release-time figures in hours."""

    scenario: str
    title: str
    port: str
    year: int
    declarations_simulated: int
    released: int
    pre_arrival: int
    final_statuses: dict[str, int]
    release_time: DurationFigures
    segments: dict[str, DurationFigures]
    by_lane: dict[str, DurationFigures]
    by_credit_level: dict[str, DurationFigures]
    by_facilitation_mode: dict[str, DurationFigures] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def study(scenario: Scenario, declarations: Sequence[SimulatedDeclaration]) -> Study:
    """Read a finished run the way the Time Release Study reads real declarations."""
    per_segment = {s.name: [segment_seconds(d, s) for d in declarations] for s in trs.SEGMENTS}
    release = per_segment[trs.RELEASE_TIME.name]
    groups: dict[str, dict[str, list[float | None]]] = defaultdict(lambda: defaultdict(list))
    for d, seconds in zip(declarations, release, strict=True):
        groups["lane"][d.lane.value].append(seconds)
        groups["credit_level"][d.credit_level.value].append(seconds)
        groups["mode"][d.facilitation_mode].append(seconds)

    def by(name: str) -> dict[str, DurationFigures]:
        return {k: figures(v) for k, v in sorted(groups[name].items())}

    return Study(
        scenario=scenario.name,
        title=scenario.title,
        port=scenario.port,
        year=scenario.start.year,
        declarations_simulated=len(declarations),
        released=sum(1 for d in declarations if d.at(M.E8) is not None),
        pre_arrival=sum(1 for d in declarations if d.pre_arrival),
        final_statuses=dict(Counter(d.status.value if d.status else "open" for d in declarations)),
        release_time=figures(release),
        segments={name: figures(values) for name, values in per_segment.items()},
        by_lane=by("lane"),
        by_credit_level=by("credit_level"),
        by_facilitation_mode=by("mode"),
    )


@dataclass(frozen=True)
class MeasureEffect:
    """One measure switched on alone in the "before" scenario, and off alone in the "after"
    one (a measure that needs another, as direct pickup needs pre-arrival lodgement, shows
    its effect only in the second)."""

    measure: str
    mean_hours: float | None
    p90_hours: float | None
    mean_change_hours: float | None
    p90_change_hours: float | None
    mean_ratio: float | None  # before ÷ with the measure
    without_mean_hours: float | None
    without_p90_hours: float | None
    without_mean_change_hours: float | None  # after without it − after
    without_p90_change_hours: float | None


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)


def effect(
    measure: Measure, before: Study, alone: Study, after: Study, without: Study
) -> MeasureEffect:
    b, a = before.release_time, alone.release_time
    f, w = after.release_time, without.release_time
    return MeasureEffect(
        measure=measure.value,
        mean_hours=a.mean_hours,
        p90_hours=a.p90_hours,
        mean_change_hours=_minus(a.mean_hours, b.mean_hours),
        p90_change_hours=_minus(a.p90_hours, b.p90_hours),
        mean_ratio=_ratio(b.mean_hours, a.mean_hours),
        without_mean_hours=w.mean_hours,
        without_p90_hours=w.p90_hours,
        without_mean_change_hours=_minus(w.mean_hours, f.mean_hours),
        without_p90_change_hours=_minus(w.p90_hours, f.p90_hours),
    )


def _ratio(before: float | None, after: float | None) -> float | None:
    value = trs.ratio(before, after)
    return None if value is None else round(value, 3)


@dataclass(frozen=True)
class Comparison:
    """Before against after: the ratios, per-segment means and the per-measure table."""

    before: Study
    after: Study
    mean_release_time_ratio: float | None
    median_release_time_ratio: float | None
    p90_release_time_ratio: float | None
    declarations_simulated: int
    segment_means: dict[str, dict[str, float | None]]
    measures: list[MeasureEffect]

    def as_dict(self, with_studies: bool = True) -> dict[str, Any]:
        out = asdict(self)
        if not with_studies:
            out.pop("before"), out.pop("after")
        return out


def comparison(before: Study, after: Study, measures: Sequence[MeasureEffect]) -> Comparison:
    b, a = before.release_time, after.release_time
    return Comparison(
        before=before,
        after=after,
        mean_release_time_ratio=_ratio(b.mean_hours, a.mean_hours),
        median_release_time_ratio=_ratio(b.median_hours, a.median_hours),
        p90_release_time_ratio=_ratio(b.p90_hours, a.p90_hours),
        declarations_simulated=before.declarations_simulated + after.declarations_simulated,
        segment_means={
            name: {
                "before": before.segments[name].mean_hours,
                "after": after.segments[name].mean_hours,
            }
            for name in trs.SEGMENT_NAMES
        },
        measures=list(measures),
    )


def added_measures(before: Scenario, after: Scenario) -> list[Measure]:
    """The measures the "after" scenario has on and the "before" one has off."""
    return [m for m in Measure if after.on(m) and not before.on(m)]
