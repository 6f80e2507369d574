"""Screening in the declaration's lifecycle: what the submission asks of risk.

The submission (``declarations.submission.submit``) calls :meth:`Screener.assess` inside the
submitting transaction: it builds the screening context, evaluates the active rules, asks the
scorer and runs selectivity, in memory; :func:`accept_and_route` then accepts the declaration
and assigns its lane as the ``risk-engine`` system actor (when the district lets the platform
accept automatically), and :meth:`Screener.record` stores the result once the declaration has
been written. A failure anywhere rolls the submission back with it, so no declaration is ever
left submitted but unscreened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.declarations.status import Command
from clearway.enterprises.model import CreditLevel
from clearway.identity.model import Actor
from clearway.ore.classify import classification_of
from clearway.ore.model import OreClassification
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
from clearway.shared.errors import Collector, RuleViolation

RISK_ENGINE = Actor.system("risk-engine")


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


@dataclass(frozen=True)
class Screening:
    """One declaration screened, in memory until :meth:`Screener.record` stores it."""

    selection: Selection
    credit_level: CreditLevel
    ruleset_version: str
    at: datetime
    ore: OreClassification | None  # the ore category, waiting for the declaration's id


class Screener:
    """Screens declarations with the district's settings, the active rules and a scorer."""

    def __init__(self, settings: Settings, scorer: Scorer) -> None:
        self.config = selectivity_config(settings)
        self.scorer = scorer
        self.auto_accept = settings.auto_accept
        self.window = settings.risk_rate_window
        self.negative_list = settings.risk_negative_list
        self.settings = settings  # the ore classification reads its terms
        self._cache: dict[str, ActiveRuleSet] = {}

    def assess(
        self,
        session: Session,
        declaration: Declaration,
        at: datetime,
        floors: Sequence[LaneFloor] = (),
    ) -> Screening:
        """Screen one declaration (reads only): rule hits, model score, selectivity's lane at
        least as high as ``floors`` (the lithium-battery checks' soft findings)."""
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
            floors=list(floors),
        )
        selection = select_lane(candidate, self.config)
        # Classified management of iron ore (docs/ore.md): the category's regime joins the
        # instructions the inspector reads, and the category is stored with the screening.
        ore = classification_of(
            session,
            self.settings,
            declaration,
            loaded.credit_level,
            "screening",
            RISK_ENGINE.username,
            at,
        )
        if ore is not None:
            extra = [i for i in ore.instructions if i not in selection.instructions]
            selection = replace(selection, instructions=(*selection.instructions, *extra))
        return Screening(selection, loaded.credit_level, active.version, at, ore)

    def record(self, session: Session, declaration: Declaration, screening: Screening) -> None:
        """Store the screening (and the ore category) of a declaration that has its id."""
        _store(session, declaration, screening)
        if screening.ore is not None:
            screening.ore.declaration_id = declaration.id
            session.add(screening.ore)

    def _stratum(
        self, session: Session, declaration: Declaration, level: CreditLevel, model_version: str
    ) -> Stratum:
        rows = session.execute(
            _STRATUM,
            {
                "office_code": declaration.office_code,
                "flow": declaration.flow.value,
                "credit_level": level.value,
                "window": self.window,
            },
        ).all()
        if not rows:
            return Stratum()
        reference = sorted(float(score) for score, _, version in rows if version == model_version)
        counts = Counter(pre_lane for _, pre_lane, _ in rows)
        already, reached = {}, 0
        for lane in TOP_UP_ORDER:  # cumulative: red, then red or yellow, then … or blue
            reached += counts.get(lane.value, 0)
            already[lane] = reached / len(rows)
        return Stratum(reference, already)


# Built once: screening runs these on every submission, and a statement rebuilt per call costs
# SQLAlchemy more Python than the database needs to answer it.
_s = risk_screenings.c
# The latest screenings of one office, flow and credit level (the stratum's window).
_STRATUM = (
    select(_s.score, _s.pre_lane, _s.model_version)
    .where(
        _s.office_code == bindparam("office_code"),
        _s.flow == bindparam("flow"),
        _s.credit_level == bindparam("credit_level"),
    )
    .order_by(_s.id.desc())
    .limit(bindparam("window"))
)
_INSERT_SCREENING = insert(risk_screenings).returning(_s.id)
_INSERT_HITS = insert(risk_rule_hits)


def accept_and_route(declaration: Declaration, screening: Screening, at: datetime) -> None:
    """Accept the screened declaration and give it its lane, as the risk engine, with the
    selection's reasons as the reason officers and auditors read."""
    selection = screening.selection
    declaration.apply(Command.ACCEPT, RISK_ENGINE, at, reason="lodged and screened")
    declaration.apply(
        Command.ASSIGN_LANE, RISK_ENGINE, at, reason=selection.summary(), lane=selection.lane
    )


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


def _store(session: Session, declaration: Declaration, screening: Screening) -> None:
    selection = screening.selection
    screening_id = session.execute(
        _INSERT_SCREENING,
        {
            "declaration_id": declaration.id,
            "office_code": declaration.office_code,
            "flow": declaration.flow.value,
            "credit_level": screening.credit_level.value,
            "lane": selection.lane.value,
            "pre_lane": selection.pre_lane.value,
            "selected_by": selection.selected_by,
            "score": selection.score,
            "model_score": selection.model_score,
            "percentile": selection.percentile,
            "reasons": [r.as_dict() for r in selection.reasons],
            "instructions": list(selection.instructions),
            "random_pick": selection.random_pick,
            "model_version": selection.model_version[:120],
            "ruleset_version": screening.ruleset_version,
            "screened_at": screening.at,
        },
    ).scalar_one()
    if selection.hit_outcomes:
        session.execute(
            _INSERT_HITS,
            [
                {
                    "screening_id": screening_id,
                    "declaration_id": declaration.id,
                    "rule_id": o.rule_id,
                    "rule_code": o.rule_code,
                    "selected": o.selected,
                    "forced": o.forced,
                    "hit_at": screening.at,
                }
                for o in selection.hit_outcomes
            ],
        )


def screener_for(settings: Settings) -> Screener:
    """The production screener: the newest model under ``settings.model_dir``, loaded on first
    use."""
    return Screener(settings, ModelScorer(settings.model_dir))
