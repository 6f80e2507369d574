"""Trade statistics and the Time Release Study on SQLite and PostgreSQL, from real lifecycles.

Declarations go through the services on a controlled clock; the read models follow through the
session listener, and the figures are checked against hand-computed values (and, for the
release times, against the pure computation in ``trs.py``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations.model import Flow, Lane
from clearway.declarations.queries import get_visible
from clearway.reference import services as reference
from clearway.reference.model import ExchangeRate
from clearway.shared.errors import NotFound
from clearway.statistics import commands, facts, release_analysis, release_time, trade, trs
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery, TradeDimension
from clearway.statistics.tables import release_facts, trade_facts
from tests.builders import ADMIN, INSPECTOR, RISK, District, battery_item
from tests.builders import seed_district as seed
from tests.statistics_support import (
    GREEN_EXPORT,
    T0,
    C,
    act,
    clear,
    customs_trade,
    recertify,
)


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed(platform)


def test_trade_counts_declarations_released_or_later(
    platform: Platform, district: District
) -> None:
    lodged_only = clear(platform, district, T0, {C.SUBMIT: 0})
    released = clear(platform, district, T0, GREEN_EXPORT)
    assert customs_trade(platform).total.declarations == 1
    act(platform, released, C.EXIT, INSPECTOR, T0 + timedelta(hours=5))
    act(platform, released, C.CLOSE, INSPECTOR, T0 + timedelta(hours=9))
    total = customs_trade(platform).total
    assert (total.declarations, total.value_cny, total.net_weight_kg) == (
        1, Decimal("420000.00"), Decimal("5800.000")
    )  # fmt: skip
    with platform.sessions() as s:
        rows = s.execute(select(release_facts.c.declaration_id, release_facts.c.status)).all()
    assert sorted(rows) == sorted([(lodged_only, "submitted"), (released, "closed")])


def test_values_convert_at_the_rates_in_force_on_the_declaration_date(
    platform: Platform, district: District
) -> None:
    eur = {"currency": "EUR", "items": [battery_item("1000.00")]}
    clear(platform, district, datetime(2024, 6, 30, 3, tzinfo=UTC), GREEN_EXPORT, **eur)
    clear(platform, district, datetime(2024, 7, 1, 3, tzinfo=UTC), GREEN_EXPORT, **eur)
    rows = customs_trade(platform, group_by="month").rows
    june, july = (r.figures for r in rows)
    # EUR 7.8590 and USD 7.2200 until June; EUR 7.7600 and USD 7.1300 from 1 July.
    assert (june.value_cny, june.value_usd) == (Decimal("7859.00"), Decimal("1088.50"))
    assert (july.value_cny, july.value_usd) == (Decimal("7760.00"), Decimal("1088.36"))
    # A corrected rate re-prices the declarations it applies to, in the same transaction.
    with platform.uow() as uow:
        reference.load_exchange_rates(
            uow, [ExchangeRate("USD", date(2024, 7, 1), Decimal("7.7600"))], ADMIN, T0
        )
    july = customs_trade(platform, group_by="month").rows[1].figures
    assert july.value_usd == Decimal("1000.00")


def test_credit_level_is_the_one_in_force_on_the_declaration_date(
    platform: Platform, district: District
) -> None:
    clear(platform, district, datetime(2024, 4, 30, 3, tzinfo=UTC), GREEN_EXPORT)
    clear(platform, district, datetime(2024, 5, 2, 3, tzinfo=UTC), GREEN_EXPORT)
    before = customs_trade(platform, group_by="credit_level").rows
    assert [(r.keys["credit_level"], r.figures.declarations) for r in before] == [
        ("advanced_certified", 2)
    ]
    # Recorded afterwards, effective from 1 May.
    recertify(platform, district.exporter_id, date(2024, 5, 1))
    after = customs_trade(platform, group_by="credit_level").rows
    assert [(r.keys["credit_level"], r.figures.declarations) for r in after] == [
        ("advanced_certified", 1),
        ("certified", 1),
    ]


def test_grouping_filters_and_totals(platform: Platform, district: District) -> None:
    two_lines = [battery_item("100.00"), battery_item("50.00", tariff_code="8507600010")]
    clear(platform, district, T0, GREEN_EXPORT, items=two_lines)
    clear(platform, district, T0 + timedelta(days=40), GREEN_EXPORT)
    by_line = customs_trade(platform, group_by="month,hs_line", hs="850760")
    assert [(r.keys["month"], r.keys["hs_line"], r.figures.value_cny) for r in by_line.rows] == [
        ("2024-03", "8507600010", Decimal("50.00")),
        ("2024-03", "8507600030", Decimal("100.00")),
        ("2024-04", "8507600030", Decimal("420000.00")),
    ]
    assert by_line.rows[0].labels["hs_line"].startswith("电动汽车用锂离子蓄电池单体")
    # Items of one declaration fall in two groups; the total counts the declaration once.
    assert (by_line.total.declarations, by_line.total.items) == (2, 3)
    assert customs_trade(platform, hs="8506").total.declarations == 0
    quarter = customs_trade(platform, group_by="quarter,flow", flow=Flow.EXPORT)
    assert [(r.keys["quarter"], r.figures.declarations) for r in quarter.rows] == [
        ("2024-Q1", 1),
        ("2024-Q2", 1),
    ]
    march = customs_trade(platform, date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    assert march.total.value_cny == Decimal("150.00")
    assert march.total.unit == "pcs" and march.total.quantity == Decimal("4.0000")
    nothing = customs_trade(platform, date_from=date(2030, 1, 1), date_to=date(2030, 1, 31))
    assert (nothing.total.declarations, nothing.total.value_cny) == (0, Decimal("0.00"))


def test_each_party_sees_only_its_own_trade(platform: Platform, district: District) -> None:
    clear(platform, district, T0, GREEN_EXPORT)
    ore_hours = {C.SUBMIT: 0, C.ACCEPT: 1, C.ASSIGN_LANE: 1.5, C.ASSESS_DUTY: 2, C.PAY: 3,
                 C.RELEASE: 4}  # fmt: skip
    clear(platform, district, T0, ore_hours, flow="import", by=district.broker)
    clear(platform, district, T0, ore_hours, flow="import")
    query = commands.trade_query(commands.scope(), "flow")
    seen = {}
    with platform.sessions() as s:
        for who in ("exporter", "importer", "broker", "other_broker"):
            table = trade.trade(s, getattr(district, who), query)
            seen[who] = [r.keys["flow"] for r in table.rows]
        customs = trade.trade(s, RISK, query)
    assert seen == {
        "exporter": ["export"],
        "importer": ["import"],  # both: its own and the one its broker lodged
        "broker": ["import"],  # only the one it lodged under its mandate
        "other_broker": [],
    }
    assert [r.keys["flow"] for r in customs.rows] == ["export", "import"]


def _release_query(**scope: Any) -> ReleaseQuery:
    return ReleaseQuery(commands.scope(**scope))


def test_release_time_segments_from_the_timeline(platform: Platform, district: District) -> None:
    # Red-lane import lodged 2 h after arrival, inspected 3 h, paid, released.
    red = {C.RECORD_ARRIVAL: -2, C.SUBMIT: 0, C.ACCEPT: 0.5, C.ASSIGN_LANE: 1,
           C.BEGIN_INSPECTION: 3, C.ASSESS_DUTY: 6, C.PAY: 7, C.RELEASE: 7.5}  # fmt: skip
    red_ref = clear(platform, district, T0, red, flow="import", lane=Lane.RED)
    # Green import lodged 4 h before arrival (pre-arrival), released 1 h after arrival.
    pre = {C.SUBMIT: 0, C.ACCEPT: 0.25, C.ASSIGN_LANE: 0.5, C.RECORD_ARRIVAL: 4, C.ASSESS_DUTY: 4.5,
           C.PAY: 4.75, C.RELEASE: 5}  # fmt: skip
    clear(platform, district, T0, pre, flow="import")
    # Green export, no arrival recorded: measured from lodgement.
    clear(platform, district, T0, GREEN_EXPORT)
    with platform.sessions() as s:
        found = release_time.summary(s, RISK, _release_query(), [ReleaseDimension.ARRIVAL])
        times = release_analysis.declaration_times(s, RISK, _number(platform, red_ref))
    assert (found.lodged, found.released, found.started_at_lodgement, found.pre_arrival) == (
        3, 3, 1, 1
    )  # fmt: skip
    segments = {seg.segment: seg.figures for seg in found.segments}
    assert segments["release_time"].count == 3
    assert segments["release_time"].mean_hours == pytest.approx((9.5 + 1 + 2) / 3, abs=1e-3)
    assert segments["release_time"].median_hours == pytest.approx(2.0)
    assert segments["release_time"].p90_hours == pytest.approx(2 + 0.8 * 7.5, abs=1e-3)
    assert segments["arrival_to_lodgement"].count == 1  # not measured for pre-arrival lodgement
    assert segments["inspection"].mean_hours == pytest.approx(3.0)
    assert segments["risk_result_to_control"].mean_hours == pytest.approx(2.0)
    by_arrival = {r.key: r.figures.mean_hours for r in found.breakdowns[0].rows}
    assert by_arrival == {"after_arrival": 9.5, "no_arrival_recorded": 2.0, "pre_arrival": 1.0}
    assert times.arrival == "after_arrival" and times.release_hours == 9.5
    assert times.segments == {
        "arrival_to_lodgement": 2.0,
        "lodgement_to_acceptance": 0.5,
        "acceptance_to_risk_result": 0.5,
        "risk_result_to_control": 2.0,
        "inspection": 3.0,
        "control_to_duty_paid": 1.0,
        "to_release": 0.5,
        "release_time": 9.5,
    }
    with platform.sessions() as s, pytest.raises(NotFound):
        release_analysis.declaration_times(s, district.other_broker, _number(platform, red_ref))


def _number(platform: Platform, ref: int) -> str:
    with platform.sessions() as s:
        return get_visible(s, ADMIN, ref).number


def test_breakdowns_curve_outliers_and_comparison(platform: Platform, district: District) -> None:
    for n, release_after in enumerate([1, 1, 1, 2, 2, 2, 3, 50]):
        hours = {**GREEN_EXPORT, C.RELEASE: release_after}
        clear(platform, district, T0 + timedelta(days=n), hours)
    for n in range(3):  # a slow year before
        hours = {**GREEN_EXPORT, C.RELEASE: 40}
        clear(platform, district, datetime(2023, 3, 1 + n, 2, tzinfo=UTC), hours)
    march = _release_query(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))
    with platform.sessions() as s:
        by_lane = release_time.breakdown(s, RISK, march, ReleaseDimension.LANE)
        curve = release_analysis.curve(s, RISK, march, [1, 2, 24])
        slow = release_analysis.outliers(s, RISK, march)
        compared = release_analysis.compare(
            s, RISK, march, (date(2023, 1, 1), date(2023, 12, 31)), (T0.date(), date(2024, 3, 31))
        )
        overlapping = release_time.summaries(
            s,
            RISK,
            march,
            [(date(2024, 3, 1), date(2024, 3, 31)), (date(2024, 3, 6), date(2024, 3, 8))],
        )  # read one by one: a declaration may sit in both
    assert [(r.key, r.figures.count) for r in by_lane.rows] == [("green", 8)]
    assert [(p.hours, p.released_within, p.share) for p in curve.points] == [
        (1, 3, 0.375),
        (2, 6, 0.75),
        (24, 7, 0.875),
    ]
    # Q1 = 1.0 h, Q3 = 2.25 h: the fence is 2.25 + 3 × 1.25 = 6 h; only the 50 h one is beyond.
    assert (slow.q1_hours, slow.q3_hours, slow.fence_hours, slow.count) == (1.0, 2.25, 6.0, 1)
    assert [o.release_hours for o in slow.listed] == [50.0]
    assert compared.before.release_time.mean_hours == 40.0
    assert compared.after.release_time.mean_hours == pytest.approx(62 / 8)
    assert compared.mean_times_faster == round(40 / (62 / 8), 2)
    assert compared.median_times_faster == 20.0
    assert [o.released for o in overlapping] == [8, 3]
    assert overlapping[0].release_time == compared.after.release_time


def test_a_comparison_asking_only_the_release_time_quantiles_keeps_every_shown_figure(
    platform: Platform, district: District
) -> None:
    """The web panel's lighter comparison: the same counts, means and ratios; the medians and
    P90 of the release time only."""
    for n, release_after in enumerate([1, 2, 3, 50]):
        clear(
            platform, district, T0 + timedelta(days=n), {**GREEN_EXPORT, C.RELEASE: release_after}
        )
    clear(platform, district, datetime(2023, 3, 1, 2, tzinfo=UTC), {**GREEN_EXPORT, C.RELEASE: 40})
    periods = ((date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31)))
    with platform.sessions() as s:
        full = release_analysis.compare(s, RISK, _release_query(), *periods)
        lean = release_analysis.compare(
            s, RISK, _release_query(), *periods, quantiles=[trs.RELEASE_TIME.name]
        )
    assert (lean.mean_times_faster, lean.median_times_faster, lean.segments) == (
        full.mean_times_faster, full.median_times_faster, full.segments
    )  # fmt: skip
    for lean_period, full_period in ((lean.before, full.before), (lean.after, full.after)):
        assert lean_period.release_time == full_period.release_time
        assert lean_period.released == full_period.released
        for a, b in zip(lean_period.segments, full_period.segments, strict=True):
            assert (a.figures.count, a.figures.mean_hours) == (
                b.figures.count,
                b.figures.mean_hours,
            )
            if a.segment != trs.RELEASE_TIME.name:
                assert (a.figures.median_hours, a.figures.p90_hours) == (None, None)
    assert full.after.segments[1].figures.median_hours is not None


def test_sql_and_python_agree_on_every_segment(platform: Platform, district: District) -> None:
    """The SQL evaluation of the segments equals the pure one over the same milestones."""
    for n in range(6):
        hours = {C.RECORD_ARRIVAL: -1.5 * n, C.SUBMIT: 0, C.ACCEPT: 0.3 + n, C.ASSIGN_LANE: 1 + n,
                 C.BEGIN_DOCUMENT_CHECK: 2 + n, C.ASSESS_DUTY: 3 + 2 * n, C.PAY: 4 + 2 * n,
                 C.RELEASE: 5 + 3 * n}  # fmt: skip
        clear(platform, district, T0, hours, flow="import", lane=Lane.YELLOW)
    with platform.sessions() as s:
        found = release_time.summary(s, RISK, _release_query())
        rows = s.execute(select(release_facts)).mappings().all()
    for segment in trs.SEGMENTS:
        values = [
            trs.segment_seconds(segment, {m: r[f"{m.value.lower()}_at"] for m in trs.M})
            for r in rows
        ]
        expected = trs.describe(values, trs.SUMMARY_QUANTILES)
        got = next(x.figures for x in found.segments if x.segment == segment.name)
        assert (got.count, got.mean_hours, got.median_hours, got.p90_hours) == (
            expected.count,
            trs.hours(expected.mean),
            trs.hours(expected.q(0.5)),
            trs.hours(expected.q(0.9)),
        ), segment.name


def test_rebuild_gives_the_rows_the_listener_kept(platform: Platform, district: District) -> None:
    clear(platform, district, T0, GREEN_EXPORT)
    clear(platform, district, T0, {C.SUBMIT: 0, C.ACCEPT: 1}, flow="import")
    with platform.sessions() as s:
        kept = [
            s.execute(select(t).order_by(*t.primary_key)).all()
            for t in (release_facts, trade_facts)
        ]
    with platform.uow() as uow:
        assert facts.rebuild(uow.session.connection(), chunk=1) == 2
        uow.commit()
    with platform.sessions() as s:
        rebuilt = [
            s.execute(select(t).order_by(*t.primary_key)).all()
            for t in (release_facts, trade_facts)
        ]
    assert rebuilt == kept and len(kept[1]) == 1


def test_dimensions_cover_every_trade_grouping(platform: Platform, district: District) -> None:
    clear(platform, district, T0, GREEN_EXPORT)
    for dimension in TradeDimension:
        table = customs_trade(platform, group_by=dimension.value)
        assert len(table.rows) == 1 and table.total.declarations == 1, dimension


def test_monthly_sums_agree_with_the_item_facts(platform: Platform, district: District) -> None:
    """Whole months read ``trade_monthly``; a period ending mid-month reads the item facts."""
    for n in range(4):
        clear(platform, district, T0 + timedelta(days=9 * n), GREEN_EXPORT,
              items=[battery_item(f"{100 + n}.00"), battery_item("1.50")])  # fmt: skip
    clear(platform, district, T0, {C.SUBMIT: 0})  # lodged only: not counted
    for dimension in ("month", "enterprise", "credit_level", "facilitation_mode", "flow"):
        months = customs_trade(
            platform, group_by=dimension, date_from=date(2024, 3, 1), date_to=date(2024, 4, 30)
        )
        items = customs_trade(
            platform, group_by=dimension, date_from=date(2024, 3, 1), date_to=date(2024, 4, 29)
        )
        assert [(r.keys, r.figures) for r in months.rows] == [
            (r.keys, r.figures) for r in items.rows
        ], dimension
        assert months.total == items.total and months.total.declarations == 4
