"""The customs law of licences, as pure functions over plain values.

A tariff line's supervision conditions are a string of one-character codes (``7A``: automatic
import licence and statutory inspection). Each code calls for the document the dated code
table names (statutory inspection is customs' own work: a row that needs no number), and a
code the table does not list on the day cannot be cleared (customs cannot tell what it needs).
A goods
line whose conditions call for a numbered licence must name one that is of that code, held by
the declaration's trader, covers the line's tariff code, is valid on the declaration date and
has enough balance left in the line's unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clearway.licensing.conditions import LicenceCondition, condition_on
from clearway.licensing.model import Licence


@dataclass(frozen=True)
class Needs:
    """What a goods line's conditions call for on a day: documents, and unlisted codes."""

    documents: tuple[LicenceCondition, ...]
    unknown: tuple[str, ...]

    @property
    def numbered(self) -> tuple[LicenceCondition, ...]:
        return tuple(d for d in self.documents if d.number_required)


def needs_of(
    conditions: str, day: date, table: tuple[LicenceCondition, ...] | None = None
) -> Needs:
    """The documents a line's supervision conditions call for on a day (statutory inspection,
    ``A``/``B``, is a row that needs no number)."""
    documents: list[LicenceCondition] = []
    unknown: list[str] = []
    for code in dict.fromkeys(conditions.strip()):  # each code once, in the tariff's order
        if code.isspace():
            continue
        found = condition_on(code, day, table)
        if found is None:
            unknown.append(code)
        else:
            documents.append(found)
    return Needs(tuple(documents), tuple(unknown))


@dataclass(frozen=True)
class GoodsLine:
    """The facts of one goods line a licence is judged against."""

    tariff_code: str
    quantity: Decimal
    unit: str


def covers(scope: Iterable[str], tariff_code: str) -> bool:
    """Whether a licence's HS scope (tariff-code prefixes) covers a tariff code."""
    return any(tariff_code.startswith(prefix) for prefix in scope)


def licence_errors(
    licence: Licence,
    needs: Needs,
    line: GoodsLine,
    holder_id: int,
    day: date,
    already_drawn: Decimal = Decimal(0),
) -> list[tuple[str, str]]:
    """Why a licence does not clear a goods line, as (rule, message) pairs; none when it does.

    ``already_drawn`` is what earlier lines of the same declaration write off the same licence.
    """
    codes = [d.code for d in needs.numbered]
    errors: list[tuple[str, str]] = []
    if licence.condition_code not in codes:
        errors.append(
            (
                "licence_code",
                f"licence {licence.number} is for condition {licence.condition_code}; "
                f"tariff line {line.tariff_code} calls for {', '.join(codes)}",
            )
        )
    if licence.holder_id != holder_id:
        errors.append(("licence_holder", f"licence {licence.number} is held by another enterprise"))
    if not covers(licence.scope, line.tariff_code):
        errors.append(
            (
                "licence_scope",
                f"licence {licence.number} covers {licence.hs_scope}, not {line.tariff_code}",
            )
        )
    if day < licence.valid_from:
        errors.append(
            ("licence_validity", f"licence {licence.number} is valid from {licence.valid_from}")
        )
    if day > licence.valid_to:
        errors.append(
            ("licence_validity", f"licence {licence.number} expired on {licence.valid_to}")
        )
    if line.unit != licence.unit:
        errors.append(
            (
                "licence_unit",
                f"licence {licence.number} is granted in {licence.unit}; "
                f"the line is in {line.unit}",
            )
        )
    elif line.quantity > licence.balance - already_drawn:
        errors.append(
            (
                "licence_balance",
                f"licence {licence.number} has {licence.balance - already_drawn} {licence.unit} "
                f"left; the line needs {line.quantity}",
            )
        )
    return errors
