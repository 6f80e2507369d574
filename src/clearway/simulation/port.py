"""The port as queues (SimPy): arrivals, lodgement, screening, controls, lab, payment, release,
transshipment and exit.

Lanes come from the platform's real selectivity (``risk.selectivity.select_lane``) and each
measure applies only where the real eligibility rule allows it (``simulation.rules``). Officers,
lab benches and reloading tracks are SimPy resources working their stated hours. Steps that wait
for no one (electronic acceptance, the risk result) are arithmetic, not events, so a year of
traffic runs in seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any

import simpy

from clearway.declarations.model import Lane
from clearway.declarations.status import Milestone
from clearway.enterprises.model import CreditLevel
from clearway.risk.selectivity import (
    Candidate,
    LaneRates,
    SelectivityConfig,
    check_config,
    select_lane,
)
from clearway.shared.errors import Collector, RuleViolation
from clearway.simulation.distributions import Sampler
from clearway.simulation.model import FinalStatus, SimulatedDeclaration
from clearway.simulation.rules import Hours, eligible, wait_for_officer
from clearway.simulation.scenario import Lanes, Measure, Scenario, Step

M = Milestone
Process = Generator[simpy.Event, Any, None]
Work = Generator[simpy.Event, Any, float]


def selectivity_of(scenario: Scenario) -> SelectivityConfig:
    """The scenario's rates as the platform's selectivity config, held to Decree 282."""
    risk = scenario.risk
    config = SelectivityConfig(
        rates={level: _rates(r) for level, r in risk.lane_rates.items()},
        random_quota={k: _rates(v) for k, v in risk.random_quota.items()},
        salt=risk.salt,
    )
    errors = Collector()
    check_config(config, errors, path="risk.")
    if errors.errors:
        raise RuleViolation(errors.errors, f"scenario {scenario.name}.yaml is not valid")
    return config


def _rates(shares: Mapping[Lanes, float]) -> LaneRates:
    return LaneRates.from_mapping({str(lane): share for lane, share in shares.items()})


def arrival_hours(scenario: Scenario) -> Iterator[tuple[float, int]]:
    """Every arrival in the horizon (hours since start) and the declarations it carries."""
    horizon = scenario.days * 24.0
    for service in scenario.timetable.services:
        at = service.first_hour
        while at < horizon:
            yield at, service.declarations
            at += service.every_hours
    for arrival in scenario.timetable.arrivals:
        yield (arrival.at - scenario.start).total_seconds() / 3600.0, arrival.declarations


class Port:
    """One run of a scenario; :meth:`run` returns every declaration in its final status."""

    def __init__(
        self,
        scenario: Scenario,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.s = scenario
        self.rng = random.Random(scenario.seed)
        self.config = selectivity_of(scenario)
        self.draw: dict[Step, Sampler] = {
            step: d.sampler(self.rng) for step, d in scenario.durations.items()
        }
        self.progress = progress
        self.done = 0
        self.dangerous_codes = {g.tariff_code for g in scenario.goods if g.dangerous_goods}
        self.eligibility: dict[tuple[Measure, CreditLevel, str], bool] = {}

    def declarations(self) -> list[tuple[float, SimulatedDeclaration]]:
        """The traffic: each declaration with its arrival hour, drawn from the mixes."""
        s, rng = self.s, self.rng
        levels = [t.credit_level for t in s.traders]
        level_weights = [t.share for t in s.traders]
        codes = [g.tariff_code for g in s.goods]
        code_weights = [g.share for g in s.goods]
        pre = s.on(Measure.PRE_ARRIVAL_LODGEMENT) or s.on(Measure.BONDED_WAREHOUSING)
        out: list[tuple[float, SimulatedDeclaration]] = []
        n = 0
        for at, count in sorted(arrival_hours(s)):
            drawn_levels = rng.choices(levels, level_weights, k=count)
            drawn_codes = rng.choices(codes, code_weights, k=count)
            for level, code in zip(drawn_levels, drawn_codes, strict=True):
                n += 1
                early = pre and rng.random() < s.pre_arrival_share.get(level, 0.0)
                number = f"SIM{s.office_code}{s.start.year}{n:09d}"
                out.append((at, SimulatedDeclaration(number, level, code, early)))
        return out

    def run(self) -> list[SimulatedDeclaration]:
        traffic = self.declarations()
        earliest = min((at for at, _ in traffic), default=0.0)
        self.env = env = simpy.Environment(initial_time=earliest - 24 * 30)
        officers = self.s.officers
        self.teams = {
            name: (
                simpy.Resource(env, team.count),
                Hours(team.hours, self.s.start, self.s.utc_offset_hours),
            )
            for name, team in officers
        }
        for at, declaration in traffic:
            env.process(self.clear(at, declaration))
        env.run()
        return [d for _, d in traffic]

    def applies(self, measure: Measure, d: SimulatedDeclaration) -> bool:
        """Switched on and allowed by the eligibility rule (decided once per level and goods)."""
        key = (measure, d.credit_level, d.tariff_code)
        found = self.eligibility.get(key)
        if found is None:
            found = self.eligibility[key] = self.s.on(measure) and eligible(
                measure, d.credit_level, d.tariff_code, self.s.office_code
            )
        return found

    def staffed(self, team: str, work: float, appointment_from: float | None = None) -> Work:
        """Wait for an officer of *team*, for their hours (or an appointment), then work;
        the hour the work started."""
        resource, hours = self.teams[team]
        with resource.request() as turn:
            yield turn
            wait = wait_for_officer(hours, self.env.now, appointment_from)
            if wait:
                yield self.env.timeout(wait)
            started = self.env.now
            yield self.env.timeout(work)
        return started

    def clear(self, arrival: float, d: SimulatedDeclaration) -> Process:
        """One declaration from manifest to exit, step by step as the port runs it."""
        s, env, draw = self.s, self.env, self.draw
        statutory = not s.on(Measure.CLASSIFIED_MANAGEMENT) and d.tariff_code.startswith(
            s.risk.statutory_inspection_prefixes or ("\0",)
        )
        applied = {
            m
            for m in (
                Measure.TWO_STEP,
                Measure.FIRST_RELEASE,
                Measure.APPOINTMENTS,
                Measure.TAILORED_INSPECTION,
                Measure.BONDED_WAREHOUSING,
                Measure.CLASSIFIED_MANAGEMENT,
            )
            if self.applies(m, d)
        }
        if d.pre_arrival:
            applied.add(Measure.PRE_ARRIVAL_LODGEMENT)
        d.mark(M.E1, arrival)
        d.mark(M.E0, arrival - draw[Step.MANIFEST_LEAD]())
        lodged = (
            arrival - draw[Step.LODGEMENT_LEAD]()
            if d.pre_arrival
            else arrival + draw[Step.LODGEMENT_AFTER_ARRIVAL]()
        )
        d.mark(M.E2, lodged)
        accepted = lodged + draw[Step.ACCEPTANCE]()
        d.mark(M.E3, accepted)
        risk_result = accepted + draw[Step.RISK_RESULT]()
        d.mark(M.E4, risk_result)
        selection = select_lane(
            Candidate(
                d.number,
                s.office_code,
                s.flow,
                d.credit_level,
                negative_list_lines=(d.tariff_code,) if statutory else (),
            ),
            self.config,
        )
        d.lane = selection.lane
        direct = (
            d.pre_arrival
            and d.lane in (Lane.GREEN, Lane.BLUE)
            and self.applies(Measure.DIRECT_PICKUP, d)
        )
        if direct:
            applied.add(Measure.DIRECT_PICKUP)
        appointment = (
            lodged + s.appointment_notice_hours.get(d.credit_level, 24.0)
            if Measure.APPOINTMENTS in applied
            else None
        )
        yield env.timeout(risk_result - env.now)

        if d.lane is Lane.YELLOW:
            yield from self.staffed("document_check", draw[Step.DOCUMENT_CHECK](), appointment)
            d.mark(M.E5, env.now)
        if env.now < arrival:  # goods are handled only once they are here
            yield env.timeout(arrival - env.now)
        if not direct:
            yield env.timeout(draw[Step.UNLOADING]())
        lab: simpy.Process | None = None
        if d.lane is Lane.RED:
            tailored = Measure.TAILORED_INSPECTION in applied
            if not tailored:
                yield env.timeout(draw[Step.YARD_MOVE]())
            work = draw[Step.INSPECTION_TAILORED if tailored else Step.INSPECTION]()
            d.mark(M.E6, (yield from self.staffed("inspection", work, appointment)))
            d.mark(M.E6_END, env.now)
            if self.rng.random() < s.sampling_share:
                lab = env.process(self.staffed("lab", draw[Step.LAB]()))
                if Measure.FIRST_RELEASE not in applied:
                    yield lab
        failed = lab is not None and self.rng.random() < s.lab_failure_share
        if failed and Measure.FIRST_RELEASE not in applied:
            d.mark(M.E10, env.now)
            return self.finish(d, applied, FinalStatus.RETURNED)
        dangerous = s.flow == "export" and d.tariff_code in self.dangerous_codes
        if dangerous and Measure.BONDED_WAREHOUSING not in applied:
            # Packaging of dangerous goods is checked at export unless it was at zone entry.
            yield from self.staffed("inspection", draw[Step.DG_PACKAGING_CHECK](), appointment)
        guaranteed = Measure.TWO_STEP in applied
        yield env.timeout(draw[Step.PAYMENT_GUARANTEED if guaranteed else Step.PAYMENT]())
        d.mark(M.E7, env.now)
        yield env.timeout(draw[Step.RELEASE]())
        released = env.now
        d.mark(M.E8, released)
        if direct:
            yield env.timeout(draw[Step.DIRECT_RELOADING]())
        else:
            yield from self.staffed("transshipment", draw[Step.TRANSSHIPMENT]())
        yield env.timeout(draw[Step.EXIT]())
        d.mark(M.E9, env.now)
        # E10, post-release completion: the complete declaration of two-step, the lab result.
        completed: list[float] = []
        if guaranteed:
            completed.append(released + draw[Step.COMPLETE_DECLARATION]())
        if lab is not None:
            if not lab.triggered:
                yield lab
            completed.append(env.now)
        if completed:
            d.mark(M.E10, max(completed))
        self.finish(d, applied, FinalStatus.RECALLED if failed else FinalStatus.EXITED)

    def finish(self, d: SimulatedDeclaration, applied: set[Measure], status: FinalStatus) -> None:
        d.applied = frozenset(m.value for m in applied)
        d.status = status
        self.done += 1
        if self.progress is not None and self.done % 1000 == 0:
            self.progress(1000)
