"""Iron ore at a provisional (formula) price: the terms, then the final price and its notice."""

from __future__ import annotations

from fastapi import APIRouter, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_ore_pricing import ProvisionalPricePublic, pricing_out
from clearway.bootstrap import Platform
from clearway.ore import pricing_services
from clearway.ore.commands import FinalPriceInput, ProvisionalPriceInput
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.ore.queries import pricing_of, visible_ore_declaration
from clearway.shared.errors import NotFound
from clearway.supervision.rules import local_day

router = APIRouter(prefix="/ore", tags=["ore"])


def _out(platform: Platform, found: ProvisionalPrice, number: str) -> ProvisionalPricePublic:
    today = local_day(platform.clock.now(), platform.settings.supervision_timezone)
    return pricing_out(found, number, today)


@router.put("/declarations/{ref}/provisional-price", response_model=ProvisionalPricePublic)
def state_provisional(
    ref: str, body: ProvisionalPriceInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ProvisionalPricePublic:
    """Declare the ore's price provisional (while the declaration is a draft): basis, period,
    unit price, Fe and moisture basis; the final price is then due by ``final_due_on``."""
    found = pricing_services.state_provisional(uow, ref, body, actor, platform.clock)
    number = visible_ore_declaration(uow.session, actor, ref).number
    return _out(platform, found, number)


@router.get("/declarations/{ref}/provisional-price", response_model=ProvisionalPricePublic)
def read_provisional(
    ref: str, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> ProvisionalPricePublic:
    """The provisional terms, and once declared the final price with its notice."""
    declaration = visible_ore_declaration(session, actor, ref)
    found = pricing_of(session, declaration.id)
    if found is None:
        raise NotFound("provisional price of declaration", declaration.number)
    return _out(platform, found, declaration.number)


@router.post(
    "/declarations/{ref}/final-price",
    status_code=status.HTTP_201_CREATED,
    response_model=ProvisionalPricePublic,
)
def declare_final(
    ref: str, body: FinalPriceInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ProvisionalPricePublic:
    """Declare the final price after the lab result and the quotational period: the notice
    gives the supplementary tax (or refund) of duty and VAT per item."""
    found = pricing_services.declare_final(uow, ref, body, actor, platform.clock, platform.settings)
    number = visible_ore_declaration(uow.session, actor, ref).number
    return _out(platform, found, number)
