"""What trade statistics answer: figures per group, the rows, the table and its export."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from clearway.statistics.commands import TradeDimension, TradeQuery
from clearway.statistics.export import Sheet
from clearway.statistics.facts import COUNTED

D = TradeDimension
CENT = Decimal("0.01")
GRAM = Decimal("0.001")
QUANTITY_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class TradeFigures:
    """What one group of trade adds up to."""

    declarations: int
    items: int
    value_cny: Decimal
    value_usd: Decimal | None  # None when an item's date has no USD rate
    statistical_value_cny: Decimal  # FOB for exports, CIF for imports
    statistical_value_usd: Decimal | None
    net_weight_kg: Decimal
    quantity: Decimal | None  # the statistical quantity; None when the units differ
    unit: str | None

    @property
    def net_weight_t(self) -> Decimal:
        return (self.net_weight_kg / 1000).quantize(GRAM)


@dataclass(frozen=True)
class TradeRow:
    keys: dict[str, str]  # dimension → key ("2024-01", "85", "KZ", enterprise id …)
    labels: dict[str, str]  # dimension → readable name, where there is one
    figures: TradeFigures


@dataclass(frozen=True)
class TradeTable:
    """The answer to a :class:`TradeQuery`: its rows in order and the total of the scope."""

    query: TradeQuery
    rows: list[TradeRow]
    total: TradeFigures
    counted_statuses: tuple[str, ...] = field(default=tuple(s.value for s in COUNTED))

    def sheets(self) -> list[Sheet]:
        columns: list[str] = []
        for d in self.query.group_by:
            columns += [d.value, f"{d.value}_name"] if d in NAMED else [d.value]
        rows: list[list[Any]] = []
        for r in self.rows:
            keys: list[Any] = []
            for d in self.query.group_by:
                keys += [r.keys[d], r.labels.get(d, "")] if d in NAMED else [r.keys[d]]
            rows.append([*keys, *_measures(r.figures)])
        lead = ["total", *([""] * (len(columns) - 1))] if columns else []
        rows.append([*lead, *_measures(self.total)])
        return [Sheet("trade", [*columns, *MEASURE_COLUMNS], rows)]


# Dimensions whose keys have a readable name beside them (an office, an enterprise, a code).
NAMED = frozenset(
    {
        D.OFFICE,
        D.TRADE_MODE,
        D.ENTERPRISE,
        D.HS_CHAPTER,
        D.HS_HEADING,
        D.HS_SUBHEADING,
        D.HS_LINE,
        D.ORIGIN_COUNTRY,
        D.DESTINATION_COUNTRY,
        D.PARTNER_COUNTRY,
    }
)
MEASURE_COLUMNS = (
    "declarations",
    "items",
    "value_cny",
    "value_usd",
    "statistical_value_cny",
    "statistical_value_usd",
    "net_weight_kg",
    "net_weight_t",
    "quantity",
    "unit",
)


def _measures(f: TradeFigures) -> list[Any]:
    return [
        f.declarations,
        f.items,
        f.value_cny,
        f.value_usd,
        f.statistical_value_cny,
        f.statistical_value_usd,
        f.net_weight_kg,
        f.net_weight_t,
        f.quantity,
        f.unit or ("mixed" if f.items else ""),
    ]


def fold(parts: list[TradeFigures]) -> TradeFigures:
    """Add up groups that share no declaration."""
    units = {p.unit for p in parts if p.items}
    same = len(units) == 1 and None not in units and all(p.quantity is not None for p in parts)
    counted = [p for p in parts if p.items]
    return TradeFigures(
        declarations=sum(p.declarations for p in parts),
        items=sum(p.items for p in parts),
        value_cny=sum((p.value_cny for p in parts), Decimal(0)).quantize(CENT),
        value_usd=_known_sum([p.value_usd for p in counted]),
        statistical_value_cny=sum((p.statistical_value_cny for p in parts), Decimal(0)).quantize(
            CENT
        ),
        statistical_value_usd=_known_sum([p.statistical_value_usd for p in counted]),
        net_weight_kg=sum((p.net_weight_kg for p in parts), Decimal(0)).quantize(GRAM),
        quantity=sum((p.quantity or Decimal(0) for p in parts), Decimal(0)) if same else None,
        unit=units.pop() if same else None,
    )


def _known_sum(values: list[Decimal | None]) -> Decimal | None:
    """The sum when every part is known, else None (a USD figure is never understated)."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)).quantize(CENT) if len(known) == len(values) else None
