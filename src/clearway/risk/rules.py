"""Risk rules: what a rule is, its lifecycle, and the checks a rule must pass before it is stored.

A rule is a versioned, plain-language statement a risk officer owns: *when* (criteria), *what
happens* (effect: a lane, a score increment, how often a hit selects, how many unselected hits
are tolerated) and *what the inspector must do* (instructions). Changing a rule writes a new
version; only one version of a rule code is active at a time. Everything here is pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from clearway.declarations.model import Lane
from clearway.risk.criteria import Criteria, parse_criteria
from clearway.risk.lists import ListIndex
from clearway.risk.selectivity import CONTROL_LANES

# The lifecycle lives with its table; these names are where the rest of risk finds it.
from clearway.risk.status import RuleCommand as RuleCommand
from clearway.risk.status import RuleStatus as RuleStatus
from clearway.shared.errors import Collector, RuleViolation
from clearway.shared.periods import in_force


@dataclass(frozen=True)
class Effect:
    """What a hit does: a lane floor, a score increment, and how selection is paced."""

    lane: Lane | None = None
    score: float = 0.0
    selection_rate: float = 1.0
    max_hits_without_selection: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "lane": self.lane.value if self.lane else None,
            "score": self.score,
            "selection_rate": self.selection_rate,
            "max_hits_without_selection": self.max_hits_without_selection,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Effect:
        lane = raw.get("lane")
        limit = raw.get("max_hits_without_selection")
        return cls(
            lane=Lane(lane) if lane else None,
            score=float(raw.get("score") or 0.0),
            selection_rate=float(raw.get("selection_rate", 1.0)),
            max_hits_without_selection=int(limit) if limit is not None else None,
        )


@dataclass(frozen=True)
class RiskRule:
    """One stored version of a rule."""

    id: int
    rule_code: str
    version: int
    status: RuleStatus
    description: str
    criteria: dict[str, Any]
    effect: Effect
    instructions: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    author: str
    created_at: datetime
    compiled: Criteria | None = field(default=None, compare=False, repr=False)

    def in_force_on(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)

    @property
    def label(self) -> str:
        return f"{self.rule_code} v{self.version}"


def check_effect(effect: Effect, instructions: Sequence[str], path: str, errors: Collector) -> None:
    """A rule must do something, and its pacing must make sense for its lane."""
    if effect.lane is None and effect.score == 0 and not instructions:
        errors.add(path, "no_effect", "give a lane, a score increment or instructions")
    if not 0 < effect.selection_rate <= 1:
        errors.add(f"{path}.selection_rate", "range", "a selection rate is above 0 and at most 1")
    elif effect.selection_rate < 1 and effect.lane not in CONTROL_LANES:
        errors.add(
            f"{path}.selection_rate",
            "needs_control_lane",
            "a selection rate paces a red or yellow lane effect",
        )
    limit = effect.max_hits_without_selection
    if limit is not None:
        if limit < 1:
            errors.add(f"{path}.max_hits_without_selection", "range", "must be at least 1")
        elif effect.lane in (Lane.GREEN, Lane.BLUE):
            errors.add(
                f"{path}.max_hits_without_selection",
                "needs_control_lane",
                "forcing selection makes sense for red, yellow or score rules",
            )


def check_rule(
    criteria: Any,
    effect: Effect,
    instructions: Sequence[str],
    valid_from: date,
    valid_to: date | None,
    lists: ListIndex,
    prefix: str = "",
) -> Criteria:
    """Parse and check a rule's content; all broken rules are reported at once."""
    errors = Collector()
    parsed = parse_criteria(criteria, lists, f"{prefix}criteria", errors)
    check_effect(effect, instructions, f"{prefix}effect", errors)
    for i, text in enumerate(instructions):
        if not text.strip():
            errors.add(f"{prefix}instructions.{i}", "required", "an instruction cannot be blank")
    if valid_to is not None and valid_to < valid_from:
        errors.add(f"{prefix}valid_to", "period", "is before valid_from")
    if errors.errors or parsed is None:
        raise RuleViolation(errors.errors)
    return parsed


def ruleset_version(rules: Iterable[tuple[str, int]], lists: Iterable[tuple[str, int]]) -> str:
    """A short fingerprint of the active (rule code, version) and (list name, version) pairs."""
    parts = sorted(f"r:{code}:{version}" for code, version in rules)
    parts += sorted(f"l:{name}:{version}" for name, version in lists)
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
    return f"rs-{digest}"
