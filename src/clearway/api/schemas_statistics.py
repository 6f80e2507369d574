"""Response shapes of trade statistics and the Time Release Study."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ScopePublic(_Out):
    flow: str | None
    date_from: date | None
    date_to: date | None
    office_code: str | None
    enterprise_id: int | None
    credit_level: str | None
    facilitation_mode: str | None
    transport_mode: str | None


class TradeFiguresPublic(_Out):
    declarations: int
    items: int
    value_cny: Decimal
    value_usd: Decimal | None
    statistical_value_cny: Decimal
    statistical_value_usd: Decimal | None
    net_weight_kg: Decimal
    net_weight_t: Decimal
    quantity: Decimal | None
    unit: str | None


class TradeRowPublic(_Out):
    keys: dict[str, str]
    labels: dict[str, str]
    figures: TradeFiguresPublic


class TradeTablePublic(BaseModel):
    scope: ScopePublic
    group_by: list[str]
    hs_prefix: str | None
    country: str | None
    heading: str
    trade_mode: str | None
    counted_statuses: list[str]
    rows: list[TradeRowPublic]
    total: TradeFiguresPublic


class DurationFiguresPublic(_Out):
    count: int
    mean_hours: float | None
    median_hours: float | None
    p90_hours: float | None


class SegmentPublic(_Out):
    segment: str
    label: str
    figures: DurationFiguresPublic


class BreakdownRowPublic(_Out):
    key: str
    figures: DurationFiguresPublic


class BreakdownPublic(_Out):
    dimension: str
    rows: list[BreakdownRowPublic]


class ReleaseSummaryPublic(BaseModel):
    scope: ScopePublic
    lane: str | None
    lodged: int
    released: int
    started_at_lodgement: int
    pre_arrival: int
    release_time: DurationFiguresPublic
    segments: list[SegmentPublic]
    breakdowns: list[BreakdownPublic]


class SegmentChangePublic(_Out):
    segment: str
    before_mean_hours: float | None
    after_mean_hours: float | None
    times_faster: float | None


class ComparisonPublic(BaseModel):
    before: ReleaseSummaryPublic
    after: ReleaseSummaryPublic
    mean_times_faster: float | None
    median_times_faster: float | None
    segments: list[SegmentChangePublic]


class CurvePointPublic(_Out):
    hours: float
    released_within: int
    share: float


class CurvePublic(_Out):
    released: int
    points: list[CurvePointPublic]


class DeclarationTimesPublic(_Out):
    number: str
    flow: str
    office_code: str
    trader_id: int
    declaration_date: date
    lane: str | None
    credit_level: str
    facilitation_mode: str  # derived: the measures joined by "+", or standard
    facilitation_measures: list[str]
    transport_mode: str
    arrival: str
    release_hours: float | None
    milestones: dict[str, datetime | None]
    segments: dict[str, float | None]


class OutliersPublic(_Out):
    rule: str
    released: int
    q1_hours: float | None
    q3_hours: float | None
    fence_hours: float | None
    count: int
    listed: list[DeclarationTimesPublic]
