"""Eligibility read from the database: credit on the day, goods, office and breach record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clearway.bootstrap import Platform
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Actor
from clearway.shared.errors import RuleViolation
from clearway.supervision.breaches import BreachKind, breaches_of, lift, record_breach
from clearway.supervision.eligibility import Facility, decide, ensure_eligible
from tests.builders import ADMIN, NOW, TODAY, register_enterprise

SYSTEM = Actor.system("test")


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        (CreditLevel.ADVANCED_CERTIFIED, True),
        (CreditLevel.CERTIFIED, True),
        (CreditLevel.REGULAR, True),
        (CreditLevel.DISHONEST, False),
        (CreditLevel.SERIOUSLY_DISHONEST, False),
    ],
)
def test_two_step_by_credit_level(platform: Platform, level: CreditLevel, allowed: bool) -> None:
    enterprise = register_enterprise(platform, 11, "Trader", [EnterpriseRole.TRADER], level)
    with platform.sessions() as session:
        answer = decide(session, platform.settings, enterprise, Facility.TWO_STEP, TODAY)
    assert answer.allowed is allowed
    assert bool(answer.reasons) is not allowed


def test_unknown_enterprise_is_refused_with_a_reason(platform: Platform) -> None:
    with platform.sessions() as session:
        answer = decide(session, platform.settings, 999_999, Facility.CENTRALIZED, TODAY)
    assert not answer.allowed and "not registered" in answer.reasons[0]


def test_ensure_eligible_names_the_rule_and_every_reason(platform: Platform) -> None:
    enterprise = register_enterprise(
        platform, 12, "Dishonest", [EnterpriseRole.TRADER], CreditLevel.DISHONEST
    )
    with platform.sessions() as session, pytest.raises(RuleViolation) as refused:
        ensure_eligible(
            session,
            platform.settings,
            enterprise,
            Facility.FIRST_RELEASE,
            TODAY,
            tariff_codes=["8507600030"],
            field="items",
        )
    error = refused.value.errors[0]
    assert (error.path, error.rule) == ("items", "eligibility.first_release")
    assert "credit level dishonest" in error.message and "8507600030" in error.message


def _breach(platform: Platform, enterprise: int, n: int, days_ago: int) -> None:
    with platform.uow() as uow:
        record_breach(
            uow.session,
            enterprise,
            Facility.TWO_STEP,
            BreachKind.TWO_STEP_COMPLETE_OVERDUE,
            f"REF{n}",
            NOW - timedelta(days=days_ago),
            NOW,
            "complete declaration overdue",
            SYSTEM,
        )
        uow.commit()


def test_breaches_within_the_window_withdraw_the_facility(platform: Platform) -> None:
    enterprise = register_enterprise(platform, 13, "Late", [EnterpriseRole.TRADER])
    _breach(platform, enterprise, 1, 400)  # outside the 365-day window
    _breach(platform, enterprise, 2, 30)
    _breach(platform, enterprise, 3, 10)
    with platform.sessions() as session:
        assert decide(session, platform.settings, enterprise, Facility.TWO_STEP, TODAY).allowed
        # Breaches of another facility do not count.
        assert decide(session, platform.settings, enterprise, Facility.CENTRALIZED, TODAY).allowed
    _breach(platform, enterprise, 4, 1)
    with platform.sessions() as session:
        answer = decide(session, platform.settings, enterprise, Facility.TWO_STEP, TODAY)
        assert not answer.allowed and "3 two step breaches" in answer.reasons[0]
        # A decision as of an earlier day reads the record as it was then.
        earlier = TODAY - timedelta(days=5)
        assert decide(session, platform.settings, enterprise, Facility.TWO_STEP, earlier).allowed
    with platform.uow() as uow:
        newest = breaches_of(uow.session, ADMIN, enterprise)[0]
        lift(uow.session, newest.id, "rail line closed by snow", ADMIN, NOW)
        uow.commit()
    with platform.sessions() as session:
        assert decide(session, platform.settings, enterprise, Facility.TWO_STEP, TODAY).allowed


def test_a_breach_is_recorded_once(platform: Platform) -> None:
    enterprise = register_enterprise(platform, 14, "Once", [EnterpriseRole.TRADER])
    _breach(platform, enterprise, 1, 1)
    _breach(platform, enterprise, 1, 1)
    with platform.sessions() as session:
        assert len(breaches_of(session, ADMIN, enterprise)) == 1


def test_credit_level_on_the_day_decides(platform: Platform) -> None:
    enterprise = register_enterprise(platform, 15, "Upgraded", [EnterpriseRole.TRADER])
    from clearway.enterprises import services as enterprises
    from clearway.enterprises.commands import CreditLevelInput

    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            enterprise,
            CreditLevelInput(
                level=CreditLevel.ADVANCED_CERTIFIED,
                effective_from=date(2026, 6, 1),
                reason="AEO audit passed",
            ),
            ADMIN,
            platform.clock,
        )
    with platform.sessions() as session:
        s = platform.settings
        assert decide(session, s, enterprise, Facility.DIRECT_PICKUP, TODAY).allowed
        assert not decide(session, s, enterprise, Facility.DIRECT_PICKUP, date(2026, 5, 31)).allowed
