"""One dated list of mainstream iron ore origins, read by classification, pre-arrival screening
and the risk rules alike (docs/rules/mainstream_ore_origins.md).

A dated change — Russia leaves the list after 2026-11-30, Uzbekistan joins on 2026-12-01 — is
seen by all three the same way on the day before and the day of the change, through the use
cases and the API, on SQLite and PostgreSQL. A bad file is refused line by line, nothing kept.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.brokerage import queries as brokerage_queries
from clearway.brokerage import services as brokerage
from clearway.brokerage.screening import BasicPreArrivalScreen
from clearway.identity.model import Role
from clearway.identity.services import actor_of, create_user
from clearway.identity.tokens import issue_token
from clearway.ore.classify import classification_of
from clearway.reference import services as reference
from clearway.reference.loading import parse_mainstream_origins_csv
from clearway.reference.tables import ore_mainstream_origins
from clearway.risk.backtest import backtest
from clearway.risk.commands import BacktestInput
from clearway.risk.transfer import default_ruleset
from clearway.shared.clock import FixedClock
from clearway.shared.errors import RuleViolation
from tests.builders import ADMIN, RISK
from tests.liaison_support import plan_input
from tests.ore_support import OreDistrict, declaration, lodge, ore_district, ore_input

LAST_DAY, CHANGE = date(2026, 11, 30), date(2026, 12, 1)
CHANGE_FILE = (
    "country,valid_from,valid_to,note\n"
    "RU,2020-01-01,2026-11-30,leaves the list after November 2026\n"
    "UZ,2026-12-01,,joins the list in December 2026\n"
)
HARMFUL = next(r for r in default_ruleset()["rules"] if r["rule_code"] == "ORE-HARMFUL")


@pytest.fixture()
def district(platform: Platform) -> OreDistrict:
    found = ore_district(platform)  # loads the shipped list with the reference defaults
    with platform.uow() as uow:
        reference.load_mainstream_origins(
            uow, parse_mainstream_origins_csv(CHANGE_FILE), ADMIN, platform.clock.now()
        )
    return found


def _on(platform: Platform, day: date) -> None:
    assert isinstance(platform.clock, FixedClock)
    platform.clock.set(datetime(day.year, day.month, day.day, 2, tzinfo=UTC))


def test_the_one_reader_sees_the_change_on_its_day(
    platform: Platform, district: OreDistrict
) -> None:
    with platform.sessions() as s:
        before = reference.mainstream_ore_origins_on(s, LAST_DAY)
        after = reference.mainstream_ore_origins_on(s, CHANGE)
    # The shipped list: both old lists' origins (they disagreed on RU and ZA) in one place.
    assert before == {"AU", "BR", "KZ", "MN", "RU", "ZA"}
    assert after == {"AU", "BR", "KZ", "MN", "UZ", "ZA"}


@pytest.mark.parametrize(
    ("origin", "day", "mainstream"),
    [
        ("RU", LAST_DAY, True),
        ("RU", CHANGE, False),
        ("UZ", LAST_DAY, False),
        ("UZ", CHANGE, True),
        ("ZA", CHANGE, True),
    ],
)
def test_classification_screening_and_risk_rules_agree(
    platform: Platform, district: OreDistrict, origin: str, day: date, mainstream: bool
) -> None:
    _on(platform, day)
    importer = district.actors["advanced_certified"]
    number = lodge(platform, importer, ore_input(origin=origin, declaration_date=day.isoformat()))
    found = declaration(platform, number)
    from clearway.enterprises.model import CreditLevel

    with platform.sessions() as s:
        s.add(found)
        category = classification_of(
            s, platform.settings, found, CreditLevel.ADVANCED_CERTIFIED, "on_demand", "t", day
        )
        assert category is not None
        origin_reason = f"origin {origin} is not a mainstream origin"
        assert any(origin_reason in r for r in category.reasons) is not mainstream
        hits = backtest(
            s, RISK, BacktestInput(criteria=HARMFUL["criteria"], date_from=day, date_to=day)
        ).hits
        assert hits == (0 if mainstream else 1)
    with platform.uow() as uow:
        plan = brokerage.submit_plan(
            uow,
            plan_input(
                district.base.importer_id,
                origin_country=origin,
                arrival_from=(day + timedelta(days=1)).isoformat(),
                arrival_to=(day + timedelta(days=2)).isoformat(),
            ),
            district.base.broker,
            platform.clock,
            BasicPreArrivalScreen(),
        )
    with platform.sessions() as s:
        reasons = brokerage_queries.get_plan(s, RISK, plan.id).risk_reasons
        assert ("non_mainstream_origin" in [r["rule"] for r in reasons]) is not mainstream


def test_a_bad_file_is_refused_by_line_and_nothing_is_kept(
    platform: Platform, district: OreDistrict
) -> None:
    with platform.sessions() as s:
        stored = s.execute(select(func.count()).select_from(ore_mainstream_origins)).scalar_one()
    bad = (
        "country,valid_from,valid_to,note\n"
        "XX,2026-01-01,,no such country\n"
        "KZ,2026-13-01,,bad date\n"
        "AU,2026-01-01,2025-01-01,ends first\n"
        "BR,2026-01-01,,\n"
        "BR,2026-06-01,,overlaps\n"
    )
    with pytest.raises(RuleViolation) as refused:
        parse_mainstream_origins_csv(bad)
    assert {(e.path, e.rule) for e in refused.value.errors} == {
        ("line 2.country", "country"),
        ("line 3.valid_from", "date"),
        ("line 4.valid_to", "period"),
    }
    with pytest.raises(RuleViolation) as overlap:
        parse_mainstream_origins_csv("country,valid_from,valid_to,note\n" + bad.split("\n", 4)[4])
    assert [(e.path, e.rule) for e in overlap.value.errors] == [("country BR", "overlap")]
    with platform.sessions() as s:
        after = s.execute(select(func.count()).select_from(ore_mainstream_origins)).scalar_one()
    assert after == stored


def _token(platform: Platform) -> str:
    with platform.uow() as uow:
        user = create_user(
            uow, "ore-desk", "pw-" + "x" * 12, "Ore desk", Role.RISK_OFFICER, None, ADMIN,
            platform.clock,
        )  # fmt: skip
    return issue_token(actor_of(user), platform.settings.secret_key, 30, datetime.now(UTC))


@pytest.mark.parametrize(("day", "has", "lacks"), [(LAST_DAY, "RU", "UZ"), (CHANGE, "UZ", "RU")])
def test_the_api_answers_the_list_of_a_day(
    platform: Platform, district: OreDistrict, day: date, has: str, lacks: str
) -> None:
    client = TestClient(create_app(platform))
    headers = {"Authorization": f"Bearer {_token(platform)}"}
    got = client.get(f"/api/v1/reference/mainstream-ore-origins?on={day}", headers=headers)
    assert got.status_code == 200, got.json()
    body: dict[str, Any] = got.json()
    assert body["on"] == day.isoformat() and has in body["countries"]
    assert lacks not in body["countries"]
    bad = client.get("/api/v1/reference/mainstream-ore-origins?on=2026-13-01", headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
