"""The declaration aggregate: header, items, documents and the timeline of what happened.

State changes only through :meth:`Declaration.apply`, which consults the status table, so
every change is a legal move and leaves an event behind in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from clearway.declarations.events import DeclarationAmended, DeclarationMoved
from clearway.declarations.status import PREVIOUS, SAME, Command, Milestone, Status, move_for
from clearway.identity.model import Actor
from clearway.shared.errors import IllegalTransition, RuleViolation
from clearway.shared.events import EventSource


class Flow(StrEnum):
    IMPORT = "import"
    EXPORT = "export"

    @property
    def letter(self) -> str:
        return "I" if self is Flow.IMPORT else "E"


class Lane(StrEnum):
    """ASYCUDA selectivity lanes."""

    GREEN = "green"  # release
    YELLOW = "yellow"  # document check
    RED = "red"  # physical inspection
    BLUE = "blue"  # release now, post-clearance audit


class TransportMode(StrEnum):
    SEA = "sea"
    RAIL = "rail"
    ROAD = "road"
    AIR = "air"
    POST = "post"
    FIXED = "fixed_installation"
    BONDED_ZONE = "bonded_zone"


class FacilitationMode(StrEnum):
    """A facilitation measure (DOMAIN.md §5); a declaration may use several at once
    (``declarations.measures``), and statistics and the TRS break down by each."""

    STANDARD = "standard"
    TWO_STEP = "two_step"
    CENTRALIZED = "centralized"
    FIRST_RELEASE = "first_release"
    DIRECT_PICKUP = "direct_pickup"
    APPOINTMENT = "appointment"


class BatteryChemistry(StrEnum):
    LITHIUM_ION = "lithium_ion"
    LITHIUM_METAL = "lithium_metal"


class BatteryKind(StrEnum):
    """SP188 thresholds differ for a single cell and a battery of cells."""

    CELL = "cell"
    BATTERY = "battery"


class BatteryEquipment(StrEnum):
    """How lithium batteries travel with equipment (UN3481, UN3091): the packaging differs."""

    PACKED_WITH = "packed_with"
    CONTAINED_IN = "contained_in"


class PackingSection(StrEnum):
    """Section of an IATA lithium-battery packing instruction (PI965, PI968).

    IA: cells or batteries above the SP188 sizes; IB and II: within them, II for the smallest
    quantities (withdrawn for batteries shipped alone, see ``docs/rules/lithium_air.md``).
    """

    IA = "IA"
    IB = "IB"
    II = "II"


# Commands whose event must say why: they refuse, re-route, or stop someone's goods.
REASON_REQUIRED = frozenset(
    {
        Command.REJECT,
        Command.REROUTE,
        Command.SUSPEND,
        Command.REQUEST_AMENDMENT,
        Command.ASSIGN_LANE,
    }
)


class DeclarationItem:
    """One goods line: tariff line, goods, quantities, value, origin, DG and ore blocks."""

    id: int
    declaration_id: int
    line_no: int
    tariff_code: str
    goods_name: str
    specification: str
    quantity: Decimal
    unit: str
    net_weight: Decimal
    gross_weight: Decimal
    value: Decimal
    statistical_value: Decimal  # FOB for exports, CIF for imports (``rules.statistical_values``)
    origin_country: str
    destination_country: str
    dg_un_number: str | None
    dg_name: str | None
    dg_packaging_category: str | None
    dg_packaging_spec: str | None
    dg_chemistry: str | None
    dg_battery_kind: str | None
    dg_watt_hours: Decimal | None
    dg_lithium_grams: Decimal | None
    dg_state_of_charge_pct: Decimal | None
    dg_damaged: bool | None
    dg_battery_model: str | None
    dg_equipment: str | None
    dg_packing_instruction: str | None
    dg_packing_section: str | None
    dg_net_quantity_kg: Decimal | None
    dg_cargo_aircraft_only: bool | None
    ore_grain_size_class: str | None
    ore_fe_pct: Decimal | None
    ore_moisture_pct: Decimal | None
    ore_brand: str | None
    licence_number: str | None  # what the tariff line's supervision conditions call for

    def __init__(self, **fields: object) -> None:
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def hs6(self) -> str:
        return self.tariff_code[:6]


class Document:
    """A document attached to a declaration (licence, certificate, invoice, test summary)."""

    id: int
    declaration_id: int
    doc_type: str
    number: str
    issuer: str
    issue_date: date
    valid_until: date | None

    def __init__(
        self, doc_type: str, number: str, issuer: str, issue_date: date, valid_until: date | None
    ) -> None:
        self.doc_type = doc_type
        self.number = number
        self.issuer = issuer
        self.issue_date = issue_date
        self.valid_until = valid_until


class DeclarationEvent:
    """One line of the timeline: who did what, when, from which status to which, and why."""

    id: int
    declaration_id: int
    seq: int
    at: datetime
    actor: str
    actor_role: str
    command: str
    from_status: str
    to_status: str
    lane: str | None
    reason: str
    milestone: str | None

    def __init__(
        self,
        seq: int,
        at: datetime,
        actor: Actor,
        command: Command,
        from_status: Status,
        to_status: Status,
        lane: Lane | None,
        reason: str,
        milestone: Milestone | None,
    ) -> None:
        self.seq = seq
        self.at = at
        self.actor = actor.username
        self.actor_role = actor.role.value
        self.command = command.value
        self.from_status = from_status.value
        self.to_status = to_status.value
        self.lane = lane.value if lane else None
        self.reason = reason
        self.milestone = milestone.value if milestone else None


class Declaration(EventSource):
    """A customs declaration and its lifecycle; the unit of tenancy and of optimistic locking.

    Every move records a :class:`DeclarationMoved` event, every change of content without a
    move a :class:`DeclarationAmended`, for the handlers the unit of work runs at its commit.
    """

    id: int
    number: str
    flow: Flow
    status: Status
    lane: Lane | None
    lane_reason: str
    suspended_from: Status | None
    trader_id: int
    broker_id: int | None
    office_code: str
    port_code: str
    transport_mode: TransportMode
    transport_means: str
    supervision_mode: str
    trade_country: str
    currency: str
    total_value: Decimal
    price_terms: str | None
    freight: Decimal | None
    insurance: Decimal | None
    other_charges: Decimal | None
    deductions: Decimal | None
    gross_weight: Decimal
    net_weight: Decimal
    packages: int
    overseas_party: str
    facilitation_measures: frozenset[FacilitationMode]  # empty: standard clearance
    declaration_date: date
    duty_amount: Decimal | None
    lodged_at: datetime | None
    arrived_at: datetime | None
    released_at: datetime | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int
    items: list[DeclarationItem]
    documents: list[Document]
    events: list[DeclarationEvent]

    def __init__(self, **fields: object) -> None:
        self.status = Status.DRAFT
        self.facilitation_measures = frozenset()
        self.lane = None
        self.lane_reason = ""
        self.suspended_from = None
        self.duty_amount = None
        self.price_terms = None
        self.freight = self.insurance = self.other_charges = self.deductions = None
        self.lodged_at = None
        self.arrived_at = None
        self.released_at = None
        self.items = []
        self.documents = []
        self.events = []
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def editable(self) -> bool:
        """Content may change only before lodgement or when customs asked for an amendment."""
        return self.status in (Status.DRAFT, Status.AMENDMENT_REQUESTED)

    def apply(
        self,
        command: Command,
        actor: Actor,
        at: datetime,
        reason: str = "",
        lane: Lane | None = None,
    ) -> DeclarationEvent:
        """Move through the status table, guard the move, and record it on the timeline."""
        move = move_for(self.status, command)
        if move is None:
            raise IllegalTransition(self.status.value, command.value)
        if command in REASON_REQUIRED and not reason.strip():
            raise RuleViolation.single("reason", "required", f"{command.value} needs a reason")
        if command in (Command.ASSIGN_LANE, Command.REROUTE):
            if lane is None:
                raise RuleViolation.single("lane", "required", f"{command.value} needs a lane")
            self.lane, self.lane_reason = lane, reason
        if (
            command is Command.RELEASE
            and self.status is Status.DUTY_ASSESSED
            and (self.duty_amount or Decimal(0)) > 0
        ):
            raise IllegalTransition(
                self.status.value, command.value, "released before duty is paid"
            )
        if command is Command.SUBMIT and not self.items:
            raise RuleViolation.single(
                "items", "min_items", "a declaration needs at least one item"
            )

        before = self.status
        if move.target == PREVIOUS:
            target = self.suspended_from or Status.SUBMITTED
            self.suspended_from = None
        elif move.target == SAME:
            target = self.status
        else:
            target = Status(move.target)
        if target is Status.SUSPENDED:
            self.suspended_from = before
        self.status = target
        self._stamp(command, at)
        event = DeclarationEvent(
            seq=len(self.events) + 1,
            at=at,
            actor=actor,
            command=command,
            from_status=before,
            to_status=target,
            lane=self.lane if command in (Command.ASSIGN_LANE, Command.REROUTE) else None,
            reason=reason,
            milestone=move.milestone,
        )
        self.events.append(event)
        self.updated_at = at
        self.record_event(DeclarationMoved(self, event))
        return event

    def replace_content(
        self,
        header: dict[str, object],
        items: list[DeclarationItem],
        documents: list[Document] | None,
        at: datetime,
    ) -> None:
        """New header values, goods lines and (when given) documents, as the declarant sent
        them; the old lines must have been removed and flushed first (their keys are reused)."""
        for name, value in header.items():
            setattr(self, name, value)
        self.items = items
        if documents is not None:
            self.documents = documents
        self.updated_at = at
        self.record_event(DeclarationAmended(self))

    def uses(self, measure: FacilitationMode) -> bool:
        """Whether the declaration is cleared under this facilitation measure (among others)."""
        return measure in self.facilitation_measures

    def clear_by(self, measure: FacilitationMode) -> None:
        """Add a facilitation measure granted after lodgement (a confirmed appointment
        clearance) to those the declaration already uses: measures stack."""
        if measure is not FacilitationMode.STANDARD and not self.uses(measure):
            self.facilitation_measures = self.facilitation_measures | {measure}
            self.record_event(DeclarationAmended(self))

    def _stamp(self, command: Command, at: datetime) -> None:
        """Keep the few milestone times that lists and statistics filter on as columns."""
        if command is Command.SUBMIT:
            self.lodged_at = at
        elif command is Command.RECORD_ARRIVAL:
            self.arrived_at = at
        elif command is Command.RELEASE:
            self.released_at = at
