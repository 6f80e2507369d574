"""Time rules of two-step and centralized declaration: anchors, deadlines, months."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clearway.shared.errors import RuleViolation
from clearway.supervision.rules import (
    LineConditions,
    add_months,
    centralized_scope_errors,
    complete_due,
    consolidation_due,
    ensure_export_list_in_time,
    ensure_import_list_in_time,
    ensure_period,
    is_late,
    period_of,
    summary_flag_errors,
    two_step_anchor,
)

T0 = datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
ZONE = "Asia/Shanghai"


def test_entry_anchor_is_the_earliest_manifest_or_arrival_else_release() -> None:
    manifest, arrival, release = T0 - timedelta(hours=30), T0, T0 + timedelta(hours=2)
    assert two_step_anchor("entry", [arrival, manifest], release) == manifest
    assert two_step_anchor("entry", [], release) == release
    assert two_step_anchor("entry", [], None) is None
    assert two_step_anchor("release", [manifest], release) == release


def test_complete_is_due_fourteen_days_after_the_anchor_to_the_second() -> None:
    due = complete_due(T0, 14)
    assert due == datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    assert not is_late(due - timedelta(seconds=1), due)
    assert not is_late(due, due)
    assert is_late(due + timedelta(seconds=1), due)


@pytest.mark.parametrize(("late", "refused"), [(-1, False), (0, False), (1, True)])
def test_import_list_deadline(late: int, refused: bool) -> None:
    now = T0 + timedelta(days=14, seconds=late)
    if refused:
        with pytest.raises(RuleViolation) as error:
            ensure_import_list_in_time(now, T0, 14)
        assert error.value.errors[0].rule == "centralized.import_list_deadline"
    else:
        ensure_import_list_in_time(now, T0, 14)


def test_an_import_list_cannot_precede_the_entry() -> None:
    with pytest.raises(RuleViolation) as error:
        ensure_import_list_in_time(T0, T0 + timedelta(seconds=1), 14)
    assert error.value.errors[0].rule == "centralized.entry_in_future"


@pytest.mark.parametrize(("early", "refused"), [(1, False), (0, False), (-1, True)])
def test_export_list_lead_time(early: int, refused: bool) -> None:
    loading = T0 + timedelta(hours=24)
    now = T0 - timedelta(seconds=early)
    if refused:
        with pytest.raises(RuleViolation) as error:
            ensure_export_list_in_time(now, loading, 24)
        assert error.value.errors[0].rule == "centralized.export_list_lead_time"
    else:
        ensure_export_list_in_time(now, loading, 24)


def test_months_are_read_in_the_district_zone() -> None:
    # 30 November 16:30 UTC is already 1 December in Asia/Shanghai.
    assert period_of(datetime(2026, 11, 30, 16, 30, tzinfo=UTC), ZONE) == "2026-12"
    assert period_of(datetime(2026, 11, 30, 15, 59, tzinfo=UTC), ZONE) == "2026-11"


def test_consolidation_deadlines_by_regime() -> None:
    # General trade: by the end of the 10th of the next month; bonded goods: by month-end.
    assert consolidation_due("2026-11", 10, ZONE) == datetime(2026, 12, 10, 16, tzinfo=UTC)
    assert consolidation_due("2026-12", 0, ZONE) == datetime(2026, 12, 31, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("period", "days", "months", "within_year", "expected"),
    [
        # Bonded goods: by the end of the following month (GACC Decree 169 art. 11).
        ("2026-11", 0, 1, False, datetime(2026, 12, 31, 16, tzinfo=UTC)),
        ("2026-12", 0, 1, False, datetime(2027, 1, 31, 16, tzinfo=UTC)),
        ("2027-01", 0, 1, False, datetime(2027, 2, 28, 16, tzinfo=UTC)),
        # General trade: by the 10th, but never across the calendar year.
        ("2026-11", 10, 0, True, datetime(2026, 12, 10, 16, tzinfo=UTC)),
        ("2026-12", 10, 0, True, datetime(2026, 12, 31, 16, tzinfo=UTC)),
        ("2026-12", 10, 0, False, datetime(2027, 1, 10, 16, tzinfo=UTC)),
    ],
)
def test_consolidation_deadline_months_and_year_end(
    period: str, days: int, months: int, within_year: bool, expected: datetime
) -> None:
    assert consolidation_due(period, days, ZONE, months, within_year) == expected


def test_centralized_scope_follows_decree_169() -> None:
    allowed = ["dangerous_goods", "perishable", "publications", "bonded_road"]
    assert centralized_scope_errors("perishable", allowed, "rail", "general_trade", "7909") == []
    assert centralized_scope_errors("bonded_road", allowed, "road", "bonded", "7909") == []
    refused = centralized_scope_errors("general", allowed, "rail", "general_trade", "7909")
    assert [(e.path, e.rule) for e in refused] == [("goods_category", "centralized.goods_category")]
    both = centralized_scope_errors("bonded_road", allowed, "rail", "general_trade", "7909")
    assert [e.path for e in both] == ["transport_mode", "regime"]
    assert centralized_scope_errors("general", [*allowed, "general"], "rail", "x", "7909") == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 20), 3, date(2027, 2, 20)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 0, date(2026, 12, 15)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-11", "2026-11-01", "november"])
def test_bad_periods_are_refused(bad: str) -> None:
    with pytest.raises(RuleViolation):
        ensure_period(bad)


ORE = LineConditions(1, "2601111000", "A")
LICENSED = LineConditions(2, "8471300000", "7A")
FREE = LineConditions(3, "8507600030", "")


@pytest.mark.parametrize(
    ("lines", "licence", "inspection", "number", "expected"),
    [
        ([ORE], False, True, None, []),
        ([ORE], False, False, None, [("inspection_required", "two_step.statutory_inspection")]),
        ([FREE], False, False, None, []),
        ([FREE], True, True, "L-1", []),  # saying more than the tariff asks is caution
        ([FREE], True, False, None, [("licence_number", "two_step.licence_number")]),
        ([ORE, LICENSED], True, True, "L-1", []),
        (
            [ORE, LICENSED],
            False,
            False,
            " ",
            [
                ("inspection_required", "two_step.statutory_inspection"),
                ("licence_required", "two_step.licence_required"),
                ("licence_number", "two_step.licence_number"),
            ],
        ),
    ],
)
def test_summary_flags_are_checked_against_supervision_conditions(
    lines: list[LineConditions],
    licence: bool,
    inspection: bool,
    number: str | None,
    expected: list[tuple[str, str]],
) -> None:
    errors = summary_flag_errors(lines, licence, inspection, number, ["A", "B"])
    assert [(e.path, e.rule) for e in errors] == expected


def test_a_lists_goods_must_be_its_filings_category() -> None:
    from clearway.supervision.goods_categories import prefixes_of
    from clearway.supervision.model import GoodsCategory
    from clearway.supervision.rules import category_goods_errors

    fruit = prefixes_of(GoodsCategory.PERISHABLE, date(2008, 3, 1))
    assert "08" in fruit and prefixes_of(GoodsCategory.PERISHABLE, date(2008, 2, 29)) == []
    assert category_goods_errors("perishable", [("0805100000", False)], fruit) == []
    ore = category_goods_errors("perishable", [("0805100000", False), ("2601111000", False)], fruit)
    assert [(e.path, e.rule) for e in ore] == [
        ("items[1].tariff_code", "centralized.goods_category_mismatch")
    ]
    books = prefixes_of(GoodsCategory.PUBLICATIONS, date(2026, 11, 20))
    assert category_goods_errors("publications", [("4901990000", False)], books) == []
    assert category_goods_errors("publications", [("4911100000", False)], books)  # posters
    assert category_goods_errors("dangerous_goods", [("8507600030", True)], []) == []
    undeclared = category_goods_errors("dangerous_goods", [("8507600030", False)], [])
    assert [e.path for e in undeclared] == ["items[0].dangerous_goods"]
    for scoped in ("general", "bonded_road"):  # scoped by the filing, not the goods
        assert category_goods_errors(scoped, [("2601111000", False)], []) == []


def test_the_category_goods_table_refuses_bad_rows() -> None:
    from clearway.supervision.goods_categories import parse_category_goods

    header = "category,hs_prefix,valid_from,valid_to,note\n"
    with pytest.raises(RuleViolation) as refused:
        parse_category_goods(header + "fruit,08,2008-03-01,,\nperishable,8,2008-03-01,,\n")
    assert {e.rule for e in refused.value.errors} == {"category", "hs_prefix"}
    with pytest.raises(RuleViolation):  # one prefix, two periods at once
        parse_category_goods(header + "perishable,08,2008-03-01,,\nperishable,08,2010-01-01,,\n")
