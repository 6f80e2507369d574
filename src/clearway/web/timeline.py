"""A declaration's timeline as drawn: events in order, and the Time Release Study milestones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from clearway.declarations.model import DeclarationEvent
from clearway.declarations.status import Milestone

MILESTONE_LABELS: dict[Milestone, str] = {
    Milestone.E0: "Advance information",
    Milestone.E1: "Arrival",
    Milestone.E2: "Lodgement",
    Milestone.E3: "Acceptance",
    Milestone.E4: "Risk result",
    Milestone.E5: "Document check",
    Milestone.E6: "Inspection start",
    Milestone.E6_END: "Inspection end",
    Milestone.E7: "Duty paid or guaranteed",
    Milestone.E8: "Release",
    Milestone.E9: "Exit",
    Milestone.E10: "Post-release completion",
}


@dataclass(frozen=True)
class MilestoneView:
    code: str
    label: str
    at: datetime | None

    @property
    def display(self) -> str:
        return "E6 end" if self.code == Milestone.E6_END.value else self.code


def milestones(events: Iterable[DeclarationEvent]) -> list[MilestoneView]:
    """Every milestone E0–E10 with the time it was first reached (None: not reached)."""
    first: dict[str, datetime] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if event.milestone and event.milestone not in first:
            first[event.milestone] = event.at
    return [
        MilestoneView(m.value, label, first.get(m.value)) for m, label in MILESTONE_LABELS.items()
    ]


def milestone_label(code: str | None) -> str:
    if not code:
        return ""
    return MILESTONE_LABELS.get(Milestone(code), code)
