"""Time Release Study arithmetic (WCO TRS, DOMAIN.md §9), pure: no database, no clock.

What is defined here, once:

* **segments**: the intervals measured between milestones. Each end is a list of milestones
  read *first present wins* (``E7, E6_END, E5, E4`` = duty payment if there was one, else
  the end of the inspection, …). The database evaluates the same definitions in SQL
  (``release_time.py``) and :func:`segment_seconds` evaluates them in Python;
* **release time** = E8 − E1. When no arrival (E1) was recorded, lodgement (E2) is the start,
  and such declarations are counted apart (``started_at_lodgement``). Lodgement before arrival
  (E2 < E1) is *pre-arrival lodgement*; its release time still starts at arrival;
* a segment is measured only when both ends are known and the end is not before the start
  (arrival → lodgement is negative for a pre-arrival lodgement, so it is not measured there);
* **percentiles** interpolate linearly between closest ranks, exactly as PostgreSQL's
  ``percentile_cont`` does, so SQLite (computed here) and PostgreSQL agree;
* **outliers** are release times above Q3 + 3 × IQR (Tukey's "far out" fence);
* the **curve** is the share of released declarations released within *t* hours.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from clearway.declarations.status import Milestone

M = Milestone


@dataclass(frozen=True)
class Segment:
    """An interval of the clearance: from the first known start milestone to the first known end."""

    name: str
    label: str
    start: tuple[Milestone, ...]
    end: tuple[Milestone, ...]


RELEASE_TIME = Segment("release_time", "release time (arrival → release)", (M.E1, M.E2), (M.E8,))
SEGMENTS: tuple[Segment, ...] = (
    Segment("arrival_to_lodgement", "arrival → lodgement", (M.E1,), (M.E2,)),
    Segment("lodgement_to_acceptance", "lodgement → acceptance", (M.E2,), (M.E3,)),
    Segment("acceptance_to_risk_result", "acceptance → risk result", (M.E3,), (M.E4,)),
    Segment("risk_result_to_control", "risk result → document check or inspection", (M.E4,),
            (M.E5, M.E6)),
    Segment("inspection", "inspection start → end", (M.E6,), (M.E6_END,)),
    Segment("control_to_duty_paid", "end of controls → duty paid or guaranteed",
            (M.E6_END, M.E5, M.E4), (M.E7,)),
    Segment("to_release", "last step → release", (M.E7, M.E6_END, M.E5, M.E4), (M.E8,)),
    RELEASE_TIME,
)  # fmt: skip
SEGMENT_NAMES = tuple(s.name for s in SEGMENTS)

# Hours at which the cumulative release-time curve is read, unless the caller asks otherwise.
CURVE_HOURS: tuple[float, ...] = (0.5, 1, 2, 4, 6, 8, 12, 24, 48, 72, 120, 168, 336)
# Tukey's "far out" multiplier: release times above Q3 + 3·IQR are listed as outliers.
OUTLIER_IQR_FACTOR = 3.0
SUMMARY_QUANTILES = (0.5, 0.9)
QUARTILES = (0.25, 0.75)


def first_present(
    times: Mapping[Milestone, datetime | None], milestones: Iterable[Milestone]
) -> datetime | None:
    for milestone in milestones:
        at = times.get(milestone)
        if at is not None:
            return at
    return None


def segment_seconds(segment: Segment, times: Mapping[Milestone, datetime | None]) -> float | None:
    """Seconds a declaration spent in a segment, or None when the segment does not apply."""
    start, end = first_present(times, segment.start), first_present(times, segment.end)
    if start is None or end is None:
        return None
    seconds = (end - start).total_seconds()
    return seconds if seconds >= 0 else None


def starts_at_lodgement(times: Mapping[Milestone, datetime | None]) -> bool:
    """No arrival recorded: the release time is measured from lodgement (E2)."""
    return times.get(M.E1) is None and times.get(M.E2) is not None


def arrival_basis(times: Mapping[Milestone, datetime | None]) -> str:
    """``pre_arrival`` (lodged before arrival), ``after_arrival``, or ``no_arrival_recorded``."""
    arrival, lodgement = times.get(M.E1), times.get(M.E2)
    if arrival is None or lodgement is None:
        return "no_arrival_recorded"
    return "pre_arrival" if lodgement < arrival else "after_arrival"


def quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (PostgreSQL ``percentile_cont``)."""
    if not ordered:
        raise ValueError("no values")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"quantile {q} outside [0, 1]")
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Distribution:
    """Count, mean and chosen quantiles of durations in seconds (None when there are none)."""

    count: int
    mean: float | None
    quantiles: dict[float, float]

    def q(self, level: float) -> float | None:
        return self.quantiles.get(level)


def describe(values: Iterable[float | None], levels: Sequence[float]) -> Distribution:
    """Describe the durations that apply (None values are skipped)."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return Distribution(0, None, {})
    return Distribution(
        len(ordered), math.fsum(ordered) / len(ordered), {q: quantile(ordered, q) for q in levels}
    )


def outlier_fence(q1: float, q3: float, factor: float = OUTLIER_IQR_FACTOR) -> float:
    """Durations strictly above this are outliers."""
    return q3 + factor * (q3 - q1)


def curve(values: Iterable[float], hours: Sequence[float]) -> list[tuple[float, int]]:
    """For each threshold, how many durations (seconds) are within it."""
    ordered = sorted(values)
    return [(h, bisect.bisect_right(ordered, h * 3600.0)) for h in hours]


def ratio(before: float | None, after: float | None) -> float | None:
    """How many times faster `after` is than `before` (None when either is unknown or zero)."""
    if before is None or after is None or after <= 0:
        return None
    return before / after


def hours(seconds: float | None, places: int = 3) -> float | None:
    return None if seconds is None else round(seconds / 3600.0, places)
