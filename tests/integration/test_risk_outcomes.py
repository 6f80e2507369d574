"""Concluded controls become outcome labels, kept with the lane and how it was chosen."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.enterprises.model import CreditLevel
from clearway.inspection import records
from clearway.inspection.commands import RecordResultInput, RecordStartInput
from clearway.inspection.results import RecordKind, Result
from clearway.ore import results
from clearway.ore import services as ore_services
from clearway.ore.commands import LabResultInput
from clearway.risk.features import CANONICAL_FIELDS
from clearway.risk.model import EmptyHistory, OneClassHistory, train
from clearway.risk.platform_history import platform_history
from clearway.risk.screening import selectivity_config
from clearway.risk.tables import risk_outcomes
from clearway.shared.errors import RuleViolation
from tests.builders import INSPECTOR, make_declaration
from tests.conftest import rewired
from tests.inspection_support import HORGOS_SITE, lodge, open_slot, seed_inspection
from tests.ore_support import lodge as ore_lodge
from tests.ore_support import onsite, ore_district, ore_input

NO_TOP_UP = {level.value: {} for level in CreditLevel} | {
    "dishonest": {"red": 0.8},
    "seriously_dishonest": {"red": 0.8},
}


def _check(platform: Platform, number: str, kind: RecordKind, result: Result) -> int:
    with platform.uow() as uow:
        record = records.start(
            uow, RecordStartInput(declaration=number, kind=kind), INSPECTOR, platform.clock
        )
    findings = "undeclared cells in the wagon" if result is Result.NONCONFORM else ""
    with platform.uow() as uow:
        records.complete(
            uow,
            record.id,
            RecordResultInput(result=result, findings=findings),
            INSPECTOR,
            platform.clock,
        )
    return record.id


def _outcomes(platform: Platform) -> list[dict[str, object]]:
    with platform.sessions() as s:
        rows = s.execute(select(risk_outcomes).order_by(risk_outcomes.c.id)).mappings()
        return [dict(r) for r in rows]


def test_a_random_draw_inspected_nonconform_is_kept_as_a_random_label(platform: Platform) -> None:
    setup = seed_inspection(platform)
    open_slot(platform, HORGOS_SITE, 3)
    drawing = rewired(platform, risk_random_quota={"*": {"red": 1.0}}, risk_lane_rates=NO_TOP_UP)
    with drawing.uow() as uow:
        ref = declarations.create(
            uow, make_declaration(flow="import"), setup.district.importer, drawing.clock, 50
        ).id
    with drawing.uow() as uow:
        submitted = declarations.act(
            uow,
            ref,
            Command.SUBMIT,
            ActionInput(),
            setup.district.importer,
            drawing.clock,
            drawing.submission,
        )
    assert submitted.lane is Lane.RED
    record_id = _check(
        platform, submitted.number, RecordKind.PHYSICAL_INSPECTION, Result.NONCONFORM
    )
    [outcome] = _outcomes(platform)
    assert outcome["declaration_id"] == submitted.id
    assert (outcome["source"], outcome["source_id"]) == ("physical_inspection", record_id)
    assert outcome["nonconform"] is True and outcome["finding_kind"] == "discrepancy"
    assert (outcome["lane"], outcome["chosen_by"], outcome["random_pick"]) == (
        "red",
        "random",
        True,
    )
    assert outcome["revenue_raised"] is None


def test_a_conform_document_check_without_screening_is_labelled_unscreened(
    platform: Platform,
) -> None:
    setup = seed_inspection(platform)
    declaration = lodge(platform, setup.district.importer, Lane.YELLOW, flow="import")
    _check(platform, declaration.number, RecordKind.DOCUMENT_CHECK, Result.CONFORM)
    [outcome] = _outcomes(platform)
    assert (outcome["source"], outcome["nonconform"], outcome["finding_kind"]) == (
        "document_check",
        False,
        "",
    )
    assert outcome["chosen_by"] == "unscreened" and outcome["random_pick"] is False


def test_a_declaration_never_checked_has_no_label(platform: Platform) -> None:
    setup = seed_inspection(platform)
    lodge(platform, setup.district.importer, Lane.GREEN, flow="import")
    assert _outcomes(platform) == []


def test_a_refused_result_writes_no_label(platform: Platform) -> None:
    setup = seed_inspection(platform)
    open_slot(platform, HORGOS_SITE, 3)
    declaration = lodge(platform, setup.district.importer, Lane.RED, flow="import")
    with platform.uow() as uow:
        record = records.start(
            uow,
            RecordStartInput(declaration=declaration.number, kind=RecordKind.PHYSICAL_INSPECTION),
            INSPECTOR,
            platform.clock,
        )
    refused = RecordResultInput(result=Result.NONCONFORM, findings="")
    with pytest.raises(RuleViolation, match="findings"), platform.uow() as uow:
        records.complete(uow, record.id, refused, INSPECTOR, platform.clock)
    assert _outcomes(platform) == []


def test_a_failed_lab_result_is_a_nonconform_label_naming_the_analytes(platform: Platform) -> None:
    district = ore_district(platform)
    number = ore_lodge(platform, district.actors["advanced_certified"], ore_input())
    with platform.uow() as uow:
        ore_services.record_onsite(
            uow, number, onsite(), INSPECTOR, platform.clock, platform.settings
        )
    data = LabResultInput.model_validate({"sample_id": "S-001", "fe_pct": "61.0", "pb_pct": "0.45"})
    with platform.uow() as uow:
        done = results.record_result(uow, data, INSPECTOR, platform.clock, platform.settings)
    [outcome] = [o for o in _outcomes(platform) if o["source"] == "lab_result"]
    assert outcome["source_id"] == done.result.id and outcome["nonconform"] is True
    assert outcome["finding_kind"].startswith("lab_limit:") and "pb" in outcome["finding_kind"]


def _history(platform: Platform):  # type: ignore[no-untyped-def]
    config = selectivity_config(platform.settings)
    with platform.sessions() as s:
        return platform_history(s, config, platform.settings.risk_random_weight_cap)


def test_platform_history_labels_checked_declarations_and_keeps_the_rest_unlabelled(
    platform: Platform,
) -> None:
    setup = seed_inspection(platform)
    open_slot(platform, HORGOS_SITE, 3)
    importer = setup.district.importer
    caught = lodge(platform, importer, Lane.RED, flow="import")
    _check(platform, caught.number, RecordKind.PHYSICAL_INSPECTION, Result.NONCONFORM)
    cleared = lodge(platform, importer, Lane.YELLOW, flow="import")
    _check(platform, cleared.number, RecordKind.DOCUMENT_CHECK, Result.CONFORM)
    unchecked = lodge(platform, importer, Lane.GREEN, flow="import")
    frame = _history(platform).set_index("declaration_id")
    assert frame.loc[caught.number, "fraud"] == 1.0
    assert frame.loc[cleared.number, "fraud"] == 0.0
    assert math.isnan(frame.loc[unchecked.number, "fraud"])  # never checked: no label
    assert set(CANONICAL_FIELDS) <= {*frame.columns, "declaration_id"}
    assert (frame["weight"] == 1.0).all()


def test_training_from_the_platform_refuses_one_class_and_no_labels(platform: Platform) -> None:
    setup = seed_inspection(platform)
    declaration = lodge(platform, setup.district.importer, Lane.GREEN, flow="import")
    with pytest.raises(EmptyHistory, match="none is labelled"):
        train(_history(platform))
    yellow = lodge(platform, setup.district.importer, Lane.YELLOW, flow="import")
    _check(platform, yellow.number, RecordKind.DOCUMENT_CHECK, Result.CONFORM)
    with pytest.raises(OneClassHistory):
        train(_history(platform))
    assert declaration.number in set(_history(platform)["declaration_id"])
