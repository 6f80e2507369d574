"""Iron ore on SQLite and PostgreSQL: classification, first release, lab results, disposal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bonded import payments
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.model import Lane
from clearway.declarations.status import Status
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel
from clearway.jobs import get as get_job
from clearway.notifications.tables import inbox_messages
from clearway.ore import cases, first_release, queries, results, services
from clearway.ore.classify import classify_on_demand
from clearway.ore.commands import DisposalOutcomeInput, LabResultInput, ReleaseInput
from clearway.ore.disposal import DisposalMeasure, DisposalStatus
from clearway.ore.model import ReleaseDecision, SampleStatus
from clearway.ore.tables import ore_lab_results, ore_onsite_inspections, ore_samples
from clearway.risk.tables import risk_screenings
from clearway.shared.clock import FixedClock
from clearway.shared.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from tests.builders import ADMIN, INSPECTOR, RISK, TODAY, make_declaration
from tests.conftest import rewired
from tests.liaison_support import notifying
from tests.ore_support import (
    OreDistrict,
    declaration,
    guarantee,
    lodge,
    onsite,
    ore_district,
    ore_input,
)

AEO, REGULAR, DISHONEST = "advanced_certified", "regular", "dishonest"
QUIET_RATES = {level.value: {} for level in CreditLevel} | {
    "dishonest": {"red": 0.8},
    "seriously_dishonest": {"red": 0.8},
}


@pytest.fixture()
def district(platform: Platform) -> OreDistrict:
    return ore_district(platform)


def screening(platform: Platform) -> Platform:
    """Screening wired into submission (no random picks, no top-up), as in production."""
    return rewired(platform, risk_random_quota={"*": {}}, risk_lane_rates=QUIET_RATES)


def inspect(platform: Platform, number: str, **overrides: Any) -> services.OnsiteResult:
    with platform.uow() as uow:
        return services.record_onsite(
            uow, number, onsite(**overrides), INSPECTOR, platform.clock, platform.settings
        )


def lab(platform: Platform, sample: str = "S-001", **values: Any) -> results.LabOutcome:
    data = LabResultInput.model_validate({"sample_id": sample, **values})
    with platform.uow() as uow:
        return results.record_result(uow, data, INSPECTOR, platform.clock, platform.settings)


def milestones(platform: Platform, number: str) -> list[str | None]:
    return [e.milestone for e in declaration(platform, number).events if e.milestone]


def count(platform: Platform, table: Any) -> int:
    with platform.sessions() as s:
        return int(s.execute(select(func.count()).select_from(table)).scalar_one())


def screening_instructions(platform: Platform, number: str) -> list[str]:
    found = declaration(platform, number)
    s = risk_screenings.c
    with platform.sessions() as session:
        row = session.execute(
            select(s.instructions).where(s.declaration_id == found.id).order_by(s.id.desc())
        ).first()
    assert row is not None
    return list(row[0])


@pytest.mark.parametrize(
    ("level", "origin", "brand", "category"),
    [
        (AEO, "KZ", "SSGPO concentrate", "A"),
        (REGULAR, "KZ", "SSGPO concentrate", "B"),
        (AEO, "KZ", "", "B"),
        (AEO, "IN", "SSGPO concentrate", "C"),
        (DISHONEST, "KZ", "SSGPO concentrate", "C"),
    ],
)
def test_ore_is_classified_at_submission_and_feeds_the_screening_instructions(
    platform: Platform, district: OreDistrict, level: str, origin: str, brand: str, category: str
) -> None:
    p = screening(platform)
    number = lodge(p, district.actors[level], ore_input(origin=origin, brand=brand))
    with p.sessions() as s:
        record = queries.visible_record(s, ADMIN, number)
    assert record.classification is not None
    assert record.classification.category.value == category
    assert record.classification.trigger == "screening"
    assert record.classification.credit_level == level
    ore_lines = [i for i in screening_instructions(p, number) if i.startswith("ore category")]
    assert ore_lines == record.classification.instructions
    assert ore_lines[0].startswith(f"ore category {category}:")


def test_a_battery_export_is_not_classified(platform: Platform, district: OreDistrict) -> None:
    p = screening(platform)
    number = lodge(p, district.base.exporter, make_declaration(flow="export"))
    with p.sessions() as s:
        assert queries.visible_record(s, ADMIN, number).classification is None
    with pytest.raises(RuleViolation) as refused, p.uow() as uow:
        classify_on_demand(uow, number, RISK, p.clock, p.settings)
    assert refused.value.errors[0].rule == "ore.no_ore_items"


def test_supplier_history_raises_the_category_and_reclassifying_updates_the_screening(
    platform: Platform, district: OreDistrict
) -> None:
    p = screening(platform)
    aeo = district.actors[AEO]
    guarantee(p, district.ids[AEO], "5000000")
    numbers = [lodge(p, aeo, ore_input(mode="first_release")) for _ in range(3)]
    with p.sessions() as s:
        before = queries.visible_record(s, ADMIN, numbers[2]).classification
    assert before is not None and before.category.value == "A"
    for n, number in enumerate(numbers[:2]):
        inspect(p, number, samples=[{"sample_id": f"H-{n}", "lab": "Horgos lab"}])
        lab(p, f"H-{n}", pb_pct="0.35")  # nonconforming: Pb over 0.2 %
    later = lodge(p, aeo, ore_input(mode="first_release"))
    with p.sessions() as s:
        fresh = queries.visible_record(s, ADMIN, later).classification
    assert fresh is not None
    assert (fresh.category.value, fresh.supplier_nonconformities) == ("C", 2)
    # Lodged before the history, the third is still A until asked again; then it is C and the
    # stored screening's instructions say so (the old ore line replaced, not kept beside it).
    with p.uow() as uow:
        again = classify_on_demand(uow, numbers[2], RISK, p.clock, p.settings)
    assert again.category.value == "C" and again.trigger == "on_demand"
    ore_lines = [i for i in screening_instructions(p, numbers[2]) if i.startswith("ore category")]
    assert ore_lines == again.instructions
    # A declaration's own result is not its supplier's history.
    with p.uow() as uow:
        first = classify_on_demand(uow, numbers[0], RISK, p.clock, p.settings)
    assert (first.category.value, first.supplier_nonconformities) == ("B", 1)
    with pytest.raises(PermissionDenied), p.uow() as uow:
        classify_on_demand(uow, numbers[0], district.actors[AEO], p.clock, p.settings)


def test_first_release_on_a_conforming_on_site_result_with_duty_secured_by_a_guarantee(
    platform: Platform, district: OreDistrict
) -> None:
    held = guarantee(platform, district.ids[AEO], "1000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="first_release"))
    platform.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    done = inspect(platform, number, started_at=(platform.clock.now() - timedelta(hours=1)))
    assert done.inspection.outcome.value == "conforming"
    assert done.inspection.release_decision is ReleaseDecision.RELEASED
    assert "lab results to follow" in done.inspection.release_note
    assert "secured by guarantee" in done.inspection.release_note
    found = declaration(platform, number)
    assert found.status is Status.RELEASED and found.released_at == platform.clock.now()
    assert found.duty_amount == Decimal("559000.00")  # 13 % import VAT on 4,300,000 CNY
    assert milestones(platform, number)[-4:] == ["E6", "E6_END", "E7", "E8"]
    with platform.sessions() as s:
        record = queries.visible_record(s, ADMIN, number)
        balance = s.execute(
            select(payments.tax_guarantees.c.balance).where(payments.tax_guarantees.c.id == held.id)
        ).scalar_one()
    assert Decimal(str(balance)) == Decimal("441000.00")
    assert [(x.sample_code, x.status) for x in record.samples] == [
        ("S-001", SampleStatus.AWAITING_RESULT)
    ]


def test_first_release_waits_for_the_duty_then_releases(
    platform: Platform, district: OreDistrict
) -> None:
    aeo = district.actors[AEO]
    number = lodge(platform, aeo, ore_input(mode="first_release"))
    done = inspect(platform, number)
    assert done.inspection.release_decision is ReleaseDecision.AWAITING_DUTY
    assert "no tax guarantee" in done.inspection.release_note
    assert declaration(platform, number).status is Status.DUTY_ASSESSED
    with pytest.raises(Conflict) as unpaid, platform.uow() as uow:
        first_release.release_first(
            uow, number, ReleaseInput(), INSPECTOR, platform.clock, platform.settings
        )
    assert unpaid.value.extra["reason"] == "duty_not_covered"
    with platform.uow() as uow:
        payments.pay(uow, number, aeo, platform.clock)
    with platform.uow() as uow:
        inspection = first_release.release_first(
            uow, number, ReleaseInput(), INSPECTOR, platform.clock, platform.settings
        )
    assert inspection.release_decision is ReleaseDecision.RELEASED
    assert declaration(platform, number).status is Status.RELEASED


def test_the_standard_regime_waits_for_the_lab(platform: Platform, district: OreDistrict) -> None:
    number = lodge(platform, district.actors[AEO], ore_input())
    done = inspect(platform, number)
    assert done.inspection.release_decision is ReleaseDecision.AWAITING_LAB
    assert declaration(platform, number).status is Status.DUTY_ASSESSED
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        first_release.release_first(
            uow, number, ReleaseInput(), INSPECTOR, platform.clock, platform.settings
        )
    assert refused.value.errors[0].rule == "ore.first_release_mode"


def test_no_first_release_for_an_importer_no_longer_eligible(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "1000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="first_release"))
    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            district.ids[AEO],
            CreditLevelInput(level=CreditLevel.DISHONEST, effective_from=TODAY, reason="fraud"),
            ADMIN,
            platform.clock,
        )
    done = inspect(platform, number)
    assert done.inspection.release_decision is ReleaseDecision.AWAITING_LAB
    assert "first release refused: credit level dishonest" in done.inspection.release_note
    assert declaration(platform, number).status is Status.DUTY_ASSESSED
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        first_release.release_first(
            uow, number, ReleaseInput(), INSPECTOR, platform.clock, platform.settings
        )
    assert refused.value.errors[0].rule == "eligibility.first_release"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"nuclide_bq_per_g": "1.2"}, "radiation_over_limit"),
        ({"nuclide_bq_per_g": None, "portal_usv_per_h": "0.9"}, "radiation_alarm"),
        ({"foreign_inclusions": True}, "foreign_inclusions"),
        ({"solid_waste": True}, "solid_waste"),
        (
            {"document_mismatch": True, "mismatch_note": "pellets, not fines"},
            "goods_document_mismatch",
        ),
        ({"measured_weight_kg": "4700000"}, "weight_mismatch"),
    ],
)
def test_findings_on_site_detain_the_goods(
    platform: Platform, district: OreDistrict, overrides: dict[str, Any], code: str
) -> None:
    guarantee(platform, district.ids[AEO], "1000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="first_release"))
    done = inspect(platform, number, **overrides)
    assert done.inspection.outcome.value == "detained"
    assert done.inspection.release_decision is ReleaseDecision.DETAINED
    assert [f["code"] for f in done.inspection.findings] == [code]
    found = declaration(platform, number)
    assert found.status is Status.SUSPENDED and found.released_at is None
    assert found.suspended_from is Status.INSPECTION
    assert found.events[-1].reason.startswith("detained on site: ")


def test_radiation_exactly_at_the_limit_conforms(platform: Platform, district: OreDistrict) -> None:
    number = lodge(platform, district.actors[AEO], ore_input())
    assert inspect(platform, number, nuclide_bq_per_g="1.0").inspection.outcome.value == (
        "conforming"
    )


def refused_rules(platform: Platform, number: str, actor: Any = INSPECTOR, **body: Any) -> Any:
    refusals = (RuleViolation, IllegalTransition, PermissionDenied)
    with pytest.raises(refusals) as refused, platform.uow() as uow:
        services.record_onsite(
            uow, number, onsite(**body), actor, platform.clock, platform.settings
        )
    error = refused.value
    return [(e.path, e.rule) for e in error.errors] if error.errors else type(error).__name__


def test_bad_on_site_records_are_refused_naming_the_rule_and_nothing_changes(
    platform: Platform, district: OreDistrict
) -> None:
    c_number = lodge(platform, district.actors[DISHONEST], ore_input())  # category C
    a_number = lodge(platform, district.actors[AEO], ore_input(means="X9002"))
    inspect(platform, a_number, samples=[{"sample_id": "DUP-1", "lab": "Horgos lab"}])
    before = count(platform, ore_onsite_inspections), count(platform, ore_samples)
    assert refused_rules(platform, c_number, sampling_done=False, samples=[]) == [
        ("sampling_done", "ore.sampling_required")
    ]
    assert refused_rules(platform, c_number, nuclide_bq_per_g=None, portal_usv_per_h=None) == [
        ("nuclide_bq_per_g", "ore.radiation_reading")
    ]
    assert refused_rules(
        platform,
        c_number,
        samples=[
            {"sample_id": "DUP-1", "lab": "Horgos lab"},
            {"sample_id": "N-2", "lab": "Horgos lab", "line_no": 9},
        ],
    ) == [("samples.0.sample_id", "unique"), ("samples.1.line_no", "ore.item")]
    assert refused_rules(platform, c_number, sampling_done=True, samples=[]) == [
        ("samples", "required")
    ]
    assert refused_rules(
        platform, c_number, started_at=(platform.clock.now() + timedelta(seconds=1))
    ) == [("started_at", "not_future")]
    assert refused_rules(platform, c_number, actor=district.actors[DISHONEST]) == (
        "PermissionDenied"
    )
    export = lodge(platform, district.base.exporter, make_declaration(flow="export"))
    assert refused_rules(platform, export) == [("items", "ore.no_ore_items")]
    with platform.uow() as uow:
        draft = declarations.create(
            uow, ore_input(means="X9003"), district.actors[AEO], platform.clock, 50
        ).number
    assert refused_rules(platform, draft) == "IllegalTransition"
    assert refused_rules(platform, a_number) == "IllegalTransition"  # already past inspection
    assert (count(platform, ore_onsite_inspections), count(platform, ore_samples)) == before
    assert declaration(platform, c_number).status is Status.RISK_ASSESSED


def test_a_lab_result_for_an_unknown_sample_is_refused_and_nothing_is_written(
    platform: Platform, district: OreDistrict
) -> None:
    with pytest.raises(RuleViolation) as refused:
        lab(platform, "NO-SUCH-SAMPLE", fe_pct="62")
    assert [(e.path, e.rule) for e in refused.value.errors] == [("sample_id", "ore.unknown_sample")]
    assert count(platform, ore_lab_results) == 0


def test_a_conforming_lab_result_reports_the_deviations(
    platform: Platform, district: OreDistrict
) -> None:
    number = lodge(platform, district.actors[AEO], ore_input())
    inspect(platform, number)
    done = lab(platform, fe_pct="64.0", moisture_pct="9.0", pb_pct="0.01")
    assert done.result.conforming and done.case is None and not done.detained
    assert done.result.deviations["fe"]["points"] == "-0.50"
    assert done.result.deviations["moisture"]["relative_pct"] == "-5.26"
    assert done.result.deviations["adjustment"]["value_change"] is not None
    with pytest.raises(Conflict):
        lab(platform, fe_pct="64.0")  # one result per sample


def test_a_nonconforming_result_after_release_opens_a_disposal_case_and_tells_the_importer(
    platform: Platform, district: OreDistrict
) -> None:
    p = notifying(platform)
    guarantee(p, district.ids[AEO], "1000000")
    number = lodge(p, district.actors[AEO], ore_input(mode="first_release"))
    inspect(p, number)
    done = lab(p, fe_pct="61.0", pb_pct="0.45", as_pct="0.02")
    assert not done.result.conforming and not done.detained
    case = done.case
    assert case is not None and case.status is DisposalStatus.OPEN
    assert case.suggested_measure is DisposalMeasure.RETURN
    assert case.reasons == ["Pb 0.45% above the maximum of 0.2%"]
    assert case.due_at == p.clock.now() + timedelta(days=30)
    assert declaration(p, number).status is Status.RELEASED  # released goods: a case, no hold
    m = inbox_messages.c
    with p.sessions() as s:
        titles = list(
            s.scalars(select(m.title).where(m.enterprise_id == district.ids[AEO]).order_by(m.id))
        )
    assert any("ore failed the lab after release" in t for t in titles)


def test_a_nonconforming_result_before_release_detains_the_goods(
    platform: Platform, district: OreDistrict
) -> None:
    number = lodge(platform, district.actors[AEO], ore_input())
    inspect(platform, number)
    done = lab(platform, moisture_pct="13.5")
    assert done.detained and done.case is None
    found = declaration(platform, number)
    assert found.status is Status.SUSPENDED
    assert "moisture 13.5% above the maximum of 12.0%" in found.events[-1].reason


def test_category_c_needs_the_full_lab(platform: Platform, district: OreDistrict) -> None:
    number = lodge(platform, district.actors[DISHONEST], ore_input())
    inspect(platform, number)
    with pytest.raises(RuleViolation) as refused:
        lab(platform, fe_pct="62", pb_pct="0.01")
    assert [e.path for e in refused.value.errors] == [
        "as_pct",
        "f_pct",
        "cd_pct",
        "hg_pct",
        "cl_pct",
        "radioactivity_bq_per_g",
    ]
    assert {e.rule for e in refused.value.errors} == {"ore.full_lab_required"}


def test_disposal_cases_are_flagged_overdue_only_after_the_deadline(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "1000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="first_release"))
    inspect(platform, number)
    case = lab(platform, cd_pct="0.01").case
    assert case is not None
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    second = timedelta(seconds=1)
    for at, expected in (
        (case.due_at - second, []),
        (case.due_at, []),
        (case.due_at + second, [case.id]),
        (case.due_at + 2 * second, []),  # flagged once
    ):
        clock.set(at)
        with platform.uow() as uow:
            assert cases.flag_overdue(uow, clock) == expected
    with platform.sessions() as s:
        late = queries.list_cases(s, ADMIN, None, clock.now(), 10, 0)
        mine = queries.list_cases(s, district.actors[AEO], None, None, 10, 0)
        others = queries.list_cases(s, district.actors[REGULAR], None, None, 10, 0)
    assert [c.id for c in late[1]] == [case.id] and mine[0] == 1 and others[0] == 0
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        cases.record_outcome(
            uow,
            case.id,
            DisposalOutcomeInput(measure=DisposalMeasure.RETURN, outcome="returned"),
            district.actors[AEO],
            clock,
        )
    with platform.uow() as uow:
        closed = cases.record_outcome(
            uow,
            case.id,
            DisposalOutcomeInput(measure=DisposalMeasure.DESTRUCTION, outcome="destroyed at X"),
            INSPECTOR,
            clock,
        )
    assert closed.status is DisposalStatus.CLOSED and closed.measure is DisposalMeasure.DESTRUCTION
    with pytest.raises(Conflict), platform.uow() as uow:
        cases.record_outcome(
            uow,
            case.id,
            DisposalOutcomeInput(measure=DisposalMeasure.RETURN, outcome="again"),
            INSPECTOR,
            clock,
        )


def test_the_overdue_job_is_registered_and_runs(platform: Platform) -> None:
    job = get_job("ore.disposal_overdue")
    assert job is not None
    assert job.run(platform) == "0 ore disposal case(s) newly overdue"


def test_another_enterprise_does_not_see_the_ore_record(
    platform: Platform, district: OreDistrict
) -> None:
    number = lodge(platform, district.actors[AEO], ore_input(), lane=Lane.GREEN)
    with platform.sessions() as s:
        assert queries.visible_record(s, district.actors[AEO], number).declaration.number == number
        with pytest.raises(NotFound):
            queries.visible_record(s, district.actors[REGULAR], number)
