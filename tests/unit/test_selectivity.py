"""Selectivity, pure: rule lanes, random quota, top-up rates, credit shaping, pacing."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from clearway.declarations.model import Lane
from clearway.enterprises.model import CreditLevel
from clearway.risk.selectivity import (
    Candidate,
    LaneRates,
    RuleHit,
    SelectivityConfig,
    Stratum,
    check_config,
    percentile,
    select_lane,
    top_up_lane,
)
from clearway.shared.errors import Collector

L = CreditLevel
RATES = {
    L.ADVANCED_CERTIFIED: LaneRates(0.005, 0.01, 0.02),
    L.CERTIFIED: LaneRates(0.02, 0.04, 0.02),
    L.REGULAR: LaneRates(0.05, 0.10, 0.02),
    L.DISHONEST: LaneRates(0.85, 0.10, 0.0),
    L.SERIOUSLY_DISHONEST: LaneRates(0.95, 0.05, 0.0),
}
CONFIG = SelectivityConfig(RATES, {"*": LaneRates(0.01, 0.01)}, salt="test")
QUIET = SelectivityConfig(
    {level: LaneRates() for level in L}
    | {L.DISHONEST: LaneRates(0.8), L.SERIOUSLY_DISHONEST: LaneRates(0.8)},
    {},
    salt="test",
)


def candidate(n: int = 1, **over: Any) -> Candidate:
    base = Candidate(
        number=f"7909-2026-I-{n:06d}", office_code="7909", flow="import", credit_level=L.REGULAR
    )
    return replace(base, **over)


def hit(code: str = "R1", **over: Any) -> RuleHit:
    return replace(RuleHit(rule_id=1, rule_code=code, version=1, description="d", why="w"), **over)


@pytest.mark.parametrize(
    ("lanes", "expected"),
    [
        ((Lane.YELLOW,), Lane.YELLOW),
        ((Lane.YELLOW, Lane.RED), Lane.RED),
        ((Lane.BLUE, Lane.GREEN), Lane.BLUE),
        ((None, Lane.YELLOW), Lane.YELLOW),
        ((None,), Lane.GREEN),
    ],
)
def test_rule_hits_raise_the_lane_to_the_most_severe(
    lanes: tuple[Lane | None, ...], expected: Lane
) -> None:
    hits = [hit(f"R{i}", lane=lane, score=0.1) for i, lane in enumerate(lanes)]
    result = select_lane(candidate(hits=hits, model_score=0.2), QUIET)
    assert result.lane is expected
    assert result.score == pytest.approx(0.2 + 0.1 * len(lanes))
    assert result.selected_by == ("rule" if expected is not Lane.GREEN else "none")
    assert [r.code for r in result.reasons if r.kind == "rule"] == [
        f"R{i} v1" for i in range(len(lanes))
    ]


@pytest.mark.parametrize("level", list(L))
def test_negative_list_is_always_red_whatever_the_level(level: CreditLevel) -> None:
    result = select_lane(
        candidate(credit_level=level, negative_list_lines=["item 1 7204100000"]), CONFIG
    )
    assert result.lane is Lane.RED and result.selected_by == "negative_list"
    assert "negative list: item 1 7204100000" in result.summary()


def test_random_picks_are_marked_and_follow_the_quota() -> None:
    config = replace(QUIET, random_quota={"7909:import": LaneRates(0.03, 0.02), "*": LaneRates()})
    results = [select_lane(candidate(n), config) for n in range(10_000)]
    picks = Counter(r.lane for r in results if r.random_pick)
    assert 0.025 < picks[Lane.RED] / 10_000 < 0.035
    assert 0.015 < picks[Lane.YELLOW] / 10_000 < 0.025
    assert all(r.selected_by == "random" for r in results if r.random_pick)
    assert not any(r.random_pick for r in results if r.lane is Lane.GREEN)
    other_office = [select_lane(candidate(n, office_code="0291"), config) for n in range(2000)]
    assert not any(r.random_pick for r in other_office)


def test_draws_are_reproducible_and_salted() -> None:
    assert select_lane(candidate(7), CONFIG) == select_lane(candidate(7), CONFIG)
    salted = replace(CONFIG, salt="other")
    first = [select_lane(candidate(n), CONFIG).percentile for n in range(50)]
    second = [select_lane(candidate(n), salted).percentile for n in range(50)]
    assert first != second


def test_percentile_spreads_ties_and_falls_back_to_the_draw() -> None:
    assert percentile(0.5, [], 0.3, minimum=10) == 0.3
    reference = [0.0] * 50 + [1.0] * 50
    assert percentile(0.0, reference, 0.5, minimum=10) == pytest.approx(0.25)
    assert percentile(1.0, reference, 0.0, minimum=10) == pytest.approx(0.5)
    assert percentile(2.0, reference, 0.9, minimum=10) == 1.0


@pytest.mark.parametrize(
    ("p", "lane"),
    [
        (0.99, Lane.RED),
        (0.96, Lane.RED),
        (0.90, Lane.YELLOW),
        (0.84, Lane.BLUE),
        (0.50, Lane.GREEN),
    ],
)
def test_top_up_fills_red_then_yellow_then_blue(p: float, lane: Lane) -> None:
    assert top_up_lane(p, RATES[L.REGULAR], {}) is lane


def test_top_up_counts_what_rules_already_selected() -> None:
    target = LaneRates(red=0.10)
    assert top_up_lane(0.95, target, {}) is Lane.RED
    assert top_up_lane(0.95, target, {Lane.RED: 0.08}) is Lane.GREEN
    assert top_up_lane(0.99, target, {Lane.RED: 0.08}) is Lane.RED
    assert top_up_lane(0.999, target, {Lane.RED: 0.20}) is Lane.GREEN


def test_top_up_selects_the_highest_scores_at_the_expected_rates() -> None:
    rng = random.Random(11)
    reference = sorted(rng.random() for _ in range(2000))
    config = replace(CONFIG, random_quota={})
    results = []
    for n in range(10_000):
        score = rng.random()
        results.append(
            (
                score,
                select_lane(candidate(n, model_score=score, stratum=Stratum(reference)), config),
            )
        )
    lanes = Counter(r.lane for _, r in results)
    assert 0.04 < lanes[Lane.RED] / 10_000 < 0.06
    assert 0.085 < lanes[Lane.YELLOW] / 10_000 < 0.115
    assert 0.01 < lanes[Lane.BLUE] / 10_000 < 0.03
    lowest_red = min(s for s, r in results if r.lane is Lane.RED)
    highest_green = max(s for s, r in results if r.lane is Lane.GREEN)
    assert lowest_red > highest_green
    assert all(r.selected_by == "score" for _, r in results if r.lane is not Lane.GREEN)


def _red_rate(level: CreditLevel, scores: list[float], reference: list[float]) -> float:
    red = 0
    for n, score in enumerate(scores):
        result = select_lane(
            candidate(n, credit_level=level, model_score=score, stratum=Stratum(reference)), CONFIG
        )
        red += result.lane is Lane.RED
    return red / len(scores)


@pytest.mark.parametrize("scored", [True, False], ids=["model", "no-model"])
def test_credit_level_shapes_inspection_rates_over_10000_declarations(scored: bool) -> None:
    rng = random.Random(5)
    scores = [rng.betavariate(2, 5) if scored else 0.0 for _ in range(10_000)]
    reference = sorted(scores[:1000]) if scored else []
    regular = _red_rate(L.REGULAR, scores, reference)
    advanced = _red_rate(L.ADVANCED_CERTIFIED, scores, reference)
    dishonest = _red_rate(L.DISHONEST, scores, reference)
    assert 0.04 < regular < 0.08
    assert advanced <= 0.2 * regular
    assert dishonest >= 0.8


def test_a_paced_hit_selects_at_its_rate_and_is_noted_otherwise() -> None:
    paced = hit(lane=Lane.RED, selection_rate=0.3)
    results = [select_lane(candidate(n, hits=[paced]), QUIET) for n in range(5000)]
    share = sum(r.lane is Lane.RED for r in results) / 5000
    assert 0.27 < share < 0.33
    missed = next(r for r in results if r.lane is Lane.GREEN)
    assert "not selected (selection rate 30%)" in missed.reasons[0].text
    assert missed.hit_outcomes[0].selected is False


@pytest.mark.parametrize(
    ("lane", "streak", "expected", "forced"),
    [
        (Lane.RED, 2, Lane.GREEN, False),
        (Lane.RED, 3, Lane.RED, True),
        (None, 3, Lane.YELLOW, True),
        (None, 2, Lane.GREEN, False),
    ],
)
def test_maximum_hits_without_selection_forces_the_next_one(
    lane: Lane | None, streak: int, expected: Lane, forced: bool
) -> None:
    rare = hit(
        lane=lane,
        selection_rate=1e-9 if lane else 1.0,
        max_hits_without_selection=3,
        unselected_streak=streak,
    )
    result = select_lane(candidate(1, hits=[rare]), QUIET)
    assert result.lane is expected
    assert result.hit_outcomes[0].forced is forced
    assert result.hit_outcomes[0].selected is (expected is not Lane.GREEN)
    if forced:
        assert result.selected_by == "forced"
        assert "after 3 hits without selection" in result.summary()


def test_instructions_gather_from_every_hit_once() -> None:
    hits = [
        hit("A", instructions=("radiation screening",)),
        hit("B", instructions=("radiation screening", "harmful-element sampling")),
    ]
    result = select_lane(candidate(hits=hits), QUIET)
    assert result.instructions == ("radiation screening", "harmful-element sampling")


def test_top_model_features_travel_with_the_reasons() -> None:
    result = select_lane(
        candidate(top_features=[("importer_rate", 0.41)], model_score=0.7, model_version="m1"),
        QUIET,
    )
    assert result.reasons[-1].as_dict() == {
        "kind": "feature",
        "code": "importer_rate",
        "text": "importer_rate +0.410",
    }
    assert result.model_version == "m1" and "importer_rate" not in result.summary()


@pytest.mark.parametrize(
    ("level", "rates", "rule"),
    [
        (L.ADVANCED_CERTIFIED, LaneRates(0.02, 0.02), "aeo_ceiling"),
        (L.DISHONEST, LaneRates(0.5, 0.3), "dishonest_floor"),
        (L.REGULAR, LaneRates(0.7, 0.5), "range"),
    ],
)
def test_rate_tables_breaking_decree_282_are_refused(
    level: CreditLevel, rates: LaneRates, rule: str
) -> None:
    errors = Collector()
    check_config(replace(CONFIG, rates={**RATES, level: rates}), errors)
    assert rule in [e.rule for e in errors.errors]
    ok = Collector()
    check_config(CONFIG, ok)
    assert ok.errors == []
