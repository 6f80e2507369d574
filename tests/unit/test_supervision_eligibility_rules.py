"""Eligibility rules over the whole credit-level matrix, goods, offices and breaches."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from clearway.config import Settings
from clearway.enterprises.model import CreditLevel
from clearway.supervision.eligibility_rules import (
    Facility,
    FacilityRuleOverride,
    refusals,
    rule_for,
)

L = CreditLevel
F = Facility

# Which levels may use each facility by default (DOMAIN.md §5).
MATRIX = {
    F.TWO_STEP: {L.ADVANCED_CERTIFIED, L.CERTIFIED, L.REGULAR},
    F.CENTRALIZED: {L.ADVANCED_CERTIFIED, L.CERTIFIED, L.REGULAR},
    F.APPOINTMENT_CLEARANCE: {L.ADVANCED_CERTIFIED, L.CERTIFIED, L.REGULAR},
    F.DIRECT_PICKUP: {L.ADVANCED_CERTIFIED},
    F.FIRST_RELEASE: {L.ADVANCED_CERTIFIED, L.CERTIFIED, L.REGULAR},
}


@pytest.mark.parametrize("facility", list(F))
@pytest.mark.parametrize("level", list(L))
def test_credit_level_matrix(facility: Facility, level: CreditLevel) -> None:
    reasons = refusals(rule_for(facility, {}), facility, level)
    assert (not reasons) == (level in MATRIX[facility])
    if reasons:
        assert f"credit level {level.value}" in reasons[0]


@pytest.mark.parametrize(
    ("code", "allowed"),
    [
        ("2601111000", True),
        ("2602000000", True),
        ("2610000000", True),
        ("2607000000", True),
        ("2608000000", True),
        ("2603000000", False),  # copper ores are not in the measure
        ("8507600030", False),
    ],
)
def test_first_release_goods(code: str, allowed: bool) -> None:
    reasons = refusals(
        rule_for(F.FIRST_RELEASE, {}), F.FIRST_RELEASE, L.REGULAR, tariff_codes=[code]
    )
    assert (not reasons) == allowed


def test_appointment_clearance_for_dangerous_and_perishable_goods_only() -> None:
    rule = rule_for(F.APPOINTMENT_CLEARANCE, {})
    ok = ["8507600030", "0303000000", "0805100000", "3002150000"]
    assert refusals(rule, F.APPOINTMENT_CLEARANCE, L.CERTIFIED, tariff_codes=ok) == []
    reasons = refusals(
        rule, F.APPOINTMENT_CLEARANCE, L.CERTIFIED, tariff_codes=["8507600030", "2601111000"]
    )
    assert len(reasons) == 1 and "2601111000" in reasons[0]


def test_every_reason_is_given() -> None:
    rule = rule_for(
        F.DIRECT_PICKUP,
        {F.DIRECT_PICKUP: FacilityRuleOverride(offices=("7909",), max_breaches=1)},
    )
    reasons = refusals(rule, F.DIRECT_PICKUP, L.DISHONEST, office_code="0291", breaches=1)
    assert len(reasons) == 3
    assert "credit level dishonest" in reasons[0]
    assert "office 0291" in reasons[1]
    assert "1 direct pickup breaches" in reasons[2]


def test_an_office_restricted_facility_needs_the_office() -> None:
    rule = rule_for(F.DIRECT_PICKUP, {F.DIRECT_PICKUP: FacilityRuleOverride(offices=("7909",))})
    assert refusals(rule, F.DIRECT_PICKUP, L.ADVANCED_CERTIFIED, office_code="7909") == []
    assert "no office given" in refusals(rule, F.DIRECT_PICKUP, L.ADVANCED_CERTIFIED)[0]


def test_breaches_withdraw_at_the_limit() -> None:
    rule = rule_for(F.TWO_STEP, {})
    assert rule.max_breaches == 3
    assert refusals(rule, F.TWO_STEP, L.REGULAR, breaches=2) == []
    assert refusals(rule, F.TWO_STEP, L.REGULAR, breaches=3)


def test_district_overrides_keep_the_other_fields() -> None:
    settings = Settings(
        supervision_eligibility={"two_step": {"credit_levels": ["advanced_certified"]}}
    )  # type: ignore[arg-type]
    rule = rule_for(F.TWO_STEP, settings.supervision_eligibility)
    assert rule.credit_levels == (L.ADVANCED_CERTIFIED,)
    assert rule.max_breaches == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"no_such_facility": {}},
        {"two_step": {"credit_level": ["regular"]}},
        {"two_step": {"credit_levels": ["excellent"]}},
        {"two_step": {"max_breaches": 0}},
    ],
)
def test_bad_district_rules_are_refused_at_start_up(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings(supervision_eligibility=bad)  # type: ignore[arg-type]
