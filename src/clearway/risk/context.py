"""Builds the screening context of a declaration from the database: the I/O side of rules.

Rules and selectivity are pure; this module gathers what they read — amounts converted to CNY
at the rate of the declaration date, the trader's credit level on that date, and the parties'
history strictly before the declaration was lodged — plus the model's canonical records.
Lookups are cached for the loader's lifetime so a backtest over many declarations stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from clearway.declarations.measures import key_of, mode_of
from clearway.declarations.model import Declaration, DeclarationItem, Lane
from clearway.declarations.tables import declarations
from clearway.enterprises.model import CreditLevel
from clearway.enterprises.tables import credit_records, enterprises
from clearway.reference.services import SessionReference, mainstream_ore_origins_on
from clearway.risk.catalogue import ScreeningContext
from clearway.risk.declaration_features import feature_records
from clearway.risk.outcomes import nonconform_clause

_LATEST = datetime.max.replace(tzinfo=UTC)
ORE_HEADING = "2601"

_e, _c = enterprises.c, credit_records.c
# An enterprise's codes, registration time and the credit level in force on a day; built once,
# as every screening asks it.
_PARTY = select(
    _e.customs_code,
    _e.uscc,
    _e.created_at,
    select(_c.level)
    .where(
        _c.enterprise_id == _e.id,
        _c.effective_from <= bindparam("day"),
        or_(_c.effective_to.is_(None), _c.effective_to > bindparam("day")),
    )
    .order_by(_c.effective_from)
    .limit(1)
    .scalar_subquery(),
).where(_e.id == bindparam("enterprise_id"))


@dataclass(frozen=True)
class Party:
    """What screening needs to know of a trader or broker on the declaration date."""

    customs_code: str
    uscc: str
    created_at: datetime
    level: CreditLevel


@dataclass
class LoadedContext:
    context: ScreeningContext
    records: list[dict[str, object]]
    credit_level: CreditLevel


class ContextLoader:
    """Reads what the rules and the scorer need about declarations, one session at a time."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Tariff lines through the factory's reference cache, as lodging reads them: screening
        # at submission then reads no tariff row the lodgement has just checked.
        self._reference = SessionReference(session)
        self._parties: dict[tuple[int, date], Party | None] = {}
        self._rates: dict[tuple[str, date], Decimal | None] = {}
        self._mfn: dict[tuple[str, date], Decimal | None] = {}
        self._origins: dict[date, frozenset[str]] = {}

    def load(
        self, declaration: Declaration, with_history: bool = True, with_records: bool = True
    ) -> LoadedContext:
        """The context rules read and (unless asked not to) the scorer's canonical records."""
        day = declaration.declaration_date
        rate = self._rate(declaration.currency, day)
        trader = self._party(declaration.trader_id, day)
        broker = self._party(declaration.broker_id, day)
        level = trader.level if trader else CreditLevel.REGULAR
        context = ScreeningContext(
            number=declaration.number,
            header=_header(declaration, rate),
            items=[self._with_origin(_item(item, rate), day) for item in declaration.items],
            enterprise=_enterprise_facts(trader, broker, level, day),
            history=self._history(declaration) if with_history else {},
        )
        if not with_records:
            return LoadedContext(context, [], level)
        mfn = {i.tariff_code: self._mfn_rate(i.tariff_code, day) for i in declaration.items}
        return LoadedContext(context, feature_records(declaration, rate, mfn), level)

    def _with_origin(self, facts: dict[str, Any], day: date) -> dict[str, Any]:
        """Whether an ore item's origin is on the dated mainstream list; None for other goods
        (their origin is no ore question, and they cost no query)."""
        mainstream: bool | None = None
        if str(facts["item.tariff_code"]).startswith(ORE_HEADING):
            if day not in self._origins:
                self._origins[day] = mainstream_ore_origins_on(self._session, day)
            mainstream = facts["item.origin_country"] in self._origins[day]
        facts["item.mainstream_ore_origin"] = mainstream
        return facts

    def _party(self, enterprise_id: int | None, day: date) -> Party | None:
        """Codes, registration time and the credit level in force on the day (one query)."""
        if enterprise_id is None:
            return None
        key = (enterprise_id, day)
        if key not in self._parties:
            found = self._session.execute(_PARTY, {"enterprise_id": enterprise_id, "day": day})
            row = found.first()
            self._parties[key] = (
                None
                if row is None
                else Party(row[0], row[1], row[2], CreditLevel(row[3] or CreditLevel.REGULAR))
            )
        return self._parties[key]

    def _rate(self, currency: str, day: date) -> Decimal | None:
        if currency == "CNY":
            return Decimal(1)
        key = (currency, day)
        if key not in self._rates:
            found = self._reference.exchange_rate_on(currency, day)
            self._rates[key] = found.cny_per_unit if found else None
        return self._rates[key]

    def _mfn_rate(self, code: str, day: date) -> Decimal | None:
        key = (code, day)
        if key not in self._mfn:
            line = self._reference.tariff_line_on(code, day)
            self._mfn[key] = line.mfn_rate if line else None
        return self._mfn[key]

    def _history(self, declaration: Declaration) -> dict[str, Any]:
        """Counts over the parties' declarations lodged strictly before this one."""
        d = declarations.c
        cutoff = declaration.lodged_at or _LATEST
        earlier = [d.lodged_at.is_not(None), d.lodged_at < cutoff, d.id != declaration.id]
        trader = self._session.execute(
            select(
                func.count(),
                func.count().filter(d.lane == Lane.RED.value),
                func.count().filter(nonconform_clause(d.id)),
            ).where(d.trader_id == declaration.trader_id, *earlier)
        ).one()
        broker = 0
        if declaration.broker_id is not None:
            broker = self._session.execute(
                select(func.count()).where(d.broker_id == declaration.broker_id, *earlier)
            ).scalar_one()
        return {
            "history.trader_declarations": float(trader[0]),
            "history.trader_red_lanes": float(trader[1]),
            "history.trader_nonconform": float(trader[2]),
            "history.broker_declarations": float(broker),
        }


