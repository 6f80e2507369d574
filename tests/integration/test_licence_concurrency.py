"""Two submissions drawing on one licence at once cannot overdraw it: the licence row is read
``FOR UPDATE``, so the second waits for the first and then sees its write-off. Real commits
from two sessions, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.licensing.tables import licence_drawdowns
from clearway.shared.errors import RuleViolation
from tests.builders import declaration_body, ore_item, seed_district
from tests.licensing_support import balance, record, require_licence


def test_two_concurrent_submissions_cannot_overdraw(committed_platform: Platform) -> None:
    platform = committed_platform
    district = seed_district(platform)
    require_licence(platform)
    number = record(platform, district.importer_id)  # 5,000,000 kg
    data = DeclarationInput.model_validate(
        declaration_body("import", [ore_item(kg="3000000", licence_number=number)])
    )
    start = threading.Barrier(2)

    def submit(_: int) -> str:
        start.wait()
        try:
            with platform.uow() as uow:
                services.create(
                    uow, data, district.importer, platform.clock, 50, platform.submission
                )
        except RuleViolation as refused:
            return refused.errors[0].rule
        return "written off"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(submit, range(2)))
    assert outcomes == ["licence_balance", "written off"]
    assert balance(platform, number) == Decimal(2_000_000)
    with platform.sessions() as s:
        assert s.scalar(select(func.count()).select_from(licence_drawdowns)) == 1
