"""What a risk officer sends: rules, named lists, backtests and rule-set files, typed by shape.

Pydantic checks shapes here; the meaning of criteria (fields, operators, lists) is checked by
:mod:`clearway.risk.rules` against the lists that exist, so every entry point shares both.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from clearway.declarations.model import Flow, Lane
from clearway.risk.catalogue import ListKind
from clearway.risk.rules import Effect
from clearway.shared.bounds import Input

RuleCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9_.-]{1,39}$")]
ListName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,39}$")]
Instruction = Annotated[str, StringConstraints(min_length=1, max_length=300)]
RULESET_FORMAT = "clearway-risk-rules/1"


class EffectInput(Input):
    """A lane floor and/or a score increment; selection pacing for red and yellow lanes."""

    lane: Lane | None = None
    score: float = Field(0.0, ge=-100, le=100, description="Added to the model score.")
    selection_rate: float = Field(
        1.0, description="Share of hits that select (red/yellow lanes); the rest are noted."
    )
    max_hits_without_selection: int | None = Field(
        None, description="After this many unselected hits in a row, the next hit selects."
    )

    def to_effect(self) -> Effect:
        return Effect(self.lane, self.score, self.selection_rate, self.max_hits_without_selection)


class RuleChange(Input):
    """The content of a rule version (a change writes a new version)."""

    description: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    criteria: dict[str, Any] = Field(description="Criteria tree: all / any / not / field tests.")
    effect: EffectInput = EffectInput()
    instructions: list[Instruction] = Field(default_factory=list, max_length=20)
    valid_from: date | None = None
    valid_to: date | None = None


class RuleInput(RuleChange):
    """A new rule: its stable code plus the content of version 1."""

    rule_code: RuleCode


class NamedListInput(Input):
    name: ListName
    kind: ListKind
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    values: list[Any] = Field(max_length=100_000)


class ListValuesInput(Input):
    """New values of an existing list (its kind never changes)."""

    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    values: list[Any] = Field(max_length=100_000)


class BacktestInput(Input):
    """A draft condition run over a past period before anyone activates it."""

    criteria: dict[str, Any]
    date_from: date
    date_to: date
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None
    flow: Flow | None = None


class RuleSetFile(Input):
    """An exported rule set: named lists first (rules name them), then rules."""

    format: str = RULESET_FORMAT
    lists: list[NamedListInput] = Field(default_factory=list)
    rules: list[RuleInput] = Field(default_factory=list)
