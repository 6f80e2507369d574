"""Lithium-battery checks, pure: every check over passing and failing cases at its thresholds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clearway.dangerous_goods.certificates import add_months, check_documents
from clearway.dangerous_goods.checks import (
    check_damaged,
    check_sp188,
    check_state_of_charge,
    check_un_number,
)
from clearway.dangerous_goods.model import BatteryLine, Consignment, Document
from clearway.dangerous_goods.policy import Policy
from clearway.declarations.model import (
    BatteryChemistry,
    BatteryKind,
    Flow,
    PackingSection,
    TransportMode,
)

ION, METAL = BatteryChemistry.LITHIUM_ION, BatteryChemistry.LITHIUM_METAL
CELL, BATTERY = BatteryKind.CELL, BatteryKind.BATTERY
SHIP = date(2026, 11, 20)
POLICY = Policy()


def line(**overrides: Any) -> BatteryLine:
    """A regulated Li-ion battery pack (4800 Wh) in packing group II packaging: passes all (by
    air too: PI965 Section IA, 30 kg per package, cargo aircraft only)."""
    fields: dict[str, Any] = {
        "index": 0,
        "tariff_code": "8507600090",
        "un_number": "UN3480",
        "packaging_category": "II",
        "packaging_spec": "4G fibreboard box",
        "chemistry": ION,
        "battery_kind": BATTERY,
        "watt_hours": Decimal("4800"),
        "battery_model": "QY-48V100",
        "packing_instruction": "PI965",
        "packing_section": PackingSection.IA,
        "net_quantity_kg": Decimal("30"),
        "cargo_aircraft_only": True,
    }
    fields.update(overrides)
    return BatteryLine(**fields)


def doc(index: int, doc_type: str, issued: date, until: date | None = None) -> Document:
    return Document(index, doc_type, f"{doc_type.upper()}-{index}", issued, until)


def full_documents(
    appraisal_issued: date = date(2026, 9, 1),
    performance_until: date | None = date(2027, 5, 31),
    appraisal_until: date | None = None,
) -> tuple[Document, ...]:
    return (
        doc(0, "un38_3_summary", date(2026, 1, 10)),
        doc(1, "packaging_performance_sheet", date(2025, 6, 1), performance_until),
        doc(2, "usage_appraisal_sheet", appraisal_issued, appraisal_until),
    )


def consignment(
    *lines: BatteryLine,
    mode: TransportMode = TransportMode.RAIL,
    ship: date = SHIP,
    documents: tuple[Document, ...] | None = None,
    flow: Flow = Flow.EXPORT,
) -> Consignment:
    return Consignment(
        flow=flow,
        transport_mode=mode,
        shipping_date=ship,
        lines=lines or (line(),),
        documents=full_documents() if documents is None else documents,
    )


def rules(findings: list[Any]) -> list[str]:
    return [f.rule for f in findings]


# --- UN number against tariff line and chemistry -------------------------------------------


@pytest.mark.parametrize(
    ("tariff", "un", "chemistry", "ship", "expected"),
    [
        ("8507600010", "UN3480", ION, SHIP, []),
        ("8507600020", "UN3481", None, SHIP, []),
        ("8507600030", "UN3480", ION, SHIP, []),
        ("8507600090", "UN3480", ION, SHIP, []),
        ("8506500010", "UN3090", METAL, SHIP, []),
        ("8506500090", "UN3091", None, SHIP, []),
        ("8507600030", "UN3090", None, SHIP, ["dg.un_number_tariff"]),
        ("8506500010", "UN3480", None, SHIP, ["dg.un_number_tariff"]),
        ("8507600090", "UN1263", None, SHIP, ["dg.un_number_tariff"]),
        ("8507600090", None, None, SHIP, ["dg.un_number_missing"]),
        ("8507600030", "UN3480", METAL, SHIP, ["dg.un_number_chemistry"]),
        ("8506500010", "UN3091", ION, SHIP, ["dg.un_number_chemistry"]),
        ("8703800000", "UN3556", ION, SHIP, []),
        ("8703800000", "UN3557", METAL, SHIP, []),
        ("8703800000", "UN3557", ION, SHIP, ["dg.un_number_chemistry"]),
        ("8703800000", "UN3171", ION, date(2025, 12, 31), []),
        ("8703800000", "UN3171", ION, date(2026, 1, 1), ["dg.un_number_withdrawn"]),
        ("8703800000", "UN3171", None, date(2026, 1, 1), []),  # not declared lithium
        ("8471300000", "UN3481", ION, SHIP, []),  # laptops with batteries inside
    ],
)
def test_un_number_fits_tariff_line_and_chemistry(
    tariff: str, un: str | None, chemistry: BatteryChemistry | None, ship: date, expected: list[str]
) -> None:
    c = consignment(line(tariff_code=tariff, un_number=un, chemistry=chemistry), ship=ship)
    assert rules(check_un_number(c, POLICY)) == expected


def test_withdrawn_un_number_names_its_replacement_and_follows_the_configured_date() -> None:
    vehicle = line(tariff_code="8703800000", un_number="UN3171", chemistry=METAL)
    found = check_un_number(consignment(vehicle, ship=date(2026, 1, 1)), POLICY)
    assert found[0].path == "items.0.dangerous_goods.un_number"
    assert "UN3557" in found[0].message and "2026-01-01" in found[0].message
    later = replace(POLICY, withdrawn_for_lithium={"UN3171": date(2027, 1, 1)})
    assert check_un_number(consignment(vehicle, ship=date(2026, 1, 1)), later) == []


# --- SP188: Wh or lithium content, and the packaging of regulated batteries ------------------


@pytest.mark.parametrize(
    ("chemistry", "kind", "amount", "excepted"),
    [
        (ION, CELL, "20", True),
        (ION, CELL, "20.01", False),
        (ION, BATTERY, "100", True),
        (ION, BATTERY, "100.01", False),
        (METAL, CELL, "1", True),
        (METAL, CELL, "1.001", False),
        (METAL, BATTERY, "2", True),
        (METAL, BATTERY, "2.001", False),
    ],
)
def test_sp188_thresholds_decide_whether_excepted_packaging_is_allowed(
    chemistry: BatteryChemistry, kind: BatteryKind, amount: str, excepted: bool
) -> None:
    metal = chemistry is METAL
    battery = line(
        tariff_code="8506500010" if metal else "8507600010",
        un_number="UN3090" if metal else "UN3480",
        chemistry=chemistry,
        battery_kind=kind,
        watt_hours=None if metal else Decimal(amount),
        lithium_grams=Decimal(amount) if metal else None,
        packaging_category="excepted",
    )
    found = check_sp188(consignment(battery), POLICY)
    assert rules(found) == ([] if excepted else ["dg.sp188_packaging"])
    if found:
        assert found[0].path == "items.0.dangerous_goods.packaging_category"
        assert amount in found[0].message


@pytest.mark.parametrize(
    ("category", "spec", "passes"),
    [
        ("II", "", True),
        ("I", "", True),
        ("III", "4G fibreboard box", False),
        ("III", "UN 4G/Y25/S/26/CN/QY1234", True),  # Y mark: packing group II performance
        ("III", "UN 4G/Z30/S/26/CN/QY1234", False),  # Z mark: packing group III only
        ("excepted", "UN 4G/Y25/S/26/CN/QY1234", False),  # excepted declared: always refused
    ],
)
def test_regulated_battery_needs_packing_group_ii_packaging(
    category: str, spec: str, passes: bool
) -> None:
    battery = line(packaging_category=category, packaging_spec=spec)
    assert rules(check_sp188(consignment(battery), POLICY)) == (
        [] if passes else ["dg.sp188_packaging"]
    )


@pytest.mark.parametrize(
    ("overrides", "paths"),
    [
        ({"watt_hours": None}, ["items.0.dangerous_goods.watt_hours"]),
        ({"battery_kind": None}, ["items.0.dangerous_goods.battery_kind"]),
        (
            {"tariff_code": "8506500010", "un_number": "UN3090", "chemistry": METAL},
            ["items.0.dangerous_goods.lithium_grams"],
        ),
        (
            {"battery_kind": None, "watt_hours": None},
            ["items.0.dangerous_goods.battery_kind", "items.0.dangerous_goods.watt_hours"],
        ),
    ],
)
def test_missing_battery_facts_are_findings(overrides: dict[str, Any], paths: list[str]) -> None:
    found = check_sp188(consignment(line(**overrides)), POLICY)
    assert [f.path for f in found] == paths
    assert set(rules(found)) == {"dg.sp188_facts"}


def test_vehicles_and_other_dangerous_goods_are_not_sp188_batteries() -> None:
    vehicle = line(tariff_code="8703800000", un_number="UN3556", watt_hours=None)
    paint = line(tariff_code="3208100000", un_number="UN1263", watt_hours=None)
    assert check_sp188(consignment(vehicle, paint), POLICY) == []


# --- certificates on the shipping date --------------------------------------------------------


def test_month_arithmetic_clamps_to_month_ends() -> None:
    assert add_months(date(2026, 8, 20), 3) == date(2026, 11, 20)
    assert add_months(date(2026, 5, 31), 3) == date(2026, 8, 31)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2025, 11, 20), 12) == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("mode", "issued", "ship", "expected"),
    [
        (TransportMode.AIR, date(2026, 8, 20), date(2026, 11, 20), []),  # limit day
        (TransportMode.AIR, date(2026, 8, 20), date(2026, 11, 21), ["dg.appraisal_validity"]),
        (TransportMode.SEA, date(2025, 11, 20), date(2026, 11, 20), []),  # limit day
        (TransportMode.SEA, date(2025, 11, 20), date(2026, 11, 21), ["dg.appraisal_validity"]),
        (TransportMode.RAIL, date(2025, 11, 20), date(2026, 11, 20), []),
        (TransportMode.ROAD, date(2025, 11, 20), date(2026, 11, 21), ["dg.appraisal_validity"]),
    ],
)
def test_usage_appraisal_validity_depends_on_the_transport_mode(
    mode: TransportMode, issued: date, ship: date, expected: list[str]
) -> None:
    c = consignment(mode=mode, ship=ship, documents=full_documents(appraisal_issued=issued))
    found = check_documents(c, POLICY)
    assert rules(found) == expected
    if found:
        assert found[0].path == "documents.2.issue_date"


@pytest.mark.parametrize(
    ("performance_until", "expected"),
    [
        (date(2026, 11, 20), []),
        (date(2026, 11, 19), ["dg.document_expired", "dg.appraisal_beyond_performance"]),
    ],
)
def test_usage_appraisal_is_never_valid_beyond_the_performance_sheet(
    performance_until: date, expected: list[str]
) -> None:
    documents = full_documents(
        appraisal_issued=date(2026, 9, 1),
        performance_until=performance_until,
        appraisal_until=date(2027, 8, 31),
    )
    found = check_documents(consignment(documents=documents), POLICY)
    assert rules(found) == expected
    if found:
        assert [f.path for f in found] == ["documents.1.valid_until", "documents.2.valid_until"]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_certificate_issued_after_the_shipping_date_fails(which: int) -> None:
    documents = list(full_documents())
    documents[which] = replace(documents[which], issue_date=date(2026, 11, 21))
    found = check_documents(consignment(documents=tuple(documents)), POLICY)
    assert ("dg.document_not_yet_valid", f"documents.{which}.issue_date") in [
        (f.rule, f.path) for f in found
    ]


def test_certificate_issued_on_the_shipping_date_is_valid() -> None:
    documents = tuple(replace(d, issue_date=SHIP) for d in full_documents())
    assert check_documents(consignment(documents=documents), POLICY) == []


@pytest.mark.parametrize(
    ("until", "expected"),
    [(date(2026, 11, 20), []), (date(2026, 11, 19), ["dg.document_expired"]), (None, [])],
)
def test_un38_3_summary_valid_through_its_stated_day(
    until: date | None, expected: list[str]
) -> None:
    documents = list(full_documents())
    documents[0] = replace(documents[0], valid_until=until)
    found = check_documents(consignment(documents=tuple(documents)), POLICY)
    assert rules(found) == expected


@pytest.mark.parametrize("missing", [0, 1, 2])
def test_each_certificate_must_be_attached(missing: int) -> None:
    documents = tuple(d for n, d in enumerate(full_documents()) if n != missing)
    found = check_documents(consignment(documents=documents), POLICY)
    assert rules(found) == ["dg.document_missing"]
    assert found[0].path == "documents"


def test_excepted_batteries_need_only_the_un38_3_summary() -> None:
    small = line(battery_kind=CELL, watt_hours=Decimal("12.5"), packaging_category="excepted")
    assert check_documents(consignment(small, documents=full_documents()[:1]), POLICY) == []
    unknown = line(watt_hours=None)  # not shown to be excepted: packaging sheets needed
    assert rules(check_documents(consignment(unknown, documents=full_documents()[:1]), POLICY)) == [
        "dg.document_missing",
        "dg.document_missing",
    ]


def test_performance_sheet_must_state_its_validity() -> None:
    found = check_documents(consignment(documents=full_documents(performance_until=None)), POLICY)
    assert rules(found) == ["dg.document_validity"]
    assert found[0].path == "documents.1.valid_until"


def test_one_valid_copy_is_enough_and_doc_type_aliases_count() -> None:
    documents = (
        doc(0, "UN38.3", date(2023, 10, 10)),
        *full_documents()[1:],
        doc(3, "usage_appraisal_sheet", date(2025, 1, 1)),  # an old, expired one as well
    )
    assert check_documents(consignment(documents=documents), POLICY) == []


def test_no_certificates_needed_without_lithium_lines() -> None:
    paint = line(tariff_code="3208100000", un_number="UN1263")
    assert check_documents(consignment(paint, documents=()), POLICY) == []


# --- state of charge ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("un", "mode", "ship", "soc", "fails"),
    [
        ("UN3480", TransportMode.AIR, SHIP, "30", False),
        ("UN3480", TransportMode.AIR, SHIP, "30.01", True),
        ("UN3480", TransportMode.AIR, SHIP, None, True),
        ("UN3480", TransportMode.RAIL, SHIP, "80", False),
        ("UN3481", TransportMode.AIR, date(2025, 12, 31), "80", False),
        ("UN3481", TransportMode.AIR, date(2026, 1, 1), "30", False),
        ("UN3481", TransportMode.AIR, date(2026, 1, 1), "30.01", True),
        ("UN3556", TransportMode.AIR, date(2026, 1, 1), "45", True),
        ("UN3090", TransportMode.AIR, SHIP, None, False),
    ],
)
def test_state_of_charge_where_required(
    un: str, mode: TransportMode, ship: date, soc: str | None, fails: bool
) -> None:
    battery = line(
        un_number=un,
        tariff_code="8703800000"
        if un == "UN3556"
        else "8506500010"
        if un == "UN3090"
        else "8507600010",
        chemistry=METAL if un == "UN3090" else ION,
        state_of_charge_pct=Decimal(soc) if soc is not None else None,
    )
    found = check_state_of_charge(consignment(battery, mode=mode, ship=ship), POLICY)
    assert rules(found) == (["dg.state_of_charge"] if fails else [])
    if found:
        assert found[0].path == "items.0.dangerous_goods.state_of_charge_pct"


def test_state_of_charge_maximum_is_configurable() -> None:
    battery = line(state_of_charge_pct=Decimal("25"))
    strict = replace(POLICY, max_state_of_charge=Decimal("20"))
    c = consignment(battery, mode=TransportMode.AIR)
    assert check_state_of_charge(c, POLICY) == []
    assert rules(check_state_of_charge(c, strict)) == ["dg.state_of_charge"]


# --- damaged batteries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damaged", "mode", "expected"),
    [
        (False, TransportMode.ROAD, []),
        (True, TransportMode.ROAD, ["dg.damaged"]),
        (True, TransportMode.AIR, ["dg.damaged"]),
    ],
)
def test_damaged_batteries_are_flagged(
    damaged: bool, mode: TransportMode, expected: list[str]
) -> None:
    found = check_damaged(consignment(line(damaged=damaged), mode=mode), POLICY)
    assert rules(found) == expected
    if found:
        assert "P908" in found[0].message and "P911" in found[0].message
        assert ("aircraft" in found[0].message) is (mode is TransportMode.AIR)
