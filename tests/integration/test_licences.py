"""Licences from supervision conditions (docs/rules/licences.md), on SQLite and PostgreSQL.

A goods line whose tariff conditions call for an automatic import licence (7) is refused at
submission without a licence that clears it, naming ``items[0].licence_number`` and the rule,
with nothing written; a good one has the line's quantity written off in the same transaction,
and a rejected declaration gives it back.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.status import Command
from clearway.declarations.tables import declarations
from clearway.licensing.tables import licence_drawdowns
from clearway.shared.errors import RuleViolation
from tests.builders import ADMIN, TODAY, District, declaration_body, ore_item, seed_district
from tests.licensing_support import ORE, VALID_FROM, VALID_TO, balance, record, require_licence

GRANTED = Decimal(5_000_000)


@pytest.fixture()
def district(platform: Platform) -> District:
    found = seed_district(platform)
    require_licence(platform)
    return found


def _ore(day: Any = TODAY, kg: str = "5000000", **item: Any) -> DeclarationInput:
    return DeclarationInput.model_validate(
        declaration_body(
            "import",
            [ore_item(kg=kg, **item)],
            declaration_date=day.isoformat(),
        )
    )


def _submit(platform: Platform, district: District, data: DeclarationInput) -> str:
    with platform.uow() as uow:
        return services.create(
            uow, data, district.importer, platform.clock, 50, platform.submission
        ).number


def _refusal(platform: Platform, district: District, data: DeclarationInput) -> dict[str, str]:
    with pytest.raises(RuleViolation) as refused:
        _submit(platform, district, data)
    return {e.path: e.rule for e in refused.value.errors}


def _counts(platform: Platform) -> tuple[int, int]:
    with platform.sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(declarations)) or 0,
            s.scalar(select(func.count()).select_from(licence_drawdowns)) or 0,
        )


def test_a_line_that_calls_for_a_licence_is_refused_without_one(
    platform: Platform, district: District
) -> None:
    before = _counts(platform)
    assert _refusal(platform, district, _ore()) == {"items[0].licence_number": "licence_required"}
    assert _counts(platform) == before


def test_an_unknown_licence_is_refused(platform: Platform, district: District) -> None:
    refused = _refusal(platform, district, _ore(licence_number="NOPE"))
    assert refused == {"items[0].licence_number": "licence_unknown"}


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        pytest.param(VALID_FROM - timedelta(days=1), False, id="day-before-validity"),
        pytest.param(VALID_FROM, True, id="first-valid-day"),
        pytest.param(VALID_TO, True, id="last-valid-day"),
        pytest.param(VALID_TO + timedelta(days=1), False, id="day-after-expiry"),
    ],
)
def test_validity_on_the_declaration_date(
    platform: Platform, district: District, day: Any, accepted: bool
) -> None:
    number = record(platform, district.importer_id)
    data = _ore(day, licence_number=number)
    if accepted:
        _submit(platform, district, data)
        assert balance(platform, number) == 0
    else:
        assert _refusal(platform, district, data) == {"items[0].licence_number": "licence_validity"}
        assert balance(platform, number) == GRANTED


def test_exact_balance_passes_and_one_more_is_refused(
    platform: Platform, district: District
) -> None:
    number = record(platform, district.importer_id)
    _submit(platform, district, _ore(kg="4999999", licence_number=number))
    assert balance(platform, number) == 1
    before = _counts(platform)
    refused = _refusal(platform, district, _ore(kg="2", licence_number=number))
    assert refused == {"items[0].licence_number": "licence_balance"}
    assert _counts(platform) == before and balance(platform, number) == 1
    _submit(platform, district, _ore(kg="1", licence_number=number))
    assert balance(platform, number) == 0


def test_wrong_holder_code_and_scope_are_refused(platform: Platform, district: District) -> None:
    other = record(platform, district.exporter_id, number="X-1")
    assert _refusal(platform, district, _ore(licence_number=other)) == {
        "items[0].licence_number": "licence_holder"
    }
    wrong_code = record(platform, district.importer_id, number="X-2", condition_code="1")
    assert _refusal(platform, district, _ore(licence_number=wrong_code)) == {
        "items[0].licence_number": "licence_code"
    }
    scope = record(platform, district.importer_id, number="X-3", hs_scope=["260112"])
    assert _refusal(platform, district, _ore(licence_number=scope)) == {
        "items[0].licence_number": "licence_scope"
    }


def test_a_rejected_declaration_gives_its_write_off_back(
    platform: Platform, district: District
) -> None:
    number = record(platform, district.importer_id)
    lodged = _submit(platform, district, _ore(kg="3000000", licence_number=number))
    assert balance(platform, number) == 2_000_000
    with platform.uow() as uow:
        services.act(
            uow,
            lodged,
            Command.REJECT,
            ActionInput(reason="wrong consignee"),
            ADMIN,
            platform.clock,
        )
    assert balance(platform, number) == GRANTED
    _submit(platform, district, _ore(licence_number=number))  # the whole grant is free again
    assert balance(platform, number) == 0


def test_lines_without_licence_conditions_are_untouched(
    platform: Platform, district: District
) -> None:
    require_licence(platform, ORE, "A")
    _submit(platform, district, _ore())
    assert _counts(platform)[1] == 0
