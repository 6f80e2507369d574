"""The facts a risk rule may test, and the screening context that carries them.

Rules are written by risk officers, not programmers, so the set of fields is closed and flat:
``header.*`` (the declaration header), ``item.*`` (any item: a rule hits when one item satisfies
all its criteria), ``enterprise.*`` (the trader and broker as customs knows them on the
declaration date) and ``history.*`` (what the parties declared before). Each field has a type
that decides which operators make sense, and the kinds of named list it may be compared with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from clearway.declarations.model import FacilitationMode, Flow, TransportMode
from clearway.enterprises.model import CreditLevel


class FieldType(StrEnum):
    TEXT = "text"
    ENUM = "enum"
    NUMBER = "number"
    BOOLEAN = "boolean"


class ListKind(StrEnum):
    """What a named list holds; a rule may only compare a field with lists of a fitting kind."""

    ENTERPRISES = "enterprises"  # customs codes or USCCs
    COUNTRIES = "countries"  # ISO alpha-2
    TARIFF_LINES = "tariff_lines"  # tariff code prefixes (2 to 10 digits)
    BRANDS = "brands"  # words looked for in goods names and specifications
    PARTIES = "parties"  # overseas sellers and buyers
    UN_NUMBERS = "un_numbers"  # dangerous goods UN numbers
    VALUE_BANDS = "value_bands"  # the value control file: unit-value bands per line and origin


@dataclass(frozen=True)
class FieldSpec:
    """One testable fact: its name, type, allowed values and the list kinds it matches."""

    name: str
    type: FieldType
    label: str
    choices: tuple[str, ...] = ()
    list_kinds: tuple[ListKind, ...] = ()


def _f(
    name: str,
    type_: FieldType,
    label: str,
    choices: Sequence[str] = (),
    lists: Sequence[ListKind] = (),
) -> FieldSpec:
    return FieldSpec(name, type_, label, tuple(choices), tuple(lists))


T, E, N, B = FieldType.TEXT, FieldType.ENUM, FieldType.NUMBER, FieldType.BOOLEAN
K = ListKind
_LEVELS = [c.value for c in CreditLevel]

FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in (
        _f("header.flow", E, "flow", [x.value for x in Flow]),
        _f("header.office_code", T, "customs office"),
        _f("header.port_code", T, "port"),
        _f("header.transport_mode", E, "transport mode", [x.value for x in TransportMode]),
        _f("header.transport_means", T, "transport means"),
        _f("header.supervision_mode", T, "supervision mode"),
        _f("header.trade_country", T, "trade country", lists=[K.COUNTRIES]),
        _f("header.currency", T, "currency"),
        _f("header.total_value", N, "total value (CNY)"),
        _f("header.gross_weight", N, "gross weight (kg)"),
        _f("header.net_weight", N, "net weight (kg)"),
        _f("header.packages", N, "packages"),
        _f("header.item_count", N, "number of items"),
        _f("header.overseas_party", T, "overseas party", lists=[K.PARTIES]),
        _f("header.facilitation_mode", E, "facilitation mode", [x.value for x in FacilitationMode]),
        _f("header.facilitation_measures", T, "facilitation measures (key: ,m1,m2,)"),
        _f("item.tariff_code", T, "tariff code", lists=[K.TARIFF_LINES]),
        _f("item.hs6", T, "HS subheading", lists=[K.TARIFF_LINES]),
        _f("item.goods_name", T, "goods name", lists=[K.BRANDS]),
        _f("item.specification", T, "specification", lists=[K.BRANDS]),
        _f("item.origin_country", T, "origin", lists=[K.COUNTRIES]),
        _f("item.mainstream_ore_origin", B, "ore from a mainstream origin (dated reference list)"),
        _f("item.destination_country", T, "destination", lists=[K.COUNTRIES]),
        _f("item.quantity", N, "quantity"),
        _f("item.unit", T, "unit"),
        _f("item.net_weight", N, "item net weight (kg)"),
        _f("item.gross_weight", N, "item gross weight (kg)"),
        _f("item.value", N, "item value (CNY)"),
        _f("item.unit_value", N, "unit value (CNY per kg net)", lists=[K.VALUE_BANDS]),
        _f("item.is_dangerous_goods", B, "dangerous goods"),
        _f("item.dg_un_number", T, "UN number", lists=[K.UN_NUMBERS]),
        _f("item.dg_packaging_category", T, "DG packaging category"),
        _f("item.ore_grain_size_class", T, "ore grain size class"),
        _f("item.ore_fe_pct", N, "declared Fe %"),
        _f("item.ore_moisture_pct", N, "declared moisture %"),
        _f("enterprise.credit_level", E, "trader credit level", _LEVELS),
        _f("enterprise.trader_code", T, "trader customs code", lists=[K.ENTERPRISES]),
        _f("enterprise.trader_uscc", T, "trader USCC", lists=[K.ENTERPRISES]),
        _f("enterprise.trader_age_days", N, "days since the trader registered"),
        _f("enterprise.has_broker", B, "declared through a broker"),
        _f("enterprise.broker_code", T, "broker customs code", lists=[K.ENTERPRISES]),
        _f("enterprise.broker_credit_level", E, "broker credit level", [*_LEVELS, ""]),
        _f("history.trader_declarations", N, "trader's earlier declarations"),
        _f("history.trader_red_lanes", N, "trader's earlier red-lane declarations"),
        _f("history.trader_nonconform", N, "trader's earlier nonconform declarations"),
        _f("history.broker_declarations", N, "broker's earlier declarations"),
    )
}

HISTORY_FIELDS = frozenset(n for n in FIELDS if n.startswith("history."))


@dataclass
class ScreeningContext:
    """Plain facts about one declaration: header, items, enterprise and history, by field name.

    Built from a declaration by :mod:`clearway.risk.context`; rules and tests only read it.
    Missing facts (no broker, no ore block, no exchange rate) are ``None`` and never match.
    """

    number: str
    header: Mapping[str, Any]
    items: Sequence[Mapping[str, Any]]
    enterprise: Mapping[str, Any] = field(default_factory=dict)
    history: Mapping[str, Any] = field(default_factory=dict)
    _facts: list[dict[str, Any]] | None = field(default=None, repr=False)

    def item_facts(self) -> list[dict[str, Any]]:
        """One flat mapping per item: the item's facts plus every declaration-level fact."""
        if self._facts is None:
            shared = {**self.header, **self.enterprise, **self.history}
            self._facts = [{**shared, **item} for item in self.items] or [shared]
        return self._facts
