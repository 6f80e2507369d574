"""Schemathesis over the API's own OpenAPI document, once per role, counting server errors.

Each role's run sends, for every operation in the document, ``max_examples`` generated
requests (positive and negative: valid shapes and deliberately wrong ones) with that role's
bearer token to a live server, and counts the answers of 500 and above. Generation is
derandomized (seeded by the operation), so the same code answers the same run twice. Used by
the suite (a few examples per operation) and by ``bench/fuzz.py`` (as many as asked).

Requires the development extra (``schemathesis``); imported only when a run starts.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Operations a fuzzer must not drive: signing out revokes the very token the run sends.
SKIPPED = frozenset({("POST", "/api/v1/auth/logout")})


@dataclass
class RoleReport:
    """What one role's run saw: cases sent, answers by status class, and where 5xx came from."""

    role: str
    cases: int = 0
    server_errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failing: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "cases": self.cases,
            "server_errors": self.server_errors,
            "statuses": dict(sorted(self.statuses.items())),
            "failing_operations": self.failing,
            "seconds": round(self.seconds, 2),
        }


def fuzz_role(
    openapi: dict[str, Any],
    base_url: str,
    role: str,
    token: str,
    max_examples: int,
    only: str | None = None,
) -> RoleReport:
    """Run every operation of ``openapi`` against ``base_url`` as the token's user."""
    import requests
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.core.result import Err

    schema = schemathesis.openapi.from_dict(openapi)
    report = RoleReport(role)
    started = time.monotonic()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            # An operation the fuzzer cannot read is a fault of the document: say so.
            raise result.err()
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key in SKIPPED or (only is not None and only not in operation.path):
            continue
        strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )
        _run_operation(strategy, f"{key[0]} {key[1]}", base_url, session, report, max_examples)
    report.seconds = time.monotonic() - started
    return report


def _run_operation(
    strategy: Any, label: str, base_url: str, session: Any, report: RoleReport, examples: int
) -> None:
    """Send ``examples`` cases drawn from ``strategy`` and tally their answers."""
    import hypothesis
    from hypothesis import HealthCheck

    @hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(strategy)
    def send(case: Any) -> None:
        response = case.call(base_url=base_url, session=session, timeout=60)
        report.cases += 1
        report.statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            report.server_errors += 1
            report.failing.setdefault(label, case.as_curl_command())

    send()
