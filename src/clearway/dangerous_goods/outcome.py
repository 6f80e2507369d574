"""All checks on one consignment, rated by the district's policy into one outcome. Pure.

Hard findings refuse the submission, every one of them listed in one RuleViolation; soft ones
let it through with the lane each check routes to at least; checks turned off do not run. What
no aircraft may carry (:func:`check_forbidden_by_air`) always runs and always refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from clearway.dangerous_goods.air import check_air_packing, check_forbidden_by_air
from clearway.dangerous_goods.certificates import check_documents
from clearway.dangerous_goods.checks import (
    check_damaged,
    check_sp188,
    check_state_of_charge,
    check_un_number,
)
from clearway.dangerous_goods.model import Check, Consignment, Finding
from clearway.dangerous_goods.policy import Policy, Severity
from clearway.declarations.model import Flow, Lane
from clearway.shared.errors import FieldError, RuleViolation

CHECKS: dict[Check, Callable[[Consignment, Policy], list[Finding]]] = {
    Check.UN_NUMBER: check_un_number,
    Check.SP188: check_sp188,
    Check.DOCUMENTS: check_documents,
    Check.STATE_OF_CHARGE: check_state_of_charge,
    Check.DAMAGED: check_damaged,
    Check.AIR_PACKING: check_air_packing,
}


class Outcome(StrEnum):
    NOT_APPLICABLE = "not_applicable"  # an import, or no lithium battery on it
    PASSED = "passed"
    ROUTED = "routed"  # soft findings only: through, at least to their lane
    REFUSED = "refused"  # hard findings: the submission is refused


@dataclass(frozen=True)
class RatedFinding:
    """A finding with the severity its check has in the district, and its lane when soft."""

    finding: Finding
    severity: Severity
    lane: Lane | None = None

    def as_dict(self) -> dict[str, str | None]:
        f = self.finding
        return {
            "check": f.check.value,
            "rule": f.rule,
            "path": f.path,
            "message": f.message,
            "severity": self.severity.value,
            "lane": self.lane.value if self.lane else None,
        }


@dataclass(frozen=True)
class Assessment:
    """What the checks made of one consignment."""

    lines_checked: int
    findings: tuple[RatedFinding, ...] = ()
    checks_run: tuple[Check, ...] = ()

    @property
    def hard(self) -> list[RatedFinding]:
        return [f for f in self.findings if f.severity is Severity.HARD]

    @property
    def soft(self) -> list[RatedFinding]:
        return [f for f in self.findings if f.severity is Severity.SOFT]

    @property
    def outcome(self) -> Outcome:
        if not self.lines_checked:
            return Outcome.NOT_APPLICABLE
        if self.hard:
            return Outcome.REFUSED
        return Outcome.ROUTED if self.soft else Outcome.PASSED

    @property
    def lane_floor(self) -> Lane | None:
        """The most severe lane the soft findings ask for."""
        lanes = {f.lane for f in self.soft}
        return Lane.RED if Lane.RED in lanes else Lane.YELLOW if Lane.YELLOW in lanes else None

    def violation(self) -> RuleViolation | None:
        """One refusal listing every hard finding, or None when nothing refuses."""
        hard = self.hard
        if not hard:
            return None
        rules = sorted({f.finding.check.value for f in hard})
        return RuleViolation(
            [FieldError(f.finding.path, f.finding.rule, f.finding.message) for f in hard],
            f"lithium-battery dangerous-goods checks refuse the submission: {len(hard)} "
            f"finding(s) in {', '.join(rules)}",
        )


def run_checks(c: Consignment, policy: Policy) -> Assessment:
    """Every check the policy runs, on an export's lithium lines; imports are not checked."""
    lines = len(c.lithium_lines) if c.flow is Flow.EXPORT else 0
    if not lines:
        return Assessment(0)
    rated: list[RatedFinding] = []
    run: list[Check] = []
    for check, fn in CHECKS.items():
        severity = policy.severity.get(check, Severity.HARD)
        if severity is Severity.OFF:
            continue
        run.append(check)
        lane = policy.soft_lane.get(check, Lane.YELLOW) if severity is Severity.SOFT else None
        rated += [RatedFinding(f, severity, lane) for f in fn(c, policy)]
    rated += [RatedFinding(f, Severity.HARD) for f in check_forbidden_by_air(c, policy)]
    return Assessment(lines, tuple(rated), tuple(run))
