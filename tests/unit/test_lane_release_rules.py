"""Duty cover and post-clearance findings, pure: every combination at its edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clearway.declarations.rules import DutyCover, duty_cover
from clearway.postclearance.rules import Finding, FindingKind, check_finding
from clearway.shared.errors import RuleViolation

NIL, FEN = Decimal("0.00"), Decimal("0.01")


@pytest.mark.parametrize(
    ("due", "paid", "guaranteed", "cover"),
    [
        (NIL, False, False, DutyCover.NIL),
        (FEN, False, False, None),  # one fen due and nothing covers it: release waits
        (FEN, False, True, DutyCover.GUARANTEED),
        (FEN, True, False, DutyCover.PAID),
        (NIL, True, False, DutyCover.PAID),
    ],
)
def test_duty_cover(due: Decimal, paid: bool, guaranteed: bool, cover: DutyCover | None) -> None:
    assert duty_cover(due, paid, guaranteed) is cover


@pytest.mark.parametrize(
    ("finding", "kind", "revenue", "refused"),
    [
        (Finding.CONFORM, None, None, []),
        (Finding.CONFORM, None, NIL, []),
        (Finding.CONFORM, FindingKind.ORIGIN, FEN, ["kind", "revenue_raised"]),
        (Finding.NONCONFORM, FindingKind.LICENCE, NIL, []),
        (Finding.NONCONFORM, FindingKind.VALUATION, FEN, []),
        (Finding.NONCONFORM, None, None, ["kind", "revenue_raised"]),
        (Finding.NONCONFORM, FindingKind.QUANTITY, -FEN, ["revenue_raised"]),
    ],
)
def test_a_finding_names_every_field_that_does_not_fit(
    finding: Finding, kind: FindingKind | None, revenue: Decimal | None, refused: list[str]
) -> None:
    if not refused:
        check_finding(finding, kind, revenue)
        return
    with pytest.raises(RuleViolation) as caught:
        check_finding(finding, kind, revenue)
    assert [e.path for e in caught.value.errors] == refused
