"""Declaration services on SQLite and PostgreSQL, through the real migrations; rolled back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput, DocumentInput
from clearway.declarations.model import Lane
from clearway.declarations.queries import DeclarationFilter, get_visible, list_visible
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declarations
from clearway.shared.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from tests.builders import (
    INSPECTOR,
    RISK,
    District,
    battery_item,
    every_block_declaration,
    make_declaration,
    ore_item,
    seed_district,
)


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def _create(platform: Platform, actor: Any, **overrides: Any) -> Any:
    with platform.uow() as uow:
        return services.create(uow, make_declaration(**overrides), actor, platform.clock, 50)


def _act(platform: Platform, ref: Any, command: Command, actor: Any, **action: Any) -> Any:
    with platform.uow() as uow:
        return services.act(
            uow, ref, command, ActionInput(**action), actor, platform.clock, platform.submission
        )


def _count(platform: Platform) -> int:
    with platform.sessions() as s:
        return int(s.execute(select(func.count()).select_from(declarations)).scalar_one())


def test_export_lifecycle_to_closed_with_every_event(
    platform: Platform, district: District
) -> None:
    d = _create(platform, district.exporter)
    assert d.number.startswith("0291-2026-E-") and d.status is Status.DRAFT
    steps = [
        (Command.SUBMIT, district.exporter, {}),
        (Command.ACCEPT, RISK, {}),
        (Command.ASSIGN_LANE, RISK, {"lane": Lane.GREEN, "reason": "AEO, clean history"}),
        (Command.ASSESS_DUTY, INSPECTOR, {}),
        (Command.RELEASE, INSPECTOR, {}),
        (Command.EXIT, INSPECTOR, {}),
        (Command.CLOSE, INSPECTOR, {}),
    ]
    for command, actor, action in steps:
        d = _act(platform, d.number, command, actor, **action)
    assert d.status is Status.CLOSED and d.duty_amount == 0
    with platform.sessions() as s:
        stored = get_visible(s, INSPECTOR, d.id)
        assert [e.command for e in stored.events] == [c.value for c, _, _ in steps]
        assert [e.milestone for e in stored.events] == ["E2", "E3", "E4", None, "E8", "E9", "E10"]
        assert stored.events[2].lane == "green" and stored.events[2].reason == "AEO, clean history"
        assert (
            stored.events[0].actor == "exporter" and stored.events[1].actor_role == "risk_officer"
        )
        assert stored.released_at is not None and stored.lodged_at is not None


def test_import_pays_vat_before_release(platform: Platform, district: District) -> None:
    d = _create(platform, district.broker, flow="import", trader_id=district.importer_id)
    assert d.broker_id == district.broker_id
    for command, actor, action in [
        (Command.SUBMIT, district.broker, {}),
        (Command.ACCEPT, RISK, {}),
        (Command.ASSIGN_LANE, RISK, {"lane": Lane.RED, "reason": "radiation screening"}),
        (Command.BEGIN_INSPECTION, INSPECTOR, {}),
        (Command.ASSESS_DUTY, INSPECTOR, {}),
    ]:
        d = _act(platform, d.id, command, actor, **action)
    assert d.duty_amount == Decimal("559000.00")  # 13 % VAT on 4.3 million, MFN 0 %
    with pytest.raises(IllegalTransition):
        _act(platform, d.id, Command.RELEASE, INSPECTOR)
    _act(platform, d.id, Command.PAY, district.broker)
    assert _act(platform, d.id, Command.RELEASE, INSPECTOR).status is Status.RELEASED


def test_numbers_are_sequential_per_office_year_and_flow(
    platform: Platform, district: District
) -> None:
    first = _create(platform, district.exporter).number
    second = _create(platform, district.exporter).number
    imported = _create(platform, district.importer, flow="import").number
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert imported.startswith("7909-2026-I-")


@pytest.mark.parametrize(
    ("overrides", "path", "rule"),
    [
        (
            {"items": [battery_item(tariff_code="8507600000")]},
            "items.0.tariff_code",
            "tariff_not_in_force",
        ),
        (
            {"items": [battery_item(tariff_code="8507609999")]},
            "items.0.tariff_code",
            "tariff_unknown",
        ),
        ({"items": [battery_item(origin_country="XX")]}, "items.0.origin_country", "country"),
        ({"trade_country": "XX"}, "trade_country", "country"),
        ({"currency": "QQQ"}, "currency", "currency"),
        ({"items": [battery_item(quantity="0")]}, "items.0.quantity", "positive"),
        ({"items": [battery_item(quantity="-3")]}, "items.0.quantity", "positive"),
        ({"items": [battery_item(value="100.123")]}, "items.0.value", "decimals"),
        ({"items": [battery_item(value="100.5")], "currency": "JPY"}, "items.0.value", "decimals"),
        ({"items": []}, "items", "min_items"),
        ({"total_value": "1.00"}, "total_value", "totals_agree"),
        ({"office_code": "9999"}, "office_code", "unknown_office"),
    ],
)
def test_bad_content_names_the_field_and_writes_nothing(
    platform: Platform, district: District, overrides: dict[str, Any], path: str, rule: str
) -> None:
    before = _count(platform)
    with pytest.raises(RuleViolation) as refused:
        _create(platform, district.exporter, **overrides)
    assert (path, rule) in {(e.path, e.rule) for e in refused.value.errors}
    assert _count(platform) == before


def test_too_many_items(platform: Platform, district: District) -> None:
    items = [battery_item(value="10.00") for _ in range(3)]
    with platform.uow() as uow, pytest.raises(RuleViolation) as refused:
        services.create(uow, make_declaration(items=items), district.exporter, platform.clock, 2)
    assert refused.value.errors[0].rule == "max_items"


def test_tenancy_in_the_services(platform: Platform, district: District) -> None:
    exported = _create(platform, district.exporter)
    imported = _create(platform, district.broker, flow="import", trader_id=district.importer_id)
    with platform.sessions() as s:
        with pytest.raises(NotFound):
            get_visible(s, district.importer, exported.id)
        with pytest.raises(NotFound):
            get_visible(s, district.other_broker, imported.id)
        with pytest.raises(NotFound):
            get_visible(s, district.exporter, imported.number)
        assert get_visible(s, district.importer, imported.id).id == imported.id
        assert get_visible(s, district.broker, imported.id).id == imported.id
        seen = {d.id for d in list_visible(s, district.broker, DeclarationFilter(), 50, 0)[1]}
        assert seen == {imported.id}
        assert list_visible(s, RISK, DeclarationFilter(), 50, 0)[0] == 2


def test_broker_needs_a_mandate_for_the_flow_and_date(
    platform: Platform, district: District
) -> None:
    with pytest.raises(RuleViolation) as refused:  # mandate covers imports only
        _create(platform, district.broker, flow="export", trader_id=district.importer_id)
    assert refused.value.errors[0].path == "trader_id"
    with pytest.raises(RuleViolation):  # no mandate at all
        _create(platform, district.other_broker, flow="import", trader_id=district.importer_id)
    with pytest.raises(RuleViolation):  # mandate ends 2027-12-31
        _create(
            platform,
            district.broker,
            flow="import",
            trader_id=district.importer_id,
            declaration_date=date(2028, 1, 3).isoformat(),
        )
    with pytest.raises(RuleViolation) as unknown:
        _create(platform, district.broker, flow="import", trader_id=999_999)
    assert unknown.value.errors[0].rule == "unknown_enterprise"


def test_roles_are_enforced(platform: Platform, district: District) -> None:
    d = _create(platform, district.exporter)
    with pytest.raises(PermissionDenied):
        _act(platform, d.id, Command.SUBMIT, RISK)
    _act(platform, d.id, Command.SUBMIT, district.exporter)
    with pytest.raises(PermissionDenied):
        _act(platform, d.id, Command.ACCEPT, district.exporter)
    with pytest.raises(PermissionDenied):
        _create(platform, INSPECTOR, trader_id=district.exporter_id)


def test_stale_version_is_refused(platform: Platform, district: District) -> None:
    d = _create(platform, district.exporter)
    _act(platform, d.id, Command.SUBMIT, district.exporter)
    with pytest.raises(Conflict):
        _act(platform, d.id, Command.ACCEPT, RISK, expected_version=d.version)


def test_amendment_round_trip(platform: Platform, district: District) -> None:
    d = _create(platform, district.exporter)
    _act(platform, d.id, Command.SUBMIT, district.exporter)
    _act(platform, d.id, Command.REQUEST_AMENDMENT, RISK, reason="weight differs from waybill")
    body = make_declaration(
        items=[
            ore_item(
                tariff_code="8507600030",
                value="1000.00",
                origin_country="CN",
                destination_country="DE",
                ore=None,
            )
        ]
    )
    with platform.uow() as uow:
        amended = services.update(uow, d.id, body, district.exporter, platform.clock, 50, None)
    assert amended.items[0].value == Decimal("1000.00")
    assert _act(platform, d.id, Command.SUBMIT, district.exporter).status is Status.SUBMITTED
    with platform.uow() as uow, pytest.raises(Conflict):
        services.update(uow, d.id, body, district.exporter, platform.clock, 50, None)


def test_text_is_stored_exactly(platform: Platform, district: District) -> None:
    tricky = '锂电池 "quoted" \'; DROP TABLE declarations; -- <script>alert(1)</script>'
    d = _create(
        platform, district.exporter, overseas_party=tricky, items=[battery_item(goods_name=tricky)]
    )
    with platform.sessions() as s:
        stored = get_visible(s, district.exporter, d.id)
        assert stored.overseas_party == tricky and stored.items[0].goods_name == tricky


def test_documents_attach_until_release(platform: Platform, district: District) -> None:
    d = _create(platform, district.exporter)
    doc = DocumentInput(
        doc_type="UN38.3",
        number="UN383-2026-01",
        issuer="测试中心",
        issue_date=date(2026, 1, 5),
        valid_until=date(2027, 1, 4),
    )
    with platform.uow() as uow:
        updated = services.add_document(uow, d.id, doc, district.exporter, platform.clock)
    assert updated.documents[0].number == "UN383-2026-01"
    with platform.uow() as uow, pytest.raises(NotFound):
        services.add_document(uow, d.id, doc, district.importer, platform.clock)


def test_bulk_lodgement_numbers_and_submits_all_or_none(
    platform: Platform, district: District
) -> None:
    from clearway.declarations.bulk import lodge_batch

    good = [make_declaration() for _ in range(5)]
    with platform.uow() as uow:
        numbers = lodge_batch(
            uow, good, district.exporter, platform.clock, 50, submit=platform.submission
        )
    assert [int(n[-6:]) for n in numbers] == list(range(1, 6))
    with platform.sessions() as s:
        stored = get_visible(s, district.exporter, numbers[-1])
        assert stored.status is Status.SUBMITTED and len(stored.items) == 1
        assert [e.milestone for e in stored.events] == ["E2"]
    bad = [make_declaration(), make_declaration(items=[battery_item(quantity="0")])]
    before = _count(platform)
    with platform.uow() as uow, pytest.raises(RuleViolation) as refused:
        lodge_batch(uow, bad, district.exporter, platform.clock, 50)
    assert refused.value.errors[0].path == "1.items.0.quantity"
    assert _count(platform) == before
    assert _create(platform, district.exporter).number.endswith("000006")


def _stored_rows(platform: Platform, number: str) -> dict[str, list[dict[str, Any]]]:
    """Every column of a declaration and its children, without ids, numbers and links."""
    from clearway.declarations.tables import (
        declaration_documents,
        declaration_events,
        declaration_items,
    )

    # A timeline line's chain hash covers its declaration's id, so it differs like the id.
    skip = {"id", "declaration_id", "number", "chain_hash"}
    with platform.sessions() as s:
        header = s.execute(select(declarations).where(declarations.c.number == number)).one()
        rows = {"declarations": [dict(header._mapping)]}
        for table in (declaration_items, declaration_documents, declaration_events):
            found = s.execute(
                select(table).where(table.c.declaration_id == header.id).order_by(table.c.id)
            ).all()
            rows[table.name] = [dict(r._mapping) for r in found]
    return {
        name: [{k: v for k, v in row.items() if k not in skip} for row in table_rows]
        for name, table_rows in rows.items()
    }


@pytest.mark.parametrize("submit", [False, True])
def test_bulk_lodgement_stores_what_a_single_lodgement_stores(
    platform: Platform, district: District, submit: bool
) -> None:
    from clearway.declarations.bulk import lodge_batch

    data = every_block_declaration()
    how = platform.submission if submit else None
    with platform.uow() as uow:
        single = services.create(uow, data, district.exporter, platform.clock, 50, how).number
    with platform.uow() as uow:
        (batched,) = lodge_batch(uow, [data], district.exporter, platform.clock, 50, how)
    batched_rows, single_rows = _stored_rows(platform, batched), _stored_rows(platform, single)
    if submit:  # a batch is written as drafts, then submitted: one more version, same content
        assert batched_rows["declarations"][0].pop("version") == 2
        assert single_rows["declarations"][0].pop("version") == 1
    assert batched_rows == single_rows


@pytest.mark.parametrize("mode", ["two_step", "centralized"])
def test_own_procedure_modes_are_refused_to_a_plain_lodgement(
    platform: Platform, district: District, mode: str
) -> None:
    from clearway.declarations.bulk import lodge_batch

    before = _count(platform)
    with pytest.raises(RuleViolation) as refused:
        _create(platform, district.exporter, facilitation_mode=mode)
    assert (refused.value.errors[0].path, refused.value.errors[0].rule) == (
        "facilitation_mode",
        "own_procedure",
    )
    with platform.uow() as uow, pytest.raises(RuleViolation) as refused:
        lodge_batch(
            uow, [make_declaration(facilitation_mode=mode)], district.exporter, platform.clock, 50
        )
    assert refused.value.errors[0].path == "0.facilitation_mode"
    assert _count(platform) == before


def test_facilitation_mode_cannot_change_on_amendment(
    platform: Platform, district: District
) -> None:
    d = _create(platform, district.exporter, facilitation_mode="direct_pickup")
    with platform.uow() as uow, pytest.raises(RuleViolation) as refused:
        services.update(uow, d.id, make_declaration(), district.exporter, platform.clock, 50, None)
    assert refused.value.errors[0].rule == "immutable"
