"""Builds the demo district through the same services the API uses, on a controlled clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.dangerous_goods.model import Check
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.declarations.submission import Submission
from clearway.demo.days import DemoDays
from clearway.demo.district import (
    DEMO_PASSWORD,
    ENTERPRISES,
    MANDATES,
    OFFICES,
    POSTINGS,
    USERS,
)
from clearway.demo.shipments import Shipment, horgos_imports, in_flight, ordos_exports
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import AuthorisationInput, EnterpriseInput
from clearway.enterprises.rules import make_uscc
from clearway.enterprises.tables import enterprises as enterprise_table
from clearway.identity.model import Actor, Role
from clearway.identity.services import actor_of, assign_office, create_user
from clearway.reference.model import CustomsOffice
from clearway.risk.scoring import NullScorer
from clearway.risk.screening import Screener
from clearway.risk.transfer import default_ruleset, import_ruleset
from clearway.setup.steps import load_reference_defaults
from clearway.shared.clock import FixedClock

# The lithium-battery checks, off for the re-enacted history.
OFF = {check.value: "off" for check in Check}
SETUP_TIME = datetime.fromisoformat("2023-12-01T00:00:00+00:00")


def holdings(platform: Platform) -> dict[str, int]:
    """How many enterprises, users and declarations the database holds already."""
    from clearway.declarations.tables import declarations as declaration_table
    from clearway.identity.tables import users

    tables = {"enterprises": enterprise_table, "users": users, "declarations": declaration_table}
    with platform.read_session() as session:
        return {
            name: int(session.execute(select(func.count()).select_from(t)).scalar_one())
            for name, t in tables.items()
        }


def refusal(platform: Platform) -> str | None:
    """Why the demo district must not be loaded here: its seven logins share a published
    password, so never in production, and never beside real users or declarations."""
    if platform.settings.env == "production":
        return (
            "the demo district is never loaded in production (CLEARWAY_ENV=production): its "
            "logins share a published password"
        )
    held = {name: n for name, n in holdings(platform).items() if n}
    if held:
        what = ", ".join(f"{n} {name}" for name, n in held.items())
        return f"the database already holds {what}; load the demo into an empty database"
    return None


@dataclass
class DemoSummary:
    enterprises: int
    users: list[tuple[str, str]]
    declarations: int


def load(platform: Platform) -> DemoSummary:
    """Create the demo district; the caller checks the database is empty first.

    This month's work is placed around the platform clock's date (see demo/days.py)."""
    days = DemoDays.of(platform.clock.now())
    clock = FixedClock(SETUP_TIME)
    platform = replace(
        platform,
        clock=clock,
        # Screening runs and is stored for every demo declaration, but the demo's officers
        # accept and route each one themselves so the district shows every status and lane.
        # The lithium-battery checks are shown by the exports seeded for them
        # (demo/dangerous_goods.py); the re-enacted history predates them.
        submission=Submission(
            SubmissionCheck.from_settings(platform.settings.model_copy(update={"dg_checks": OFF})),
            Screener(platform.settings.model_copy(update={"auto_accept": False}), NullScorer()),
        ),
    )
    admin = Actor.system("demo-loader")
    load_reference_defaults(platform, admin)
    with platform.uow() as uow:
        for code, name, name_en, port in OFFICES:
            uow.session.add(CustomsOffice(code=code, name=name, name_en=name_en, port=port))
        uow.commit()
    ids: dict[str, int] = {}
    for e in ENTERPRISES:
        with platform.uow() as uow:
            ids[e.key] = enterprises.register(
                uow,
                EnterpriseInput(
                    uscc=make_uscc(e.uscc17),
                    customs_code=e.customs_code,
                    name=e.name,
                    name_en=e.name_en,
                    roles=list(e.roles),
                    address=e.address,
                    credit_level=e.level,
                    credit_since=date(2022, 1, 1),
                ),
                admin,
                clock,
            ).id
    for broker, principal, scope, start, end in MANDATES:
        with platform.uow() as uow:
            enterprises.authorise_broker(
                uow,
                ids[principal],
                AuthorisationInput(
                    broker_id=ids[broker], scope=scope, valid_from=start, valid_to=days.ahead(end)
                ),
                admin,
                clock,
            )
    actors: dict[str, Actor] = {}
    logins = []
    people = list(USERS) + [
        (key, "broker_user" if key == "baoshui" else "enterprise_user", key, f"{key} clerk")
        for key in ("beijiang", "hengtong", "silu", "yuanhe", "jinyu", "baoshui")
    ]
    for username, role, key, full_name in people:
        with platform.uow() as uow:
            user = create_user(
                uow,
                username,
                DEMO_PASSWORD,
                full_name,
                Role(role),
                ids[key] if key else None,
                admin,
                clock,
            )
            # The re-enacted work predates offices: its officers act district-wide; they are
            # posted to their offices (POSTINGS) once it is done.
            actors[username] = actor_of(user, unassigned_district_wide=True)
            logins.append((username, role))
    with platform.uow() as uow:  # the starter rules screen every demo declaration
        import_ruleset(uow, default_ruleset(), admin, clock, True)
    shipments = ordos_exports() + horgos_imports() + in_flight(days)
    for shipment in shipments:
        _run(platform, clock, shipment, ids, actors)
    from clearway.demo.liaison import seed_liaison

    seed_liaison(platform, ids, actors, days)
    from clearway.demo.inspection import seed_inspection

    seed_inspection(
        platform, ids, actors, days
    )  # calendars, slots, bookings, orders, plans, records
    from clearway.demo.supervision import seed_supervision

    seed_supervision(platform, ids, actors, days)  # two-step summaries and a centralized filing
    from clearway.demo.ore import seed_ore

    seed_ore(platform, ids, actors, days)  # ore categories, first release, lab, direct pickup
    from clearway.demo.dangerous_goods import seed_dangerous_goods

    seed_dangerous_goods(platform, ids, actors, days)  # lithium-battery checks at export submission
    from clearway.demo.bonded import seed_bonded

    seed_bonded(platform, ids, actors)
    from clearway.demo.history import seed_history

    seed_history(platform, ids, actors)  # 2019, the "before" of the release-time study
    for username, office in POSTINGS:
        with platform.uow() as uow:
            assign_office(uow, username, office, admin, clock)
    return DemoSummary(
        enterprises=len(ids), users=logins[: len(USERS)], declarations=len(shipments)
    )


def _steps(s: Shipment) -> list[tuple[Command, float, str]]:
    """Commands from lodgement to the shipment's target status, with hours between them."""
    declarant, risk, inspector = s.declarant, "risk", "inspector"
    if s.target == "draft":
        return []
    if s.target == "cancelled":
        return [(Command.CANCEL, 0.5, declarant)]
    arrival = [(Command.RECORD_ARRIVAL, 5.0, declarant)] if s.flow == "import" else []
    steps = [(Command.RECORD_MANIFEST, -30.0, declarant)] if s.flow == "import" else []
    if not s.pre_arrival:
        steps += [(a[0], -1.0, a[2]) for a in arrival]
        arrival = []
    steps.append((Command.SUBMIT, 0.0, declarant))
    steps += arrival
    special = {
        "rejected": Command.REJECT,
        "suspended": Command.SUSPEND,
        "amendment_requested": Command.REQUEST_AMENDMENT,
    }
    if s.target == "submitted":
        return steps
    if s.target in special:
        if s.target != "rejected":
            steps.append((Command.ACCEPT, 0.3, risk))
        return [*steps, (special[s.target], 1.0, risk)]
    chain: list[tuple[Command, float, str]] = [
        (Command.ACCEPT, 0.2, risk),
        (Command.ASSIGN_LANE, 0.05, risk),
    ]
    if s.lane is Lane.YELLOW:
        chain.append((Command.BEGIN_DOCUMENT_CHECK, 1.0, inspector))
    elif s.lane is Lane.RED:
        chain.append((Command.BEGIN_INSPECTION, 2.5, inspector))
    chain.append(
        (Command.ASSESS_DUTY, {Lane.YELLOW: 2.0, Lane.RED: 6.0}.get(s.lane, 0.1), inspector)
    )
    if s.flow == "import":
        chain.append((Command.PAY, 1.5, declarant))
    chain += [
        (Command.RELEASE, 0.2, inspector),
        (Command.EXIT, 14.0, inspector),
        (Command.CLOSE, 48.0, inspector),
    ]
    order = [
        "accepted",
        "risk_assessed",
        "document_check",
        "inspection",
        "duty_assessed",
        "paid",
        "released",
        "exited",
        "closed",
    ]
    reached = {
        Command.ACCEPT: "accepted",
        Command.ASSIGN_LANE: "risk_assessed",
        Command.BEGIN_DOCUMENT_CHECK: "document_check",
        Command.BEGIN_INSPECTION: "inspection",
        Command.ASSESS_DUTY: "duty_assessed",
        Command.PAY: "paid",
        Command.RELEASE: "released",
        Command.EXIT: "exited",
        Command.CLOSE: "closed",
    }
    for command, hours, who in chain:
        steps.append((command, hours, who))
        if order.index(reached[command]) >= order.index(s.target) or reached[command] == s.target:
            break
    return steps


