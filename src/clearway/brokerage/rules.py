"""Pure checks on what brokers send: arrival windows, wagon lists and train times.

Every broken rule is collected with its field path, so a broker hears about all of them at once
and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from clearway.shared.errors import Collector


def plan_problems(
    errors: Collector, quantity: Decimal, arrival_from: date, arrival_to: date, today: date
) -> None:
    if quantity <= 0:
        errors.add("quantity", "positive", "must be greater than zero")
    if arrival_to < arrival_from:
        errors.add("arrival_to", "window", "the arrival window ends before it starts")
    elif arrival_to < today:
        errors.add("arrival_to", "future", "an import plan announces goods still to arrive")


def wagon_problems(errors: Collector, wagons: Sequence[tuple[str, Decimal]]) -> None:
    """A train's wagon list: at least one wagon, each number once, every weight positive."""
    if not wagons:
        errors.add("wagons", "min_items", "list at least one wagon")
    seen: dict[str, int] = {}
    for i, (number, weight) in enumerate(wagons):
        if number in seen:
            errors.add(
                f"wagons.{i}.wagon_number",
                "duplicate_wagon",
                f"wagon {number} is already listed at position {seen[number] + 1}",
            )
        else:
            seen[number] = i
        if weight <= 0:
            errors.add(f"wagons.{i}.net_weight", "positive", "must be greater than zero")


def train_time_problems(
    errors: Collector, departed_at: datetime, eta_border: datetime, path: str = "eta_border"
) -> None:
    if eta_border < departed_at:
        errors.add(path, "after_departure", "the border ETA is before the departure")


def not_before(errors: Collector, path: str, at: datetime, earlier: datetime, what: str) -> None:
    if at < earlier:
        errors.add(path, "chronology", f"is before the {what} ({earlier.isoformat()})")
