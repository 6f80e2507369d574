"""Screening in the declaration's lifecycle: the submit hook and the drain of pending ones.

The hook runs inside the submitting transaction: it builds the screening context, evaluates the
active rules, asks the scorer, runs selectivity, stores the result and — when the district lets
the platform accept automatically — accepts the declaration and assigns its lane as the
``risk-engine`` system actor, with the reasons as the event's reason. A failure anywhere rolls
the submission back with it, so no declaration is ever left submitted but unscreened.
``screen_pending`` covers the other way in (declarations submitted while screening was off, or
written by an older version): it is run at start-up and by ``clearway risk rules screen-pending``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.declarations.services import SubmitHook
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declarations
from clearway.enterprises.model import CreditLevel
from clearway.identity.model import Actor
from clearway.ore.classify import with_ore_classification
from clearway.persistence.db import UnitOfWork
from clearway.risk.context import ContextLoader
from clearway.risk.lists import NamedList
from clearway.risk.ruleset import ActiveRuleSet, load_active
from clearway.risk.scoring import ModelScorer, Scorer
from clearway.risk.selectivity import (
    TOP_UP_ORDER,
    Candidate,
    LaneFloor,
    LaneRates,
    RuleHit,
    Selection,
    SelectivityConfig,
    Stratum,
    check_config,
    select_lane,
)
from clearway.risk.tables import risk_rule_hits, risk_screenings
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, RuleViolation

RISK_ENGINE = Actor.system("risk-engine")
# Lanes that checks run earlier in the submission ask for at least (soft dangerous-goods
# findings); read in the same transaction, so they count as much as a rule hit.
FloorSource = Callable[[Session, Declaration], Sequence[LaneFloor]]


def selectivity_config(settings: Settings) -> SelectivityConfig:
    """Rates and quotas from settings, refused at start-up when they break Decree 282."""
    errors = Collector()
    rates: dict[CreditLevel, LaneRates] = {}
    for key, value in settings.risk_lane_rates.items():
        try:
            rates[CreditLevel(key)] = LaneRates.from_mapping(value)
        except ValueError:
            errors.add(f"risk_lane_rates.{key}", "credit_level", "is not a credit level")
    quota = {k: LaneRates.from_mapping(v) for k, v in settings.risk_random_quota.items()}
    config = SelectivityConfig(rates, quota, settings.risk_salt)
    if not errors.errors:
        check_config(config, errors)
    if errors.errors:
        raise RuleViolation(errors.errors, "risk selectivity settings are not valid")
    return config


class Screener:
    """Screens declarations with the district's settings, the active rules and a scorer."""

    def __init__(
        self, settings: Settings, scorer: Scorer, floor_sources: Sequence[FloorSource] = ()
    ) -> None:
        self.config = selectivity_config(settings)
        self.floor_sources = tuple(floor_sources)
        self.scorer = scorer
        self.auto_accept = settings.auto_accept
        self.window = settings.risk_rate_window
        self.negative_list = settings.risk_negative_list
        self.settings = settings  # the ore classification reads its terms
        self._cache: dict[str, ActiveRuleSet] = {}

    def on_submit(
        self, session: Session, declaration: Declaration, _submitter: Actor, at: datetime
    ) -> None:
        """The submit hook: screen, store, and (when configured) accept and assign the lane."""
        selection = self.screen(session, declaration, at)
        if self.auto_accept:
            declaration.apply(Command.ACCEPT, RISK_ENGINE, at, reason="lodged and screened")
            declaration.apply(
                Command.ASSIGN_LANE,
                RISK_ENGINE,
                at,
                reason=selection.summary(),
                lane=selection.lane,
            )

    def screen(self, session: Session, declaration: Declaration, at: datetime) -> Selection:
        """Screen one declaration and store the result (in the caller's transaction)."""
        active = load_active(session, self._cache)
        loaded = ContextLoader(session).load(declaration, with_history=active.uses_history)
        hits = []
        for rule in active.in_force_on(at.date()):
            assert rule.compiled is not None
            hit = rule.compiled.evaluate(loaded.context)
            if hit is None:
                continue
            limit = rule.effect.max_hits_without_selection
            hits.append(
                RuleHit(
                    rule_id=rule.id,
                    rule_code=rule.rule_code,
                    version=rule.version,
                    description=rule.description,
                    why=hit.text(),
                    lane=rule.effect.lane,
                    score=rule.effect.score,
                    instructions=rule.instructions,
                    selection_rate=rule.effect.selection_rate,
                    max_hits_without_selection=limit,
                    unselected_streak=_streak(session, rule.rule_code, limit) if limit else 0,
                )
            )
        score, features, model_version = self.scorer.score(loaded.records)
        candidate = Candidate(
            number=declaration.number,
            office_code=declaration.office_code,
            flow=declaration.flow.value,
            credit_level=loaded.credit_level,
            model_score=score,
            model_version=model_version,
            top_features=features,
            hits=hits,
            negative_list_lines=_negative_lines(active.lists.get(self.negative_list), declaration),
            stratum=self._stratum(session, declaration, loaded.credit_level, model_version),
            floors=[f for source in self.floor_sources for f in source(session, declaration)],
        )
        selection = select_lane(candidate, self.config)
        # Classified management of iron ore (docs/ore.md): the ore category is stored and its
        # regime joins the instructions the inspector reads.
        selection = with_ore_classification(
            session, self.settings, declaration, loaded.credit_level, at, selection
        )
        _store(session, declaration, loaded.credit_level, selection, active.version, at)
        return selection

    def _stratum(
        self, session: Session, declaration: Declaration, level: CreditLevel, model_version: str
    ) -> Stratum:
        s = risk_screenings.c
        rows = session.execute(
            select(s.score, s.pre_lane, s.model_version)
            .where(
                s.office_code == declaration.office_code,
                s.flow == declaration.flow.value,
                s.credit_level == level.value,
            )
            .order_by(s.id.desc())
            .limit(self.window)
        ).all()
        if not rows:
            return Stratum()
        reference = sorted(float(r.score) for r in rows if r.model_version == model_version)
        counts = Counter(r.pre_lane for r in rows)
        already, reached = {}, 0
        for lane in TOP_UP_ORDER:  # cumulative: red, then red or yellow, then … or blue
            reached += counts.get(lane.value, 0)
            already[lane] = reached / len(rows)
        return Stratum(reference, already)


