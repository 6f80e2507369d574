"""Hard, soft and off per check; the refusal lists every finding; settings are checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clearway.config import Settings
from clearway.dangerous_goods.model import Check
from clearway.dangerous_goods.outcome import Outcome, run_checks
from clearway.dangerous_goods.policy import Policy, Severity, policy_of
from clearway.declarations.model import Flow, Lane, TransportMode
from clearway.enterprises.model import CreditLevel
from clearway.risk.selectivity import (
    Candidate,
    LaneFloor,
    LaneRates,
    SelectivityConfig,
    select_lane,
)
from clearway.shared.errors import RuleViolation
from tests.unit.test_dangerous_goods_checks import consignment, full_documents, line

# Fails un_number (tariff), sp188 (excepted packaging above 100 Wh), documents (appraisal by air
# older than 3 months), state of charge (45 % by air) and damaged: one finding per check, and
# the damaged batteries by air also meet the binding refusal of what no aircraft carries.
BAD = consignment(
    line(
        tariff_code="8506500010",  # primary lithium metal, but UN3480 (lithium ion) declared
        un_number="UN3480",
        chemistry=None,
        packaging_category="excepted",  # 4800 Wh: regulated
        state_of_charge_pct=Decimal("45"),
        damaged=True,
    ),
    mode=TransportMode.AIR,
    documents=full_documents(appraisal_issued=date(2026, 6, 1)),  # > 3 months by air
)

# The same without the damage: nothing binding, so the district's severities decide everything.
UNDAMAGED = replace(BAD, lines=(replace(BAD.lines[0], damaged=False),))


def test_every_check_fails_once_on_the_bad_consignment() -> None:
    assessment = run_checks(BAD, Policy().with_severity(damaged="hard"))
    assert sorted(f.finding.check.value for f in assessment.findings) == [
        "damaged",
        "damaged",  # dg.damaged_by_air: binding
        "documents",
        "sp188",
        "state_of_charge",
        "un_number",
    ]


def test_hard_findings_refuse_with_every_failed_check_listed() -> None:
    assessment = run_checks(BAD, Policy())
    assert assessment.outcome is Outcome.REFUSED
    violation = assessment.violation()
    assert isinstance(violation, RuleViolation) and violation.status == 422
    rules = {e.rule for e in violation.errors}
    assert rules == {
        "dg.un_number_tariff",
        "dg.sp188_packaging",
        "dg.appraisal_validity",
        "dg.state_of_charge",
        "dg.damaged_by_air",  # binding: refused whatever the severity of damaged
    }
    assert "items.0.dangerous_goods.state_of_charge_pct" in [e.path for e in violation.errors]
    # damaged is soft by default: the P908 flag does not refuse, and is not listed as a refusal
    assert "dg.damaged" not in rules
    assert [f.finding.rule for f in assessment.soft] == ["dg.damaged"]


def test_soft_findings_route_to_the_most_severe_configured_lane() -> None:
    soft = Policy().with_severity(
        un_number="soft", sp188="soft", documents="soft", state_of_charge="soft"
    )
    assessment = run_checks(UNDAMAGED, soft)
    assert assessment.outcome is Outcome.ROUTED and assessment.violation() is None
    assert assessment.lane_floor is Lane.RED
    yellow_only = soft.with_severity(
        un_number="off", sp188="off", state_of_charge="off", damaged="off"
    )
    routed = run_checks(UNDAMAGED, yellow_only)
    assert routed.lane_floor is Lane.YELLOW
    assert {f.finding.check.value for f in routed.findings} == {"documents"}


def test_checks_turned_off_do_not_run() -> None:
    off = Policy().with_severity(**{c: "off" for c in Policy().severity})
    assessment = run_checks(UNDAMAGED, off)
    assert assessment.checks_run == () and assessment.outcome is Outcome.PASSED
    # what no aircraft carries is refused even so
    flown_damaged = run_checks(BAD, off)
    assert flown_damaged.outcome is Outcome.REFUSED
    assert [f.finding.rule for f in flown_damaged.hard] == ["dg.damaged_by_air"]


@pytest.mark.parametrize(
    "c",
    [
        replace(BAD, flow=Flow.IMPORT),
        consignment(line(tariff_code="3208100000", un_number="UN1263")),
    ],
    ids=["import", "no-lithium"],
)
def test_imports_and_goods_without_lithium_are_not_checked(c: Any) -> None:
    assert run_checks(c, Policy()).outcome is Outcome.NOT_APPLICABLE


def test_a_clean_consignment_passes() -> None:
    assessment = run_checks(consignment(), Policy())
    assert assessment.outcome is Outcome.PASSED and assessment.lines_checked == 1


def test_default_settings_give_the_default_policy() -> None:
    assert policy_of(Settings()) == Policy()


def test_settings_choose_per_check_and_keep_defaults_for_the_rest() -> None:
    policy = policy_of(
        Settings(
            dg_checks={"damaged": "hard", "documents": "off"},
            dg_soft_lanes={"sp188": "yellow"},
            dg_state_of_charge_required=["UN3481:air"],
            dg_appraisal_validity_months={"air": 3, "sea": 6, "*": 12},
        )
    )
    assert policy.severity[Check.DAMAGED] is Severity.HARD
    assert policy.severity[Check.DOCUMENTS] is Severity.OFF
    assert policy.severity[Check.UN_NUMBER] is Severity.HARD  # default kept
    assert policy.soft_lane[Check.SP188] is Lane.YELLOW
    assert [str(r) for r in policy.charge_rules] == ["UN3481 by air"]
    assert policy.months_valid(TransportMode.SEA) == 6
    assert policy.months_valid(TransportMode.ROAD) == 12


def test_wrong_settings_are_refused_naming_each_one() -> None:
    with pytest.raises(RuleViolation) as refused:
        policy_of(
            Settings(
                dg_checks={"labels": "hard", "sp188": "maybe"},
                dg_soft_lanes={"damaged": "green"},
                dg_state_of_charge_required=["UN3480-air", "UN3481:air:2026-13-01"],
                dg_withdrawn_for_lithium={"UN3171": "next year"},
                dg_appraisal_validity_months={"air": 3, "boat": 6},
                dg_document_types={"msds": ["msds"], "un38_3_summary": []},
            )
        )
    assert sorted(e.path for e in refused.value.errors) == [
        "dg_appraisal_validity_months.*",
        "dg_appraisal_validity_months.boat",
        "dg_checks.labels",
        "dg_checks.sp188",
        "dg_document_types.msds",
        "dg_document_types.un38_3_summary",
        "dg_soft_lanes.damaged",
        "dg_state_of_charge_required.0",
        "dg_state_of_charge_required.1",
        "dg_withdrawn_for_lithium.UN3171",
    ]


@pytest.mark.parametrize("level", list(CreditLevel))
@pytest.mark.parametrize("floor", [Lane.YELLOW, Lane.RED])
def test_a_lane_floor_holds_whatever_the_credit_level(level: CreditLevel, floor: Lane) -> None:
    config = SelectivityConfig(
        {lvl: LaneRates() for lvl in CreditLevel}, {}, "salt", min_reference=30
    )
    selection = select_lane(
        Candidate(
            number="0291-2026-E-000001",
            office_code="0291",
            flow="export",
            credit_level=level,
            floors=[LaneFloor(floor, "dg.damaged", "dangerous goods: item 1 damaged")],
        ),
        config,
    )
    assert selection.lane is floor and selection.selected_by == "submission_check"
    assert "item 1 damaged" in selection.summary()
    assert selection.reasons[0].kind == "submission_check"
