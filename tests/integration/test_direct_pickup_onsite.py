"""Direct pickup of iron ore waits for the train-side on-site inspection (GACC 2020 No. 69).

Direct pickup skips the move to an inspection yard, not the check: on arrival a qualifying ore
declaration waits (``awaiting_onsite``); a conforming on-site result releases it, a detaining
one holds it, and an officer's waiver with a reason (audited) stands in for the result. Through
the use cases and the API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.arrivals.model import PickupOutcome
from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.declarations.status import Status
from clearway.identity.model import Actor, Role
from clearway.identity.services import actor_of, create_user
from clearway.identity.tokens import issue_token
from clearway.ore import queries, waivers
from clearway.ore.commands import WaiverInput
from clearway.ore.model import OnsiteWaiver, ReleaseDecision
from clearway.ore.tables import ore_onsite_waivers
from clearway.shared.errors import Conflict, IllegalTransition, PermissionDenied, RuleViolation
from tests.builders import ADMIN, INSPECTOR
from tests.conftest import settings_for
from tests.integration.test_direct_pickup import arrive, inspect_at_train, outcomes
from tests.ore_support import OreDistrict, declaration, guarantee, lodge, ore_district, ore_input

AEO = "advanced_certified"
REASON = "whole train scanned at the border portal, no alarm; lot under customs seal"


@pytest.fixture()
def district(platform: Platform) -> OreDistrict:
    return ore_district(platform)


def _waiting(platform: Platform, district: OreDistrict, means: str = "X9001") -> str:
    """A direct-pickup ore declaration of the advanced certified importer, arrived, waiting."""
    guarantee(platform, district.ids[AEO], "2000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup", means=means))
    platform.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    [(outcome, _)] = outcomes(arrive(platform, means)).values()
    assert outcome is PickupOutcome.AWAITING_ONSITE
    return number


def _waive(
    platform: Platform,
    number: str,
    actor: Actor = INSPECTOR,
    expected_version: int | None = None,
) -> OnsiteWaiver:
    data = WaiverInput(reason=REASON, expected_version=expected_version)
    with platform.uow() as uow:
        return waivers.waive_onsite(uow, number, data, actor, platform.clock, platform.settings)


def _waivers(platform: Platform) -> int:
    with platform.sessions() as s:
        return int(s.execute(select(func.count()).select_from(ore_onsite_waivers)).scalar_one())


def test_arrival_alone_no_longer_releases_ore(platform: Platform, district: OreDistrict) -> None:
    number = _waiting(platform, district)
    found = declaration(platform, number)
    assert found.status is Status.RISK_ASSESSED and found.released_at is None


def test_a_detaining_train_side_result_holds_the_goods(
    platform: Platform, district: OreDistrict
) -> None:
    number = _waiting(platform, district)
    inspection = inspect_at_train(platform, number, solid_waste=True)
    assert inspection.release_decision is ReleaseDecision.DETAINED
    found = declaration(platform, number)
    assert found.status is Status.SUSPENDED and found.released_at is None


def test_a_waiver_after_arrival_releases_and_is_audited(
    platform: Platform, district: OreDistrict
) -> None:
    number = _waiting(platform, district)
    waiver = _waive(platform, number)
    assert waiver.reason == REASON and waiver.waived_by == INSPECTOR.username
    assert waiver.release_note.startswith("direct pickup: train-side on-site inspection waived")
    assert declaration(platform, number).status is Status.RELEASED
    with platform.sessions() as s:
        [(payload,)] = s.execute(
            select(audit_events.c.detail).where(audit_events.c.action == "ore.onsite_waived")
        ).all()
        assert payload["reason"] == REASON
        record = queries.visible_record(s, INSPECTOR, number)
        assert record.waiver is not None and record.waiver.reason == REASON


def test_a_waiver_before_arrival_lets_the_arrival_release(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "2000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup"))
    waiver = _waive(platform, number)
    assert waiver.release_note.startswith("not arrived yet")
    platform.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    [(outcome, reasons)] = outcomes(arrive(platform)).values()
    assert outcome is PickupOutcome.RELEASED, reasons


def test_bad_waivers_are_refused_naming_the_rule_and_nothing_is_written(
    platform: Platform, district: OreDistrict
) -> None:
    standard = lodge(platform, district.actors[AEO], ore_input())
    with pytest.raises(RuleViolation) as refused:
        _waive(platform, standard)
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("facilitation_measures", "ore.waiver_direct_pickup")
    ]
    number = _waiting(platform, district, means="X9002")
    with pytest.raises(PermissionDenied):
        _waive(platform, number, actor=district.actors[AEO])
    with pytest.raises(Conflict):
        _waive(platform, number, expected_version=1)
    assert _waivers(platform) == 0
    inspect_at_train(platform, number, solid_waste=True)
    with pytest.raises(IllegalTransition) as held:  # suspended: not waivable
        _waive(platform, number)
    assert "suspended" in str(held.value)
    assert _waivers(platform) == 0 and declaration(platform, number).released_at is None


def test_a_waiver_cannot_replace_the_samples_a_category_requires(
    platform: Platform, district: OreDistrict
) -> None:
    from clearway.enterprises.model import CreditLevel
    from clearway.ore.classify import classification_of

    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup", origin="IN"))
    with platform.uow() as uow:
        found = declaration(platform, number)
        uow.session.add(found)
        uow.session.add(
            classification_of(
                uow.session,
                platform.settings,
                found,
                CreditLevel.ADVANCED_CERTIFIED,
                "screening",
                "risk-engine",
                platform.clock.now(),
            )
        )
        uow.commit()
    with pytest.raises(RuleViolation) as refused:
        _waive(platform, number)
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("declaration", "ore.sampling_required")
    ]
    assert _waivers(platform) == 0


def test_a_district_without_the_requirement_releases_on_arrival(
    platform: Platform, district: OreDistrict
) -> None:
    relaxed = replace(
        platform,
        settings=settings_for(platform.engine, direct_pickup_waits_for_onsite=False),
    )
    guarantee(relaxed, district.ids[AEO], "2000000")
    lodge(relaxed, district.actors[AEO], ore_input(mode="direct_pickup"))
    relaxed.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    [(outcome, _)] = outcomes(arrive(relaxed)).values()
    assert outcome is PickupOutcome.RELEASED


def _token(platform: Platform, username: str, role: Role, enterprise_id: int | None) -> str:
    with platform.uow() as uow:
        user = create_user(
            uow, username, "pw-" + "x" * 12, username, role, enterprise_id, ADMIN, platform.clock
        )
    return issue_token(actor_of(user), platform.settings.secret_key, 30, datetime.now(UTC))


def test_the_waiver_over_the_api(platform: Platform, district: OreDistrict) -> None:
    officer = _token(platform, "site-officer", Role.INSPECTION_OFFICER, None)
    importer = _token(platform, "ore-importer", Role.ENTERPRISE_USER, district.ids[AEO])
    number = _waiting(platform, district)
    client = TestClient(create_app(platform))
    url = f"/api/v1/ore/declarations/{number}/onsite-waiver"

    def post(token: str, body: dict[str, Any]) -> Any:
        return client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})

    short = post(officer, {"reason": "ok"})
    assert short.status_code == 422
    assert short.headers["content-type"].startswith("application/problem+json")
    assert [e["path"] for e in short.json()["errors"]] == ["reason"]
    assert post(importer, {"reason": REASON}).status_code == 403
    assert _waivers(platform) == 0
    done = post(officer, {"reason": REASON})
    assert done.status_code == 201, done.json()
    assert done.json()["declaration"]["status"] == "released"
    assert done.json()["waiver"]["reason"] == REASON
    again = post(officer, {"reason": REASON})
    assert again.status_code in (409, 422) and again.headers["content-type"].startswith(
        "application/problem+json"
    )
    record = client.get(
        f"/api/v1/ore/declarations/{number}", headers={"Authorization": f"Bearer {importer}"}
    ).json()
    assert record["onsite_waiver"]["waived_by"] == "site-officer"
