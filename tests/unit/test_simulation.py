"""The facilitation simulator: deterministic runs, conservation, each measure alone, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from clearway.declarations.model import Lane
from clearway.declarations.status import Milestone
from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import RuleViolation
from clearway.simulation import scenario as scenarios
from clearway.simulation import services
from clearway.simulation.model import FinalStatus
from clearway.simulation.port import Port
from clearway.simulation.rules import Hours
from clearway.simulation.scenario import OfficeHours

SHORT = {"days": 28}


def horgos(year: str = "2019", **changes: Any) -> scenarios.Scenario:
    return scenarios.load(f"horgos-{year}", {**SHORT, **changes})


def mean(study: services.Study, segment: str = "release_time") -> float:
    value = study.segments[segment].mean_hours
    assert value is not None
    return value


def test_a_seed_gives_the_same_run_twice_and_another_seed_another() -> None:
    first, again = services.run(horgos()), services.run(horgos())
    assert first == again
    assert services.run(horgos(seed=7)).release_time != first.release_time


@pytest.mark.parametrize("name", scenarios.shipped_names())
def test_every_declaration_ends_in_exactly_one_final_status(name: str) -> None:
    declarations = Port(scenarios.load(name, SHORT)).run()
    assert declarations and all(isinstance(d.status, FinalStatus) for d in declarations)
    released = [d for d in declarations if d.at(Milestone.E8) is not None]
    assert {d.status for d in released} <= {FinalStatus.EXITED, FinalStatus.RECALLED}
    assert all(d.status is FinalStatus.RETURNED for d in declarations if d not in released)
    study = services.run(scenarios.load(name, SHORT))
    assert sum(study.final_statuses.values()) == study.declarations_simulated


def test_pre_arrival_lodgement_removes_the_arrival_to_lodgement_wait() -> None:
    everyone = {level.value: 1.0 for level in CreditLevel}
    before = services.run(horgos())
    after = services.run(
        horgos(**{"measures.pre_arrival_lodgement": True, "pre_arrival_share": everyone})
    )
    assert before.segments["arrival_to_lodgement"].count == before.declarations_simulated
    assert after.segments["arrival_to_lodgement"].count == 0
    assert after.pre_arrival == after.declarations_simulated
    assert mean(after) < mean(before) - 20


def test_classified_management_lets_the_lane_rates_decide_instead_of_inspecting_every_batch() -> (
    None
):
    before = services.run(horgos())
    after = services.run(horgos(**{"measures.classified_management": True}))
    assert set(before.by_lane) == {Lane.RED.value}
    assert after.by_lane[Lane.GREEN.value].count > after.by_lane[Lane.RED.value].count
    assert mean(after) < mean(before) / 2


def test_first_release_stops_waiting_for_the_lab() -> None:
    before = services.run(horgos())
    after = services.run(horgos(**{"measures.first_release": True}))
    assert mean(after, "control_to_duty_paid") < mean(before, "control_to_duty_paid") - 60


def test_two_step_pays_by_guarantee() -> None:
    before = services.run(horgos())
    after = services.run(horgos(**{"measures.two_step": True}))
    assert mean(after, "control_to_duty_paid") < mean(before, "control_to_duty_paid") - 5


def test_direct_pickup_needs_pre_arrival_lodgement_and_serves_advanced_certified_only() -> None:
    without = Port(horgos("2024", **{"measures.direct_pickup": False})).run()
    with_it = Port(horgos("2024")).run()
    picked = [d for d in with_it if "direct_pickup" in d.applied]
    assert picked and all(d.credit_level is CreditLevel.ADVANCED_CERTIFIED for d in picked)
    assert all(d.pre_arrival and d.lane in (Lane.GREEN, Lane.BLUE) for d in picked)
    assert not any("direct_pickup" in d.applied for d in without)
    alone = Port(horgos(**{"measures.direct_pickup": True})).run()
    assert not any("direct_pickup" in d.applied for d in alone)  # nobody lodged before arrival


@pytest.mark.parametrize(
    ("measure", "segment"),
    [
        ("bonded_warehousing", "release_time"),
        ("tailored_inspection", "inspection"),
        ("appointments", "release_time"),
    ],
)
def test_each_ordos_measure_alone_shortens_its_segment(measure: str, segment: str) -> None:
    base = services.run(scenarios.load("ordos-baseline", SHORT))
    alone = services.run(scenarios.load("ordos-baseline", {**SHORT, f"measures.{measure}": True}))
    assert mean(alone, segment) < mean(base, segment)


def test_horgos_comparison_gives_the_ratios_and_one_row_per_added_measure() -> None:
    result = services.compare("horgos", "2019", "2024")
    assert result.mean_release_time_ratio is not None and result.mean_release_time_ratio > 5
    assert result.median_release_time_ratio is not None
    assert [m.measure for m in result.measures] == [
        "pre_arrival_lodgement", "two_step", "classified_management", "first_release",
        "direct_pickup",
    ]  # fmt: skip
    assert all(m.without_mean_change_hours is not None for m in result.measures)


def _refusal(changes: dict[str, Any]) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        scenarios.load("horgos-2019", changes)
    return caught.value


@pytest.mark.parametrize(
    ("changes", "path", "rule"),
    [
        ({"durations.inspection.mode": -1.0}, "durations.inspection", "non_negative"),
        ({"measures.teleportation": True}, "measures.teleportation", "unknown_value"),
        ({"durations.lab": {"distribution": "weibull", "mean": 2, "source": "x"}},
         "durations.lab.distribution", "unknown_value"),
        ({"officers.inspection.count": 0}, "officers.inspection", "at_least_one"),
        ({"timetable.arrivals": [{"at": "2018-12-31T00:00:00+08:00", "declarations": 2}]},
         "timetable.arrivals.0.at", "before_start"),
        ({"seed": 2**40}, "seed", "less_than_equal"),
        ({"start": "9999-12-31T00:00:00Z"}, "start", "less_than_equal"),
    ],
)  # fmt: skip
def test_a_bad_scenario_is_refused_naming_the_file_the_path_and_the_rule(
    changes: dict[str, Any], path: str, rule: str
) -> None:
    refusal = _refusal(changes)
    assert "horgos-2019.yaml" in refusal.detail
    assert (path, rule) in [(e.path, e.rule) for e in refusal.errors]


def test_lane_rates_breaking_decree_282_are_refused_by_the_platforms_own_check() -> None:
    rates = {"risk.lane_rates.dishonest": {"red": 0.5, "yellow": 0.1, "blue": 0.0}}
    with pytest.raises(RuleViolation) as caught:
        Port(scenarios.load("horgos-2019", rates))
    assert "dishonest_floor" in [e.rule for e in caught.value.errors]


def test_a_run_larger_than_the_limit_is_refused_before_it_starts() -> None:
    with pytest.raises(RuleViolation) as caught:
        services.run_named("horgos-2019", limit=100)
    assert caught.value.errors[0].rule == "too_large"


def test_office_hours_wait_until_the_next_opening() -> None:
    # Monday 2024-01-01 00:00 in Beijing time; open 09:00–17:00 on weekdays.
    start = datetime(2023, 12, 31, 16, tzinfo=UTC)
    hours = Hours(OfficeHours(open=9, close=17), start, 8)
    assert hours.until_open(0) == 9
    assert hours.until_open(10) == 0
    assert hours.until_open(17.5) == pytest.approx(15.5)
    assert hours.until_open(4 * 24 + 18) == pytest.approx(24 * 2 + 15)  # Friday evening