def _cny(amount: Decimal, rate: Decimal | None) -> float | None:
    return None if rate is None else float(amount * rate)


def _header(d: Declaration, rate: Decimal | None) -> dict[str, Any]:
    return {
        "header.flow": d.flow.value,
        "header.office_code": d.office_code,
        "header.port_code": d.port_code,
        "header.transport_mode": d.transport_mode.value,
        "header.transport_means": d.transport_means,
        "header.supervision_mode": d.supervision_mode,
        "header.trade_country": d.trade_country,
        "header.currency": d.currency,
        "header.total_value": _cny(d.total_value, rate),
        "header.gross_weight": float(d.gross_weight),
        "header.net_weight": float(d.net_weight),
        "header.packages": float(d.packages),
        "header.item_count": float(len(d.items)),
        "header.overseas_party": d.overseas_party,
        # The one mode earlier rules compare with ``eq``; ``contains`` on the set's key (e.g.
        # ``,direct_pickup,``) finds a measure among stacked ones.
        "header.facilitation_mode": mode_of(d.facilitation_measures),
        "header.facilitation_measures": key_of(d.facilitation_measures),
    }


def _item(i: DeclarationItem, rate: Decimal | None) -> dict[str, Any]:
    value = _cny(i.value, rate)
    net = float(i.net_weight)
    return {
        "item.line_no": i.line_no,
        "item.tariff_code": i.tariff_code,
        "item.hs6": i.hs6,
        "item.goods_name": i.goods_name,
        "item.specification": i.specification,
        "item.origin_country": i.origin_country,
        "item.destination_country": i.destination_country,
        "item.quantity": float(i.quantity),
        "item.unit": i.unit,
        "item.net_weight": net,
        "item.gross_weight": float(i.gross_weight),
        "item.value": value,
        "item.unit_value": value / net if value is not None and net > 0 else None,
        "item.is_dangerous_goods": bool(i.dg_un_number),
        "item.dg_un_number": i.dg_un_number,
        "item.dg_packaging_category": i.dg_packaging_category,
        "item.ore_grain_size_class": i.ore_grain_size_class,
        "item.ore_fe_pct": float(i.ore_fe_pct) if i.ore_fe_pct is not None else None,
        "item.ore_moisture_pct": float(i.ore_moisture_pct)
        if i.ore_moisture_pct is not None
        else None,
    }


def _enterprise_facts(
    trader: Party | None, broker: Party | None, level: CreditLevel, day: date
) -> dict[str, Any]:
    age = float((day - trader.created_at.date()).days) if trader else None
    return {
        "enterprise.credit_level": level.value,
        "enterprise.trader_code": trader.customs_code if trader else None,
        "enterprise.trader_uscc": trader.uscc if trader else None,
        "enterprise.trader_age_days": age,
        "enterprise.has_broker": broker is not None,
        "enterprise.broker_code": broker.customs_code if broker else None,
        "enterprise.broker_credit_level": broker.level.value if broker else "",
    }