def _streak(session: Session, rule_code: str, limit: int) -> int:
    """How many of the rule's latest hits in a row did not end in selection."""
    h = risk_rule_hits.c
    recent = session.execute(
        select(h.selected).where(h.rule_code == rule_code).order_by(h.id.desc()).limit(limit)
    ).scalars()
    streak = 0
    for selected in recent:
        if selected:
            break
        streak += 1
    return streak


def _negative_lines(named: NamedList | None, declaration: Declaration) -> list[str]:
    if named is None:
        return []
    prefixes: Sequence[Any] = named.entries
    return [
        f"item {i.line_no} {i.tariff_code}"
        for i in declaration.items
        if any(i.tariff_code.startswith(str(p)) for p in prefixes)
    ]


def _store(
    session: Session,
    declaration: Declaration,
    level: CreditLevel,
    selection: Selection,
    ruleset_version: str,
    at: datetime,
) -> None:
    screening_id = session.execute(
        insert(risk_screenings)
        .values(
            declaration_id=declaration.id,
            office_code=declaration.office_code,
            flow=declaration.flow.value,
            credit_level=level.value,
            lane=selection.lane.value,
            pre_lane=selection.pre_lane.value,
            selected_by=selection.selected_by,
            score=selection.score,
            model_score=selection.model_score,
            percentile=selection.percentile,
            reasons=[r.as_dict() for r in selection.reasons],
            instructions=list(selection.instructions),
            random_pick=selection.random_pick,
            model_version=selection.model_version[:120],
            ruleset_version=ruleset_version,
            screened_at=at,
        )
        .returning(risk_screenings.c.id)
    ).scalar_one()
    if selection.hit_outcomes:
        session.execute(
            insert(risk_rule_hits),
            [
                {
                    "screening_id": screening_id,
                    "declaration_id": declaration.id,
                    "rule_id": o.rule_id,
                    "rule_code": o.rule_code,
                    "selected": o.selected,
                    "forced": o.forced,
                    "hit_at": at,
                }
                for o in selection.hit_outcomes
            ],
        )


def make_submit_hook(
    settings: Settings, scorer: Scorer, floor_sources: Sequence[FloorSource] = ()
) -> SubmitHook:
    """The hook ``declarations.services.act`` calls inside the submitting transaction."""
    return Screener(settings, scorer, floor_sources).on_submit


def submit_hook_for(settings: Settings, floor_sources: Sequence[FloorSource] = ()) -> SubmitHook:
    """The production hook: the newest model under ``settings.model_dir``, loaded on first use."""
    return make_submit_hook(settings, ModelScorer(settings.model_dir), floor_sources)


def screener_of(hook: SubmitHook | None) -> Screener | None:
    """The screener behind a platform's submit hook, if screening is wired."""
    owner = getattr(hook, "__self__", None)
    wrapped = getattr(hook, "__wrapped__", None)
    if not isinstance(owner, Screener) and wrapped is not None:
        return screener_of(wrapped)  # a hook composed around screening
    return owner if isinstance(owner, Screener) else None


def screen_pending(uow: UnitOfWork, screener: Screener, clock: Clock) -> list[str]:
    """Screen every submitted declaration that has no screening since it was lodged."""
    d, s = declarations.c, risk_screenings.c
    screened = exists().where(s.declaration_id == d.id, s.screened_at >= d.lodged_at)
    pending = (
        uow.session.execute(
            select(d.id).where(d.status == Status.SUBMITTED.value, ~screened).order_by(d.id)
        )
        .scalars()
        .all()
    )
    done: list[str] = []
    for declaration_id in pending:
        declaration = uow.session.get(Declaration, declaration_id)
        if declaration is None:
            continue
        screener.on_submit(uow.session, declaration, RISK_ENGINE, clock.now())
        uow.commit()
        done.append(declaration.number)
    return done
