"""Risk rules, backtests and screening on SQLite and PostgreSQL, through the real migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.declarations.submission import screen_pending
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel
from clearway.risk import queries, services, transfer
from clearway.risk.backtest import backtest
from clearway.risk.commands import BacktestInput, ListValuesInput, NamedListInput, RuleInput
from clearway.risk.queries import Period
from clearway.risk.rules import RuleStatus
from clearway.risk.scoring import ScoreResult
from clearway.risk.tables import risk_rule_hits, risk_screenings
from clearway.risk.transfer import default_ruleset
from clearway.shared.errors import Conflict, PermissionDenied, RuleViolation
from tests.builders import ADMIN, INSPECTOR, RISK, TODAY, District, make_declaration, seed_district
from tests.conftest import rewired

ORE_RULE = {"field": "item.tariff_code", "op": "prefix", "value": "2601"}
QUIET_RATES = {level.value: {} for level in CreditLevel} | {
    "dishonest": {"red": 0.8},
    "seriously_dishonest": {"red": 0.8},
}


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def screening(platform: Platform, scorer: Any = None, **settings: Any) -> Platform:
    """The platform with screening wired into submission, as `bootstrap.build` does."""
    return rewired(platform, scorer, **settings)


def lodge(platform: Platform, district: District, flow: str = "import") -> str:
    actor = district.broker if flow == "import" else district.exporter
    extra = {"trader_id": district.importer_id} if flow == "import" else {}
    with platform.uow() as uow:
        number = declarations.create(
            uow, make_declaration(flow=flow, **extra), actor, platform.clock, 50
        ).number
    act(platform, number, Command.SUBMIT, actor)
    return number


def act(platform: Platform, number: str, command: Command, actor: Any, **action: Any) -> Any:
    with platform.uow() as uow:
        return declarations.act(
            uow, number, command, ActionInput(**action), actor, platform.clock, platform.submission
        )


def rule(code: str = "ORE-ALL", criteria: dict[str, Any] | None = None, **effect: Any) -> RuleInput:
    return RuleInput.model_validate(
        {
            "rule_code": code,
            "description": "Iron ore imports",
            "criteria": criteria or ORE_RULE,
            "effect": effect or {"lane": "yellow"},
            "instructions": ["radiation screening"],
        }
    )


def audit(platform: Platform, entity: str) -> list[str]:
    a = audit_events.c
    with platform.sessions() as s:
        return list(s.execute(select(a.action).where(a.entity == entity).order_by(a.id)).scalars())


def test_rules_are_versioned_activated_retired_and_audited(platform: Platform) -> None:
    with platform.uow() as uow:
        v1 = services.create_rule(uow, rule(), RISK, platform.clock)
    assert (v1.version, v1.status, v1.author) == (1, RuleStatus.DRAFT, "risk")
    with platform.uow() as uow:
        services.activate_rule(uow, v1.id, RISK, platform.clock)
    with platform.uow() as uow:
        v2 = services.change_rule(uow, v1.id, rule(lane="red"), ADMIN, platform.clock)
    assert (v2.version, v2.status) == (2, RuleStatus.DRAFT)
    with platform.uow() as uow:
        services.activate_rule(uow, v2.id, RISK, platform.clock)
    with platform.sessions() as s:
        versions = services.list_rules(s, INSPECTOR, code="ORE-ALL")
    assert [(r.version, r.status) for r in versions] == [
        (1, RuleStatus.RETIRED),
        (2, RuleStatus.ACTIVE),
    ]
    with platform.uow() as uow:
        services.retire_rule(uow, v2.id, RISK, platform.clock, "season over")
    with pytest.raises(Conflict), platform.uow() as uow:
        services.activate_rule(uow, v2.id, RISK, platform.clock)
    assert audit(platform, "risk_rule") == [
        "risk_rule.created",
        "risk_rule.activated",
        "risk_rule.changed",
        "risk_rule.retired",
        "risk_rule.activated",
        "risk_rule.retired",
    ]


def test_rule_refusals(platform: Platform, district: District) -> None:
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.create_rule(uow, rule(), district.importer, platform.clock)
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.create_rule(uow, rule(), INSPECTOR, platform.clock)
    missing = {"field": "item.origin_country", "op": "in_list", "list": "nowhere"}
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.create_rule(uow, rule(criteria=missing), RISK, platform.clock)
    assert [e.path for e in refused.value.errors] == ["criteria.list"]
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.create_rule(
            uow, rule(lane="blue", max_hits_without_selection=3), RISK, platform.clock
        )
    assert [e.path for e in refused.value.errors] == ["effect.max_hits_without_selection"]
    with platform.uow() as uow:
        services.create_rule(uow, rule(), RISK, platform.clock)
    with pytest.raises(Conflict), platform.uow() as uow:
        services.create_rule(uow, rule(), RISK, platform.clock)


def test_named_lists_are_versioned_and_audited(platform: Platform) -> None:
    with platform.uow() as uow:
        created = services.create_list(
            uow,
            NamedListInput(name="mainstream", kind="countries", values=["au", "BR"]),
            RISK,
            platform.clock,
        )
    assert created.entries == ("AU", "BR") and created.version == 1
    with platform.uow() as uow:
        changed = services.replace_list(
            uow, "mainstream", ListValuesInput(values=["AU"]), RISK, platform.clock
        )
    assert changed.entries == ("AU",) and changed.version == 2
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.replace_list(
            uow, "mainstream", ListValuesInput(values=["AU", "Brazil"]), RISK, platform.clock
        )
    assert refused.value.errors[0].path == "values.1"
    assert audit(platform, "risk_list") == ["risk_list.created", "risk_list.changed"]


def test_rule_set_round_trip(platform: Platform) -> None:
    with platform.uow() as uow:
        first = transfer.import_ruleset(uow, default_ruleset(), RISK, platform.clock, True)
    assert len(first.rules_created) == len(first.rules_activated) == 5
    with platform.sessions() as s:
        exported = transfer.export_ruleset(s, RISK)
    assert {r["rule_code"] for r in exported["rules"]} == set(first.rules_created)
    with platform.uow() as uow:
        again = transfer.import_ruleset(uow, exported, RISK, platform.clock)
    assert sorted(again.rules_unchanged) == sorted(first.rules_created)
    assert not again.rules_changed
    exported["rules"][0]["description"] = "changed wording"
    exported["rules"][1]["criteria"] = {"field": "item.weight", "op": "gt", "value": 1}
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        transfer.import_ruleset(uow, exported, RISK, platform.clock)
    assert [e.path for e in refused.value.errors] == ["rules.1.criteria.field"]


def test_backtest_counts_hits_against_known_outcomes(
    platform: Platform, district: District
) -> None:
    rejected, inspected, released = (lodge(platform, district) for _ in range(3))
    amended = lodge(platform, district, "export")
    act(platform, rejected, Command.REJECT, RISK, reason="incomplete elements")
    for number in (inspected, released, amended):
        act(platform, number, Command.ACCEPT, RISK)
    act(platform, amended, Command.REQUEST_AMENDMENT, RISK, reason="weight differs")
    for number, lane in ((inspected, Lane.RED), (released, Lane.GREEN)):
        act(platform, number, Command.ASSIGN_LANE, RISK, lane=lane, reason="manual")
    act(platform, inspected, Command.BEGIN_INSPECTION, INSPECTOR)
    with platform.sessions() as s:
        result = backtest(s, RISK, BacktestInput(criteria=ORE_RULE, date_from=TODAY, date_to=TODAY))
    assert (result.declarations, result.hits, result.known_outcomes, result.nonconform) == (
        4,
        3,
        2,
        1,
    )
    assert (result.hit_rate, result.base_rate, result.lift) == (0.5, 0.6667, 0.75)
    assert result.sample[0]["why"] == "item 1: tariff code 2601111000 starts with 2601"
    with platform.sessions() as s:
        empty = backtest(
            s,
            RISK,
            BacktestInput(criteria=ORE_RULE, date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)),
        )
    assert (empty.declarations, empty.hits, empty.hit_rate) == (0, 0, None)


def test_submission_is_screened_in_the_same_transaction(
    platform: Platform, district: District
) -> None:
    with platform.uow() as uow:
        transfer.import_ruleset(uow, default_ruleset(), RISK, platform.clock, True)
    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            district.importer_id,
            CreditLevelInput(
                level=CreditLevel.DISHONEST, effective_from=date(2026, 6, 1), reason="smuggling"
            ),
            ADMIN,
            platform.clock,
        )
    wired = screening(platform)
    number = lodge(wired, district)
    with wired.sessions() as s:
        declaration = declarations.get_visible(s, RISK, number)
        view = queries.screening_of(s, RISK, number)
    assert declaration.status is Status.RISK_ASSESSED and declaration.lane is Lane.RED
    assert [(e.command, e.actor) for e in declaration.events] == [
        ("submit", "broker"),
        ("accept", "risk-engine"),
        ("assign_lane", "risk-engine"),
    ]
    assert "CREDIT-DISHONEST v1" in declaration.events[-1].reason
    assert view.lane == "red" and view.credit_level == "dishonest"
    assert view.ruleset_version.startswith("rs-") and view.model_version == "none"
    assert any(i.startswith("Radiation screening") for i in view.instructions)
    assert {r["code"] for r in view.reasons} >= {"CREDIT-DISHONEST v1", "ORE-RADIATION v1"}


class BrokenScorer:
    def score(self, declaration_records: Any) -> ScoreResult:
        raise RuntimeError("scoring service down")


def test_a_failing_screening_rolls_the_submission_back(
    platform: Platform, district: District
) -> None:
    wired = screening(platform, BrokenScorer())
    with wired.uow() as uow:
        number = declarations.create(
            uow, make_declaration(), district.exporter, wired.clock, 50
        ).number
    with pytest.raises(RuntimeError):
        act(wired, number, Command.SUBMIT, district.exporter)
    with wired.sessions() as s:
        assert declarations.get_visible(s, RISK, number).status is Status.DRAFT
        assert s.execute(select(risk_screenings.c.id)).first() is None


def test_pending_submissions_are_screened_later(platform: Platform, district: District) -> None:
    unscreened = replace(platform, submission=replace(platform.submission, screener=None))
    number = lodge(unscreened, district, "export")  # screening off: stays submitted
    screener = screening(platform).submission
    with platform.uow() as uow:
        assert screen_pending(uow, screener, platform.clock) == [number]
    with platform.uow() as uow:
        assert screen_pending(uow, screener, platform.clock) == []
    with platform.sessions() as s:
        assert declarations.get_visible(s, RISK, number).status is Status.RISK_ASSESSED
    manual = screening(platform, auto_accept=False)
    held = lodge(manual, district, "export")
    with manual.sessions() as s:
        assert declarations.get_visible(s, RISK, held).status is Status.SUBMITTED
        assert queries.screening_of(s, RISK, held).lane in {x.value for x in Lane}
    with platform.uow() as uow:
        assert screen_pending(uow, screener, platform.clock) == []


def test_an_officer_reroute_keeps_its_reason(platform: Platform, district: District) -> None:
    wired = screening(platform, risk_lane_rates=QUIET_RATES, risk_random_quota={})
    number = lodge(wired, district, "export")
    act(wired, number, Command.REROUTE, RISK, lane=Lane.RED, reason="intelligence on the seller")
    with wired.sessions() as s:
        view = queries.screening_of(s, RISK, number)
    assert view.lane == "green" and view.current_lane == "red"
    assert [(r.lane, r.reason, r.actor) for r in view.reroutes] == [
        ("red", "intelligence on the seller", "risk")
    ]
    with pytest.raises(PermissionDenied), wired.sessions() as s:
        queries.screening_of(s, district.exporter, number)


def test_max_hits_without_selection_forces_selection(
    platform: Platform, district: District
) -> None:
    with platform.uow() as uow:
        created = services.create_rule(
            uow,
            rule(lane="red", selection_rate=0.000001, max_hits_without_selection=2),
            RISK,
            platform.clock,
        )
        services.activate_rule(uow, created.id, RISK, platform.clock)
    wired = screening(platform, risk_lane_rates=QUIET_RATES, risk_random_quota={})
    lanes = []
    for _ in range(4):
        number = lodge(wired, district)
        with wired.sessions() as s:
            lanes.append(declarations.get_visible(s, RISK, number).lane)
    assert lanes == [Lane.GREEN, Lane.GREEN, Lane.RED, Lane.GREEN]
    h = risk_rule_hits.c
    with wired.sessions() as s:
        rows = s.execute(select(h.selected, h.forced).order_by(h.id)).all()
    assert [tuple(r) for r in rows] == [
        (False, False),
        (False, False),
        (True, True),
        (False, False),
    ]


def test_what_risk_officers_watch(platform: Platform, district: District) -> None:
    with platform.uow() as uow:
        created = services.create_rule(uow, rule(), RISK, platform.clock)
        services.activate_rule(uow, created.id, RISK, platform.clock)
    wired = screening(platform, risk_random_quota={"*": {"red": 1.0}})
    numbers = [lodge(wired, district) for _ in range(3)] + [lodge(wired, district, "export")]
    act(wired, numbers[0], Command.BEGIN_INSPECTION, INSPECTOR)
    act(wired, numbers[1], Command.REQUEST_AMENDMENT, RISK, reason="weight differs")
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    with wired.sessions() as s:
        stats = queries.rule_stats(s, RISK, period)
        lanes = queries.lane_rates(s, RISK, period)
        lift = queries.lift(s, RISK, period)
        drift = queries.score_drift(s, RISK, period)
    assert [
        (r.rule_code, r.hits, r.selected, r.known_outcomes, r.nonconform, r.hit_rate) for r in stats
    ] == [("ORE-ALL", 3, 3, 2, 1, 0.5)]
    assert {(x.office_code, x.credit_level, x.screened, x.counts["red"]) for x in lanes} == {
        ("7909", "regular", 3, 3),
        ("0291", "advanced_certified", 1, 0),
    }
    assert lift.random.picks == 3 and lift.random.hit_rate == 0.5
    assert [(w.week, w.screened) for w in drift] == [("2026-W47", 4)]


def test_history_rules_see_only_earlier_declarations(
    platform: Platform, district: District
) -> None:
    history = {"field": "history.trader_declarations", "op": "gte", "value": 2}
    with platform.uow() as uow:
        created = services.create_rule(
            uow, rule("FREQUENT", history, lane="red"), RISK, platform.clock
        )
        services.activate_rule(uow, created.id, RISK, platform.clock)
    wired = screening(platform, risk_lane_rates=QUIET_RATES, risk_random_quota={})
    lanes = []
    for _ in range(3):
        platform.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
        number = lodge(wired, district)
        with wired.sessions() as s:
            lanes.append(declarations.get_visible(s, RISK, number).lane)
    assert lanes == [Lane.GREEN, Lane.GREEN, Lane.RED]
    with wired.sessions() as s:
        reason = queries.screening_of(s, RISK, number).reasons[0]["text"]
    assert "trader's earlier declarations 2 ≥ 2" in reason
