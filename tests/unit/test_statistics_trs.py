"""Time Release Study arithmetic: segments, percentiles, outlier fence, curve (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clearway.declarations.status import Milestone
from clearway.statistics import trs

M = Milestone
T = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T + timedelta(hours=hours)


def test_quantile_interpolates_like_percentile_cont() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    # PostgreSQL: percentile_cont(q) over these values.
    assert trs.quantile(values, 0.0) == 1.0
    assert trs.quantile(values, 0.5) == 3.0
    assert trs.quantile(values, 0.9) == pytest.approx(4 + 0.6 * 6)
    assert trs.quantile(values, 0.25) == 2.0
    assert trs.quantile(values, 1.0) == 10.0
    assert trs.quantile([7.0], 0.9) == 7.0


@pytest.mark.parametrize("q", [-0.1, 1.5])
def test_quantile_refuses_levels_outside_zero_to_one(q: float) -> None:
    with pytest.raises(ValueError):
        trs.quantile([1.0, 2.0], q)


def test_describe_skips_segments_that_do_not_apply() -> None:
    found = trs.describe([3600.0, None, 7200.0, 10800.0], trs.SUMMARY_QUANTILES)
    assert (found.count, found.mean, found.q(0.5)) == (3, 7200.0, 7200.0)
    assert found.q(0.9) == pytest.approx(7200 + 0.8 * 3600)
    empty = trs.describe([None, None], trs.SUMMARY_QUANTILES)
    assert (empty.count, empty.mean, empty.quantiles) == (0, None, {})


def test_release_time_starts_at_arrival_or_else_at_lodgement() -> None:
    after_arrival = {M.E1: at(-2), M.E2: at(0), M.E8: at(3)}
    no_arrival = {M.E2: at(0), M.E8: at(3)}
    pre_arrival = {M.E2: at(0), M.E1: at(4), M.E8: at(5)}
    assert trs.segment_seconds(trs.RELEASE_TIME, after_arrival) == 5 * 3600
    assert trs.segment_seconds(trs.RELEASE_TIME, no_arrival) == 3 * 3600
    assert trs.segment_seconds(trs.RELEASE_TIME, pre_arrival) == 1 * 3600
    assert trs.starts_at_lodgement(no_arrival) and not trs.starts_at_lodgement(after_arrival)
    assert [trs.arrival_basis(t) for t in (after_arrival, no_arrival, pre_arrival)] == [
        "after_arrival",
        "no_arrival_recorded",
        "pre_arrival",
    ]


def test_segments_read_the_first_milestone_present() -> None:
    segment = {s.name: s for s in trs.SEGMENTS}
    yellow = {M.E2: at(0), M.E3: at(1), M.E4: at(1.5), M.E5: at(2), M.E7: at(5), M.E8: at(6)}
    red = {**yellow, M.E5: None, M.E6: at(3), M.E6_END: at(7), M.E7: at(8), M.E8: at(8.5)}
    hours = {
        name: trs.hours(trs.segment_seconds(segment[name], times))
        for name, times in (("risk_result_to_control", yellow), ("control_to_duty_paid", yellow))
    }
    assert hours == {"risk_result_to_control": 0.5, "control_to_duty_paid": 3.0}
    assert trs.hours(trs.segment_seconds(segment["inspection"], red)) == 4.0
    assert trs.hours(trs.segment_seconds(segment["control_to_duty_paid"], red)) == 1.0
    assert trs.segment_seconds(segment["inspection"], yellow) is None
    # Not released: no release time, whatever else happened.
    assert trs.segment_seconds(trs.RELEASE_TIME, {M.E1: at(0), M.E2: at(1)}) is None


def test_a_segment_ending_before_it_starts_is_not_measured() -> None:
    pre_arrival = {M.E2: at(0), M.E1: at(4)}
    arrival_to_lodgement = next(s for s in trs.SEGMENTS if s.name == "arrival_to_lodgement")
    assert trs.segment_seconds(arrival_to_lodgement, pre_arrival) is None


def test_outlier_fence_is_q3_plus_three_iqr() -> None:
    values = sorted([1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 50.0])
    q1, q3 = trs.quantile(values, 0.25), trs.quantile(values, 0.75)
    assert (q1, q3) == (1.0, 2.25)
    assert trs.outlier_fence(q1, q3) == 6.0
    assert [v for v in values if v > trs.outlier_fence(q1, q3)] == [50.0]
    assert trs.outlier_fence(2.0, 2.0) == 2.0  # no spread: anything above Q3 stands out


def test_curve_counts_releases_within_each_threshold() -> None:
    seconds = [h * 3600 for h in (0.5, 1, 1, 2.5, 30)]
    assert trs.curve(seconds, [1, 2, 24, 48]) == [(1, 3), (2, 3), (24, 4), (48, 5)]


def test_times_faster_is_before_over_after() -> None:
    assert trs.ratio(40.0, 2.0) == 20.0
    assert trs.ratio(None, 2.0) is None and trs.ratio(4.0, 0.0) is None
