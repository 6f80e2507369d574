"""Reference data use cases: loading dated tables and reading them as of a day."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.cache import PERIODS_KEY, cache_of, forget
from clearway.reference.events import ExchangeRateSet
from clearway.reference.model import (
    CustomsOffice,
    ExchangeRate,
    MainstreamOreOrigin,
    TariffLine,
    month_of,
)
from clearway.reference.nomenclature import country_name, currency_name
from clearway.reference.tables import exchange_rates, ore_mainstream_origins, tariff_lines
from clearway.shared.errors import NotFound, PermissionDenied


def load_tariff(uow: UnitOfWork, lines: list[TariffLine], actor: Actor, at: datetime) -> int:
    """Replace the periods a file carries (same code and start date) and add the new ones."""
    if not actor.is_customs:
        raise PermissionDenied("only customs may load the tariff")
    c = tariff_lines.c
    for line in lines:
        uow.session.execute(
            delete(tariff_lines).where(c.code == line.code, c.valid_from == line.valid_from)
        )
    uow.session.add_all(lines)
    record(
        uow.session,
        actor,
        at,
        "tariff.loaded",
        "tariff",
        "national",
        {"lines": len(lines), "codes": len({line.code for line in lines})},
    )
    uow.commit()
    forget(uow.session)
    return len(lines)


def load_exchange_rates(
    uow: UnitOfWork, rates: list[ExchangeRate], actor: Actor, at: datetime
) -> int:
    """Store dated exchange rates, replacing a currency's rate for the same start date."""
    if not actor.is_customs:
        raise PermissionDenied("only customs may load exchange rates")
    c = exchange_rates.c
    for rate in rates:
        uow.session.execute(
            delete(exchange_rates).where(
                c.currency == rate.currency, c.valid_from == rate.valid_from
            )
        )
    uow.session.add_all(rates)
    uow.record(*(ExchangeRateSet(rate.currency, rate.valid_from) for rate in rates))
    record(
        uow.session,
        actor,
        at,
        "exchange_rates.loaded",
        "exchange_rates",
        "all",
        {"rates": len(rates)},
    )
    uow.commit()
    forget(uow.session)
    return len(rates)


def load_mainstream_origins(
    uow: UnitOfWork, origins: list[MainstreamOreOrigin], actor: Actor, at: datetime
) -> int:
    """Replace the periods a file carries (same country and start date) and add the new ones."""
    if not actor.is_customs:
        raise PermissionDenied("only customs may load the mainstream ore origins")
    c = ore_mainstream_origins.c
    for origin in origins:
        uow.session.execute(
            delete(ore_mainstream_origins).where(
                c.country == origin.country, c.valid_from == origin.valid_from
            )
        )
    uow.session.add_all(origins)
    record(
        uow.session,
        actor,
        at,
        "mainstream_ore_origins.loaded",
        "reference",
        "mainstream_ore_origins",
        {"periods": len(origins), "countries": sorted({o.country for o in origins})},
    )
    uow.commit()
    return len(origins)


def mainstream_ore_origins_on(session: Session, day: date) -> frozenset[str]:
    """The mainstream iron ore origins in force on a day: the one reader of the one list that
    ore classification, pre-arrival screening and the risk rules all judge origins by."""
    c = ore_mainstream_origins.c
    rows = session.execute(
        select(c.country).where(c.valid_from <= day, or_(c.valid_to.is_(None), c.valid_to >= day))
    ).scalars()
    return frozenset(rows)


def tariff_periods(session: Session, code: str) -> list[TariffLine]:
    """Every dated period of one tariff line, oldest first."""
    c = tariff_lines.c
    return list(session.scalars(select(TariffLine).where(c.code == code).order_by(c.valid_from)))


def tariff_lines_on(session: Session, prefix: str, day: date) -> list[TariffLine]:
    """The tariff lines in force on a day whose code starts with *prefix* (all for "")."""
    c = tariff_lines.c
    rows = session.scalars(
        select(TariffLine).where(c.code.startswith(prefix)).order_by(c.code, c.valid_from)
    )
    return [line for line in rows if line.in_force_on(day)]


def tariff_line_on(session: Session, code: str, day: date) -> TariffLine | None:
    """The period of a tariff line in force on a day, if any."""
    for line in tariff_periods(session, code):
        if line.in_force_on(day):
            return line
    return None


def exchange_rate_on(session: Session, currency: str, day: date) -> ExchangeRate | None:
    """The customs rate of the day's month (one rate per currency per month, starting on the
    1st; docs/rules/valuation.md): a month without its rate has none."""
    c = exchange_rates.c
    return session.scalars(
        select(ExchangeRate).where(c.currency == currency, c.valid_from == month_of(day))
    ).first()


def offices(session: Session) -> list[CustomsOffice]:
    """The district's customs offices by code."""
    return list(session.scalars(select(CustomsOffice).order_by(CustomsOffice.code)))


def office(session: Session, code: str) -> CustomsOffice:
    found = session.get(CustomsOffice, code)
    if found is None:
        raise NotFound("customs office", code)
    return found


class SessionReference:
    """Reference lookups for the pure rules: per transaction, and across transactions through
    the session factory's :class:`ReferenceCache` when it has one."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._shared = cache_of(session)
        # Kept on the session, so every step of one transaction (the checks at lodgement, the
        # licence write-off at submission) reads a tariff line once; a load forgets it.
        self._periods: dict[str, list[TariffLine]] = session.info.setdefault(PERIODS_KEY, {})

    def tariff_periods(self, code: str) -> list[TariffLine]:
        if code not in self._periods:
            fetch = partial(tariff_periods, self._session, code)
            shared = self._shared
            self._periods[code] = fetch() if shared is None else shared.tariff_periods(code, fetch)
        return self._periods[code]

    def country_exists(self, alpha2: str) -> bool:
        return country_name(alpha2) is not None

    def currency_exists(self, alpha3: str) -> bool:
        return currency_name(alpha3) is not None

    def office_exists(self, code: str) -> bool:
        def fetch() -> bool:
            return self._session.get(CustomsOffice, code) is not None

        return fetch() if self._shared is None else self._shared.office_exists(code, fetch)

    def tariff_line_on(self, code: str, day: date) -> TariffLine | None:
        for line in self.tariff_periods(code):
            if line.in_force_on(day):
                return line
        return None

    def exchange_rate_on(self, currency: str, day: date) -> ExchangeRate | None:
        return exchange_rate_on(self._session, currency, day)
