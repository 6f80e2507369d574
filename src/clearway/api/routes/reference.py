"""Reference data: tariff lines as of a day, HS subheadings, countries, currencies, rates, and
the mainstream iron ore origins as of a day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from clearway.api.deps import ActorDep, PlatformDep, SessionDep
from clearway.api.schemas import TariffLinePublic
from clearway.reference.model import TariffLine
from clearway.reference.nomenclature import all_countries, all_currencies, hs_description
from clearway.reference.services import (
    exchange_rate_on,
    mainstream_ore_origins_on,
    tariff_lines_on,
    tariff_periods,
)
from clearway.shared.bounds import BusinessDate
from clearway.shared.errors import NotFound

router = APIRouter(prefix="/reference", tags=["reference"])


@router.get("/tariff-lines", response_model=list[TariffLinePublic])
def tariff(
    session: SessionDep,
    actor: ActorDep,
    platform: PlatformDep,
    prefix: Annotated[str, Query(pattern=r"^\d{0,10}$")] = "",
    on: BusinessDate | None = None,
) -> list[TariffLine]:
    """Tariff lines in force on a day (today by default), optionally by code prefix."""
    day = on or platform.clock.now().date()
    return tariff_lines_on(session, prefix, day)


@router.get("/tariff-lines/{code}", response_model=list[TariffLinePublic])
def tariff_line(
    code: Annotated[str, Path(pattern=r"^\d{10}$")], session: SessionDep, actor: ActorDep
) -> list[TariffLine]:
    """Every dated period of one tariff line."""
    periods = tariff_periods(session, code)
    if not periods:
        raise NotFound("tariff line", code)
    return periods


class HsPublic(BaseModel):
    hs6: str
    description: str


@router.get("/hs/{hs6}", response_model=HsPublic)
def hs(hs6: str, actor: ActorDep) -> HsPublic:
    """An HS 2022 subheading from the international nomenclature."""
    description = hs_description(hs6)
    if description is None:
        raise NotFound("HS subheading", hs6)
    return HsPublic(hs6=hs6, description=description)


class CodeName(BaseModel):
    code: str
    name: str


@router.get("/countries", response_model=list[CodeName])
def countries(actor: ActorDep) -> list[CodeName]:
    return [CodeName(code=c, name=n) for c, n in all_countries()]


@router.get("/currencies", response_model=list[CodeName])
def currencies(actor: ActorDep) -> list[CodeName]:
    return [CodeName(code=c, name=n) for c, n in all_currencies()]


class RatePublic(BaseModel):
    currency: str
    on: date
    valid_from: date
    cny_per_unit: Decimal


@router.get("/exchange-rates/{currency}", response_model=RatePublic)
def exchange_rate(
    currency: str,
    session: SessionDep,
    actor: ActorDep,
    platform: PlatformDep,
    on: BusinessDate | None = None,
) -> RatePublic:
    """CNY per unit of a currency on a day."""
    day = on or platform.clock.now().date()
    rate = exchange_rate_on(session, currency.upper(), day)
    if rate is None:
        raise NotFound("exchange rate", f"{currency.upper()} on {day}")
    return RatePublic(
        currency=rate.currency, on=day, valid_from=rate.valid_from, cny_per_unit=rate.cny_per_unit
    )


class MainstreamOriginsPublic(BaseModel):
    on: date
    countries: list[str]


@router.get("/mainstream-ore-origins", response_model=MainstreamOriginsPublic)
def mainstream_ore_origins(
    session: SessionDep, actor: ActorDep, platform: PlatformDep, on: BusinessDate | None = None
) -> MainstreamOriginsPublic:
    """The mainstream iron ore origins in force on a day (today by default): the one list ore
    classification, pre-arrival screening and the risk rules judge origins by."""
    day = on or platform.clock.now().date()
    return MainstreamOriginsPublic(
        on=day, countries=sorted(mainstream_ore_origins_on(session, day))
    )
