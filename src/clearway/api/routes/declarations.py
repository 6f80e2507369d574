"""Declarations: lodge, list, read, amend, and move through the lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Header, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas import (
    BatchPublic,
    DangerousGoodsPublic,
    DeclarationPublic,
    DeclarationSummary,
    EventPublic,
    ItemPublic,
    OrePublic,
    Page,
)
from clearway.declarations import bulk, services
from clearway.declarations.commands import (
    ActionInput,
    BatchInput,
    DeclarationInput,
    DocumentInput,
)
from clearway.declarations.disclosure import event_reason_for, lane_reason_for
from clearway.declarations.measures import mode_of, sorted_measures
from clearway.declarations.model import Declaration, DeclarationItem, Flow, Lane
from clearway.declarations.policy import commands_for
from clearway.declarations.queries import DeclarationFilter, get_visible, list_visible
from clearway.declarations.status import Command, Status
from clearway.identity.model import Actor
from clearway.shared.bounds import Id, Limit, Offset
from clearway.shared.errors import RuleViolation

BlockT = TypeVar("BlockT", DangerousGoodsPublic, OrePublic)

router = APIRouter(prefix="/declarations", tags=["declarations"])


def _block(item: DeclarationItem, prefix: str, shape: type[BlockT]) -> BlockT:
    """A flat group of item columns as the nested block the API shows."""
    return shape.model_validate({n: getattr(item, prefix + n) for n in shape.model_fields})


def _item(item: DeclarationItem) -> ItemPublic:
    public = ItemPublic.model_validate(item)
    if item.dg_un_number:
        public.dangerous_goods = _block(item, "dg_", DangerousGoodsPublic)
    if item.ore_grain_size_class or item.ore_fe_pct is not None:
        public.ore = _block(item, "ore_", OrePublic)
    return public


def present(declaration: Declaration, actor: Actor) -> DeclarationPublic:
    """The full read model of one declaration as the caller may see it: the commands it may
    give now, and the lane's reasons in full for customs, plainly for traders."""
    data = DeclarationSummary.model_validate(declaration).model_dump()
    return DeclarationPublic(
        **data,
        lane_reason=lane_reason_for(actor, declaration.lane, declaration.lane_reason),
        facilitation_measures=[m.value for m in sorted_measures(declaration.facilitation_measures)],
        facilitation_mode=mode_of(declaration.facilitation_measures),
        **{
            f: getattr(declaration, f)
            for f in (
                "port_code",
                "transport_mode",
                "transport_means",
                "supervision_mode",
                "trade_country",
                "price_terms",
                "freight",
                "insurance",
                "other_charges",
                "deductions",
                "gross_weight",
                "net_weight",
                "packages",
                "overseas_party",
                "duty_amount",
                "lodged_at",
                "arrived_at",
                "released_at",
                "created_by",
                "created_at",
                "updated_at",
            )
        },
        allowed_commands=[c.value for c in commands_for(actor, declaration)],
        items=[_item(i) for i in declaration.items],
        documents=declaration.documents,
        events=events_for(actor, declaration),
    )


def events_for(actor: Actor, declaration: Declaration) -> list[EventPublic]:
    """The timeline, its lane lines' reasons as the caller may read them."""
    out = []
    for event in declaration.events:
        reason = event_reason_for(actor, event.command, event.lane, event.reason)
        out.append(EventPublic.model_validate(event).model_copy(update={"reason": reason}))
    return out


@router.post("", status_code=status.HTTP_201_CREATED, response_model=DeclarationPublic)
def lodge(
    body: DeclarationInput,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    submit: Annotated[
        bool, Query(description="Submit at once, in the same transaction, instead of a draft.")
    ] = False,
) -> DeclarationPublic:
    """Lodge a declaration; it gets its number at once. Send `Idempotency-Key` to retry."""
    settings = platform.settings
    return present(
        services.create(
            uow,
            body,
            actor,
            platform.clock,
            settings.max_items,
            submit=platform.submission if submit else None,
            settings=settings,
        ),
        actor,
    )


@router.post("/batch", status_code=status.HTTP_201_CREATED, response_model=BatchPublic)
def lodge_batch(
    body: BatchInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> BatchPublic:
    """Lodge declarations together, all or none (submitted and screened with `submit`); a
    refusal names each broken rule under `declarations.<index>.`. Send `Idempotency-Key`."""
    settings = platform.settings
    try:
        numbers = bulk.lodge_batch(
            uow,
            body.declarations,
            actor,
            platform.clock,
            settings.max_items,
            platform.submission if body.submit else None,
            settings.max_batch,
            settings,
        )
    except RuleViolation as refused:
        raise refused.under("declarations") from None
    return BatchPublic(numbers=numbers)


@router.get("", response_model=Page[DeclarationSummary])
def list_declarations(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    lane: Lane | None = None,
    flow: Flow | None = None,
    enterprise: Annotated[Id | None, Query(description="Trader enterprise id")] = None,
    office: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    tariff_code: Annotated[str | None, Query(pattern=r"^\d{2,10}$")] = None,
    number: Annotated[str | None, Query(max_length=24)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DeclarationSummary]:
    """Declarations the caller may see, newest first, filtered and paginated."""
    limit = min(limit, platform.settings.page_size_max)
    f = DeclarationFilter(
        status=status_,
        lane=lane,
        flow=flow,
        trader_id=enterprise,
        office_code=office,
        date_from=date_from,
        date_to=date_to,
        tariff_code=tariff_code,
        number=number,
    )
    total, rows = list_visible(session, actor, f, limit, offset)
    return Page(
        total=total,
        limit=limit,
        offset=offset,
        items=[DeclarationSummary.model_validate(r) for r in rows],
    )


@router.get("/{ref}", response_model=DeclarationPublic)
def read(ref: str, actor: ActorDep, session: SessionDep) -> DeclarationPublic:
    """One declaration by id or number, with items, documents and its timeline."""
    return present(get_visible(session, actor, ref), actor)


@router.put("/{ref}", response_model=DeclarationPublic)
def amend(
    ref: str,
    body: DeclarationInput,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    if_match: Annotated[int | None, Header(description="Version last seen")] = None,
) -> DeclarationPublic:
    """Replace a draft's content, or amend it when customs asked for an amendment."""
    return present(
        services.update(
            uow, ref, body, actor, platform.clock, platform.settings.max_items, if_match
        ),
        actor,
    )


@router.get("/{ref}/events", response_model=list[EventPublic])
def timeline(ref: str, actor: ActorDep, session: SessionDep) -> list[EventPublic]:
    """Who did what and when, with Time Release Study milestones."""
    return events_for(actor, get_visible(session, actor, ref))


@router.post(
    "/{ref}/documents", status_code=status.HTTP_201_CREATED, response_model=DeclarationPublic
)
def attach(
    ref: str, body: DocumentInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> DeclarationPublic:
    """Attach a document (certificate, licence, invoice, test summary)."""
    return present(services.add_document(uow, ref, body, actor, platform.clock), actor)


@router.post("/{ref}/actions/{command}", response_model=DeclarationPublic)
def act(
    ref: str,
    command: Command,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: ActionInput | None = None,
) -> DeclarationPublic:
    """Give a lifecycle command (submit, accept, assign_lane, release, …); 409 when illegal."""
    return present(
        services.act(
            uow, ref, command, body or ActionInput(), actor, platform.clock, platform.submission
        ),
        actor,
    )
