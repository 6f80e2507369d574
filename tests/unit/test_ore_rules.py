"""The pure rules of ore supervision and direct pickup, over passing and failing cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import resources

import pytest

from clearway.arrivals.rules import PickupFacts, onsite_wait, pickup_refusals
from clearway.config import Settings
from clearway.declarations.model import Lane
from clearway.declarations.status import Status
from clearway.enterprises.model import CreditLevel
from clearway.ore.classification import (
    ClassificationFacts,
    ClassificationTerms,
    OreCategory,
    OreLine,
    classify,
)
from clearway.ore.disposal import (
    DisposalMeasure,
    DisposalStatus,
    due_at,
    is_overdue,
    suggested_measure,
)
from clearway.ore.lab import ANALYTES, adjustment, check, deviation
from clearway.ore.onsite import OnsiteReading, findings, weight_deviation_pct
from clearway.ore.terms import terms_of
from clearway.reference.loading import parse_mainstream_origins_csv
from clearway.shared.errors import RuleViolation

D = Decimal
TERMS = terms_of(Settings(ore_sampling_rate=0.3))
# The mainstream origins are the dated reference list; the shipped one as of the tests' day.
CLASSIFY = replace(
    TERMS.classification,
    mainstream_origins=frozenset(
        o.country
        for o in parse_mainstream_origins_csv(
            (
                resources.files("clearway.reference") / "data" / "mainstream_ore_origins.csv"
            ).read_text("utf-8")
        )
        if o.in_force_on(date(2026, 11, 20))
    ),
)


def facts(
    origin: str = "KZ",
    brand: str = "SSGPO concentrate",
    level: CreditLevel = CreditLevel.ADVANCED_CERTIFIED,
    past: int = 0,
    number: str = "7909-2026-I-000001",
) -> ClassificationFacts:
    return ClassificationFacts(
        number, (OreLine(1, "2601111000", origin, brand),), "Steppe Iron Mining JSC", past, level
    )


@pytest.mark.parametrize(
    ("case", "expected", "because"),
    [
        (facts(), OreCategory.A, "mainstream brand SSGPO concentrate from KZ"),
        (facts(brand="ssgpo CONCENTRATE"), OreCategory.A, "mainstream brand"),
        (facts(level=CreditLevel.CERTIFIED), OreCategory.A, "mainstream brand"),
        (facts(brand=""), OreCategory.B, "no brand declared"),
        (facts(brand="Blend 58"), OreCategory.B, "brand Blend 58 is not a mainstream brand"),
        (facts(level=CreditLevel.REGULAR), OreCategory.B, "credit level is regular"),
        (facts(past=1), OreCategory.B, "has 1 nonconforming lab result"),
        (facts(past=2), OreCategory.C, "has 2 nonconforming lab results"),
        (facts(origin="IN"), OreCategory.C, "origin IN is not a mainstream origin"),
        (facts(level=CreditLevel.DISHONEST), OreCategory.C, "credit level is dishonest"),
        (
            facts(level=CreditLevel.SERIOUSLY_DISHONEST),
            OreCategory.C,
            "credit level is seriously_dishonest",
        ),
    ],
)
def test_classification_takes_the_strictest_reason_and_says_it_first(
    case: ClassificationFacts, expected: OreCategory, because: str
) -> None:
    result = classify(case, CLASSIFY)
    assert result.category is expected
    assert because in result.reasons[0]
    assert result.instructions[0].startswith(f"ore category {expected.value}:")


def test_every_reason_is_kept_and_the_category_decides_sampling() -> None:
    result = classify(facts(origin="IN", brand="", level=CreditLevel.REGULAR, past=1), CLASSIFY)
    assert result.category is OreCategory.C and result.sampling_required
    assert len(result.reasons) == 3  # origin (C), then supplier (B) and credit (B)
    assert "harmful elements (Pb, As, F, Cd, Hg, Cl)" in result.instructions[0]
    assert not classify(facts(), CLASSIFY).sampling_required


def test_category_b_is_sampled_at_the_configured_rate_by_a_reproducible_draw() -> None:
    numbers = [f"7909-2026-I-{n:06d}" for n in range(1, 2001)]
    drawn = [classify(facts(brand="", number=n), CLASSIFY).sampling_required for n in numbers]
    assert 0.25 < sum(drawn) / len(drawn) < 0.35
    again = [classify(facts(brand="", number=n), CLASSIFY).sampling_required for n in numbers]
    assert drawn == again
    never = ClassificationTerms(**{**CLASSIFY.__dict__, "sampling_rate": 0.0})
    assert not any(classify(facts(brand="", number=n), never).sampling_required for n in numbers)


def reading(**overrides: object) -> OnsiteReading:
    base: dict[str, object] = {
        "nuclide_bq_per_g": D("0.40"),
        "portal_usv_per_h": D("0.10"),
        "foreign_inclusions": False,
        "solid_waste": False,
        "document_mismatch": False,
        "mismatch_note": "",
        "measured_weight_kg": D("5000000"),
        "declared_weight_kg": D("5000000"),
    }
    base.update(overrides)
    return OnsiteReading(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "codes"),
    [
        ({}, []),
        ({"nuclide_bq_per_g": D("1.0")}, []),  # at the limit: conforms
        ({"nuclide_bq_per_g": D("1.0001")}, ["radiation_over_limit"]),
        ({"nuclide_bq_per_g": None, "portal_usv_per_h": D("0.30")}, []),
        ({"nuclide_bq_per_g": None, "portal_usv_per_h": D("0.31")}, ["radiation_alarm"]),
        ({"portal_usv_per_h": D("2.5"), "nuclide_bq_per_g": D("0.8")}, []),  # analysis clears
        ({"foreign_inclusions": True}, ["foreign_inclusions"]),
        ({"solid_waste": True}, ["solid_waste"]),
        ({"document_mismatch": True}, ["goods_document_mismatch"]),
        ({"measured_weight_kg": D("5150000")}, []),  # +3.00 %: within tolerance
        ({"measured_weight_kg": D("4850000")}, []),  # -3.00 %
        ({"measured_weight_kg": D("5150001")}, ["weight_mismatch"]),
        ({"measured_weight_kg": D("4849999")}, ["weight_mismatch"]),
        (
            {"solid_waste": True, "foreign_inclusions": True, "nuclide_bq_per_g": D("3")},
            ["radiation_over_limit", "foreign_inclusions", "solid_waste"],
        ),
    ],
)
def test_on_site_findings(overrides: dict[str, object], codes: list[str]) -> None:
    assert [f.code for f in findings(reading(**overrides), TERMS.onsite)] == codes


def test_weight_deviation_is_signed_percent_of_the_declared() -> None:
    assert weight_deviation_pct(D("5010000"), D("5000000")) == D("0.2000")
    assert weight_deviation_pct(D("4990000"), D("5000000")) == D("-0.2000")


LIMITS = TERMS.lab_limits
# (analyte, at the limit, just past it)
BOUNDS = [
    ("fe_pct", D("50.0"), D("49.99")),
    ("moisture_pct", D("12.0"), D("12.01")),
    ("sio2_pct", D("12.0"), D("12.01")),
    ("al2o3_pct", D("6.0"), D("6.01")),
    ("pb_pct", D("0.2"), D("0.2001")),
    ("as_pct", D("0.1"), D("0.1001")),
    ("f_pct", D("0.2"), D("0.2001")),
    ("cd_pct", D("0.005"), D("0.0051")),
    ("hg_pct", D("0.002"), D("0.0021")),
    ("cl_pct", D("0.2"), D("0.2001")),
    ("radioactivity_bq_per_g", D("1.0"), D("1.0001")),
]


def test_every_analyte_has_a_limit() -> None:
    assert sorted(a for a, _, _ in BOUNDS) == sorted(ANALYTES) == sorted(LIMITS)


@pytest.mark.parametrize(("analyte", "at_limit", "past"), BOUNDS)
def test_lab_limits_pass_at_the_limit_and_fail_just_past_it(
    analyte: str, at_limit: Decimal, past: Decimal
) -> None:
    assert check({analyte: at_limit}, LIMITS) == []
    [failure] = check({analyte: past}, LIMITS)
    assert (failure.analyte, failure.measured, failure.bound) == (
        analyte,
        past,
        "min" if analyte == "fe_pct" else "max",
    )
    assert failure.harmful is (analyte not in ("fe_pct", "moisture_pct", "sio2_pct", "al2o3_pct"))


def test_unreported_analytes_are_not_checked() -> None:
    assert check({a: None for a in ANALYTES}, LIMITS) == []


def test_unknown_analyte_in_the_settings_is_refused_by_name() -> None:
    with pytest.raises(RuleViolation) as refused:
        terms_of(Settings(ore_lab_limits={"zn_pct": {"max": 1.0}}))
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("ore_lab_limits.zn_pct", "analyte")
    ]


def test_fe_and_moisture_deviations_and_the_implied_adjustment() -> None:
    fe = deviation(D("64.5"), D("62.1"))
    assert fe is not None and (fe.points, fe.relative_pct) == (D("-2.40"), D("-3.72"))
    moisture = deviation(D("9.5"), D("10.2"))
    assert moisture is not None and (moisture.points, moisture.relative_pct) == (
        D("0.70"),
        D("7.37"),
    )
    adj = adjustment(D("5000000"), D("4300000"), D("64.5"), D("62.1"), D("9.5"), D("10.2"))
    assert adj is not None
    assert (adj.declared_dry_kg, adj.measured_dry_kg, adj.dry_weight_change_kg) == (
        D("4525000.0"),
        D("4490000.0"),
        D("-35000.0"),
    )
    # value x (4,490,000 x 62.1) / (4,525,000 x 64.5)
    assert (adj.implied_value, adj.value_change) == (D("4107977.90"), D("-192022.10"))
    assert adjustment(D("1"), D("1"), None, None, None, None) is None
    no_fe = adjustment(D("1000"), D("100"), None, None, D("10"), D("9"))
    assert no_fe is not None and no_fe.implied_value is None


def test_disposal_measure_and_deadline() -> None:
    harmful = check({"pb_pct": D("0.5"), "fe_pct": D("40")}, LIMITS)
    quality = check({"fe_pct": D("40")}, LIMITS)
    assert suggested_measure(harmful) is DisposalMeasure.RETURN
    assert suggested_measure(quality) is DisposalMeasure.RECTIFICATION
    opened = datetime(2026, 11, 20, 2, tzinfo=UTC)
    due = due_at(opened, 30)
    assert due == datetime(2026, 12, 20, 2, tzinfo=UTC)
    second = timedelta(seconds=1)
    assert not is_overdue(DisposalStatus.OPEN, due, due - second)
    assert not is_overdue(DisposalStatus.OPEN, due, due)
    assert is_overdue(DisposalStatus.OPEN, due, due + second)
    assert not is_overdue(DisposalStatus.CLOSED, due, due + second)


ARRIVED = datetime(2026, 11, 20, 6, tzinfo=UTC)


def pickup(**overrides: object) -> PickupFacts:
    base: dict[str, object] = {
        "status": Status.RISK_ASSESSED,
        "lane": Lane.GREEN,
        "lodged_at": ARRIVED - timedelta(hours=3),
        "arrived_at": ARRIVED,
    }
    base.update(overrides)
    return PickupFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "because"),
    [
        ({}, None),
        ({"lane": Lane.BLUE}, None),
        ({"status": Status.PAID}, None),
        ({"lodged_at": ARRIVED - timedelta(seconds=1)}, None),
        ({"lodged_at": ARRIVED}, "not before the arrival"),
        ({"lodged_at": ARRIVED + timedelta(seconds=1)}, "not before the arrival"),
        ({"lodged_at": None, "status": Status.DRAFT, "lane": None}, "not lodged before arrival"),
        ({"lane": Lane.RED, "status": Status.INSPECTION}, "physical inspection (red lane)"),
        ({"lane": Lane.YELLOW, "status": Status.DOCUMENT_CHECK}, "document check (yellow lane)"),
        ({"status": Status.SUSPENDED}, "suspended, not awaiting release"),
        ({"eligibility_refusals": ("credit level regular",)}, "not eligible for direct pickup"),
        ({"ore_sampling": "ore category C: samples first"}, "ore category C"),
        # Under the on-site requirement the samples are taken at the train-side inspection,
        # and that inspection itself is what puts the declaration in inspection.
        ({"ore_sampling": "ore category C", "onsite_required": True}, None),
        ({"status": Status.INSPECTION, "onsite_required": True}, "inspection, not awaiting"),
        ({"status": Status.INSPECTION, "onsite_required": True, "onsite_cleared": True}, None),
    ],
)
def test_direct_pickup_refusals(overrides: dict[str, object], because: str | None) -> None:
    reasons = pickup_refusals(pickup(**overrides))
    if because is None:
        assert reasons == []
    else:
        assert any(because in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("overrides", "waits"),
    [
        ({}, False),
        ({"onsite_required": True}, True),
        ({"onsite_required": True, "onsite_cleared": True}, False),
    ],
)
def test_direct_pickup_of_ore_waits_for_the_train_side_onsite_result(
    overrides: dict[str, object], waits: bool
) -> None:
    wait = onsite_wait(pickup(**overrides))
    assert (wait is not None) is waits
    if wait:
        assert "train-side on-site inspection" in wait and "waives it with a reason" in wait


def test_the_wait_names_the_samples_the_category_requires() -> None:
    wait = onsite_wait(pickup(onsite_required=True, ore_sampling="ore category C: samples"))
    assert wait is not None and wait.endswith("; ore category C: samples")
