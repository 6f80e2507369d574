"""Selectivity: from rule hits, a random draw and a score to one lane with its reasons. Pure.

The order is ASYCUDA's (DOMAIN.md §4):

0. the commodity **negative list** puts the declaration in red whatever the credit level, and a
   lane a submission check asks for (a soft dangerous-goods finding) is a floor the same way;
1. **rule hits**: each hit's lane is a floor (red > yellow > blue > green) and score increments
   add to the model score. A hit with a selection rate below 1 selects only on a draw; a hit
   whose rule went ``max_hits_without_selection`` times in a row without the declaration being
   selected (red or yellow) forces selection this time;
2. the **random quota** for the office and flow picks declarations for red or yellow; random
   picks are marked so their hit rate measures targeting without bias;
3. **top-up by score** so each lane reaches its expected rate, red first, then yellow, then blue.

Top-up approach: the expected rates depend on the trader's credit level (advanced certified at
most 20 % of the regular rate, dishonest at least 80 % red). The declaration's score is placed in
the recent score distribution of its stratum (office, flow, credit level) as a percentile *p*;
ties and a cold start (too few recent screenings) are broken by a deterministic uniform draw, so
*p* is uniform over the stratum whatever the scorer. Rules and random picks already put a share
*A* of the stratum at or above a lane, so the top-up selects the share (*T* − *A*) / (1 − *A*) of
the rest, where *T* is the cumulative expected rate: the stratum then lands on *T*. Thresholds are
quantiles of recent scores, not fixed numbers, so they follow model swaps and drift.

Every draw comes from a hash of the declaration number, a configured salt and the purpose, so
screening the same declaration again gives the same lane.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from clearway.declarations.model import Lane
from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import Collector

SEVERITY = {Lane.GREEN: 0, Lane.BLUE: 1, Lane.YELLOW: 2, Lane.RED: 3}
CONTROL_LANES = (Lane.RED, Lane.YELLOW)
TOP_UP_ORDER = (Lane.RED, Lane.YELLOW, Lane.BLUE)
# Decree 282 bounds the configured rates must respect.
AEO_CEILING, DISHONEST_FLOOR = 0.2, 0.8


@dataclass(frozen=True)
class LaneRates:
    """Expected share of declarations per lane (the rest is green)."""

    red: float = 0.0
    yellow: float = 0.0
    blue: float = 0.0

    def of(self, lane: Lane) -> float:
        return {Lane.RED: self.red, Lane.YELLOW: self.yellow, Lane.BLUE: self.blue}.get(lane, 0.0)

    def at_least(self, lane: Lane) -> float:
        """Cumulative rate of this lane and every more severe one."""
        return sum(self.of(x) for x in TOP_UP_ORDER if SEVERITY[x] >= SEVERITY[lane])

    def scaled(self, factor: float) -> LaneRates:
        return LaneRates(self.red * factor, self.yellow * factor, self.blue * factor)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, float]) -> LaneRates:
        return cls(float(raw.get("red", 0)), float(raw.get("yellow", 0)), float(raw.get("blue", 0)))


@dataclass(frozen=True)
class SelectivityConfig:
    """Rates per credit level, random quotas per "office:flow" key, and the draw salt."""

    rates: Mapping[CreditLevel, LaneRates]
    random_quota: Mapping[str, LaneRates]
    salt: str
    min_reference: int = 30

    def quota(self, office: str, flow: str, level: CreditLevel) -> LaneRates:
        """Most specific quota; AEO quotas shrink with their expected rates (Decree 282 cap)."""
        for key in (f"{office}:{flow}", f"{office}:*", f"*:{flow}", "*"):
            if key in self.random_quota:
                base = self.random_quota[key]
                break
        else:
            return LaneRates()
        regular = self.rates[CreditLevel.REGULAR].at_least(Lane.YELLOW)
        mine = self.rates[level].at_least(Lane.YELLOW)
        return base.scaled(min(1.0, mine / regular)) if regular > 0 else base


def check_config(config: SelectivityConfig, errors: Collector, path: str = "risk") -> None:
    """Refuse rate tables that break Decree 282 or do not add up."""
    for level in CreditLevel:
        rates = config.rates.get(level)
        if rates is None:
            errors.add(f"{path}_lane_rates.{level.value}", "required", "rates missing")
            continue
        if min(rates.red, rates.yellow, rates.blue) < 0 or rates.at_least(Lane.BLUE) > 1:
            errors.add(f"{path}_lane_rates.{level.value}", "range", "rates are shares summing ≤ 1")
    regular = config.rates.get(CreditLevel.REGULAR)
    advanced = config.rates.get(CreditLevel.ADVANCED_CERTIFIED)
    if (
        regular
        and advanced
        and advanced.at_least(Lane.YELLOW) > AEO_CEILING * regular.at_least(Lane.YELLOW)
    ):
        errors.add(
            f"{path}_lane_rates.advanced_certified",
            "aeo_ceiling",
            "advanced certified control rate must stay within 20 % of the regular rate",
        )
    for level in (CreditLevel.DISHONEST, CreditLevel.SERIOUSLY_DISHONEST):
        rates = config.rates.get(level)
        if rates is not None and rates.red < DISHONEST_FLOOR:
            errors.add(f"{path}_lane_rates.{level.value}.red", "dishonest_floor", "must be ≥ 0.8")
    for key, quota in config.random_quota.items():
        if min(quota.red, quota.yellow) < 0 or quota.red + quota.yellow > 1:
            errors.add(f"{path}_random_quota.{key}", "range", "quotas are shares summing ≤ 1")


@dataclass(frozen=True)
class RuleHit:
    """A rule whose criteria held, with what the store knows of its recent selections."""

    rule_id: int
    rule_code: str
    version: int
    description: str
    why: str
    lane: Lane | None = None
    score: float = 0.0
    instructions: tuple[str, ...] = ()
    selection_rate: float = 1.0
    max_hits_without_selection: int | None = None
    unselected_streak: int = 0


@dataclass(frozen=True)
class LaneFloor:
    """A lane a check outside the rules asks for at least (e.g. a soft dangerous-goods finding)."""

    lane: Lane
    code: str  # the check's rule code, e.g. dg.sp188_packaging
    text: str


@dataclass(frozen=True)
class Stratum:
    """Recent screenings of the same office, flow and credit level (model version matching)."""

    reference: Sequence[float] = ()  # sorted scores
    already: Mapping[Lane, float] = field(default_factory=dict)  # share at ≥ lane before top-up


@dataclass(frozen=True)
class Candidate:
    """Everything selectivity needs to know about one declaration."""

    number: str
    office_code: str
    flow: str
    credit_level: CreditLevel
    model_score: float = 0.0
    model_version: str = "none"
    top_features: Sequence[tuple[str, float]] = ()
    hits: Sequence[RuleHit] = ()
    negative_list_lines: Sequence[str] = ()
    stratum: Stratum = field(default_factory=Stratum)
    floors: Sequence[LaneFloor] = ()  # lanes submission checks ask for at least


@dataclass(frozen=True)
class Reason:
    kind: str  # negative_list | submission_check | rule | forced | random | score | feature
    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code, "text": self.text}


@dataclass(frozen=True)
class HitOutcome:
    rule_id: int
    rule_code: str
    selected: bool
    forced: bool


@dataclass(frozen=True)
class Selection:
    """The screening result: lane, score, reasons, instructions, random flag."""

    lane: Lane
    pre_lane: Lane
    selected_by: str  # negative_list | submission_check | rule | forced | random | score | none
    score: float
    model_score: float
    percentile: float
    random_pick: bool
    reasons: tuple[Reason, ...]
    instructions: tuple[str, ...]
    hit_outcomes: tuple[HitOutcome, ...]
    model_version: str

    def summary(self, limit: int = 2000) -> str:
        """One readable line for the lane event on the declaration's timeline."""
        parts = [r.text for r in self.reasons if r.kind != "feature"]
        by = f" by {self.selected_by.replace('_', ' ')}" if self.selected_by != "none" else ""
        why = "; ".join(parts) or "no rule hit and a score below the top-up thresholds"
        text = f"{self.lane.value} lane{by}: {why}"
        return text if len(text) <= limit else text[: limit - 1] + "…"