REASONS = {
    Command.REJECT: "申报要素不全 incomplete declaration elements",
    Command.SUSPEND: "awaiting origin verification from the exporting country",
    Command.REQUEST_AMENDMENT: "net weight differs from the rail waybill; amend and resubmit",
}


def _run(
    platform: Platform,
    clock: FixedClock,
    s: Shipment,
    ids: dict[str, int],
    actors: dict[str, Actor],
) -> None:
    declarant = actors[s.declarant]
    body = DeclarationInput.model_validate(
        {
            "flow": s.flow,
            "trader_id": ids[s.trader],
            "office_code": s.office,
            "port_code": s.office,
            "transport_mode": s.transport_mode,
            "transport_means": s.transport_means,
            "supervision_mode": "0110",
            "trade_country": s.trade_country,
            "currency": "CNY",
            "total_value": sum(i["value"] for i in s.items),
            "net_weight": sum(i["net_weight"] for i in s.items),
            "gross_weight": sum(i["gross_weight"] for i in s.items),
            "packages": len(s.items),
            "overseas_party": s.overseas_party,
            "declaration_date": s.lodged.date().isoformat(),
            "items": s.items,
            "documents": s.documents,
        }
    )
    timeline = []
    t = s.lodged
    for command, hours, who in _steps(s):
        if hours < 0:  # manifest and arrival before lodgement
            timeline.append((s.lodged + timedelta(hours=hours), command, who))
        else:
            t += timedelta(hours=hours)
            timeline.append((t, command, who))
    clock.set(min([s.lodged] + [at for at, _, _ in timeline]) - timedelta(minutes=30))
    with platform.uow() as uow:
        ref = declarations.create(uow, body, declarant, clock, platform.settings.max_items).id
    for at, command, who in timeline:
        clock.set(at)
        action = ActionInput(
            reason=REASONS.get(command, _lane_reason(command, s)),
            lane=s.lane if command is Command.ASSIGN_LANE else None,
        )
        with platform.uow() as uow:
            declarations.act(uow, ref, command, action, actors[who], clock, platform.submission)


def _lane_reason(command: Command, s: Shipment) -> str:
    if command is not Command.ASSIGN_LANE:
        return ""
    return {
        Lane.GREEN: "low risk: credit level and clean history",
        Lane.BLUE: "AEO enterprise: release now, post-clearance audit",
        Lane.YELLOW: "document check: certificate and value review",
        Lane.RED: "physical inspection: risk profile of the party",
    }[s.lane]