def uniform(salt: str, number: str, purpose: str) -> float:
    """A reproducible draw in [0, 1) for one declaration and one purpose."""
    digest = hashlib.sha256(f"{salt}|{number}|{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def percentile(score: float, reference: Sequence[float], tie_break: float, minimum: int) -> float:
    """Randomised probability integral transform: uniform over the reference, ties spread."""
    n = len(reference)
    if n < minimum or n == 0:
        return tie_break
    below, upto = bisect_left(reference, score) / n, bisect_right(reference, score) / n
    return below + tie_break * (upto - below)


def top_up_lane(p: float, target: LaneRates, already: Mapping[Lane, float]) -> Lane:
    """The lane a percentile reaches once rules and random picks are counted in."""
    for lane in TOP_UP_ORDER:
        goal = target.at_least(lane)
        # Shares are cumulative: what reached red has reached "yellow or worse" too.
        done = min(
            0.999999, max(already.get(x, 0.0) for x in TOP_UP_ORDER[: TOP_UP_ORDER.index(lane) + 1])
        )
        share = max(0.0, (goal - done) / (1.0 - done))
        if p > 1.0 - share:
            return lane
    return Lane.GREEN


def select_lane(candidate: Candidate, config: SelectivityConfig) -> Selection:
    """Run the four steps for one declaration."""
    c, salt = candidate, config.salt
    lane, selected_by = Lane.GREEN, "none"
    reasons: list[Reason] = []
    instructions: list[str] = []

    def raise_to(new: Lane, by: str) -> None:
        nonlocal lane, selected_by
        if SEVERITY[new] > SEVERITY[lane]:
            lane, selected_by = new, by

    if c.negative_list_lines:
        raise_to(Lane.RED, "negative_list")
        lines = ", ".join(c.negative_list_lines)
        reasons.append(Reason("negative_list", "negative_list", f"negative list: {lines}"))
    for floor in c.floors:  # like the negative list: not subject to draws or credit level
        raise_to(floor.lane, "submission_check")
        reasons.append(Reason("submission_check", floor.code, floor.text))

    score = c.model_score
    forced_codes: set[str] = set()
    for hit in sorted(c.hits, key=lambda h: h.rule_code):
        score += hit.score
        instructions += [i for i in hit.instructions if i not in instructions]
        label = f"{hit.rule_code} v{hit.version}"
        text = f"{label} {hit.description} [{hit.why}]"
        streak_full = (
            hit.max_hits_without_selection is not None
            and hit.unselected_streak >= hit.max_hits_without_selection
        )
        if hit.lane is not None and (
            hit.selection_rate >= 1
            or uniform(salt, c.number, f"rule:{hit.rule_code}") < hit.selection_rate
        ):
            raise_to(hit.lane, "rule")
            reasons.append(Reason("rule", label, text))
        elif streak_full and hit.lane in (None, *CONTROL_LANES):
            raise_to(hit.lane or Lane.YELLOW, "forced")
            forced_codes.add(hit.rule_code)
            reasons.append(
                Reason(
                    "forced",
                    label,
                    f"{text}; selected after {hit.unselected_streak} hits without selection",
                )
            )
        else:
            if hit.lane is not None:
                text += f"; not selected (selection rate {hit.selection_rate:.0%})"
            reasons.append(Reason("rule", label, text))

    quota = config.quota(c.office_code, c.flow, c.credit_level)
    draw = uniform(salt, c.number, "random")
    random_lane = (
        Lane.RED if draw < quota.red else Lane.YELLOW if draw < quota.red + quota.yellow else None
    )
    if random_lane is not None:
        raise_to(random_lane, "random")
        reasons.append(Reason("random", "random", f"random pick for {random_lane.value} lane"))
    pre_lane = lane

    p = percentile(
        score, c.stratum.reference, uniform(salt, c.number, "top-up"), config.min_reference
    )
    topped = top_up_lane(p, config.rates[c.credit_level], c.stratum.already)
    if topped is not Lane.GREEN:
        before = lane
        raise_to(topped, "score")
        if lane is not before:
            reasons.append(
                Reason(
                    "score",
                    "score",
                    f"score {score:.3f} at percentile {p:.3f} of recent "
                    f"{c.credit_level.value} declarations reaches the {topped.value} rate",
                )
            )
    reasons += [Reason("feature", name, f"{name} {value:+.3f}") for name, value in c.top_features]
    selected = lane in CONTROL_LANES
    outcomes = tuple(
        HitOutcome(h.rule_id, h.rule_code, selected, h.rule_code in forced_codes) for h in c.hits
    )
    return Selection(
        lane=lane,
        pre_lane=pre_lane,
        selected_by=selected_by,
        score=score,
        model_score=c.model_score,
        percentile=p,
        random_pick=random_lane is not None,
        reasons=tuple(reasons),
        instructions=tuple(instructions),
        hit_outcomes=outcomes,
        model_version=c.model_version,
    )
