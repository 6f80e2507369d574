"""Facilitation simulator benchmark: one year of Horgos traffic with the real selectivity.

Run from the repository root: ``python bench/simulator.py [--declarations-per-train 92]
[--scenario horgos-2024]``. The shipped Horgos scenario carries the ore trains only (4
declarations a train); the benchmark stands for the whole port's traffic by raising the
declarations per train and the officers, benches and tracks in the same proportion, over 365
days (at least 100,000 declarations). Every declaration goes through
``risk.selectivity.select_lane`` and the eligibility rules. Prints one JSON object: wall time
of the simulation and of the study, peak memory (the process's max RSS; tracemalloc would
slow the run several times), and the comparison with the budget (under 10 s).
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from clearway.simulation import scenario as scenarios
from clearway.simulation.port import Port
from clearway.simulation.services import expected_declarations
from clearway.simulation.study import study

BUDGET_SECONDS = 10.0
TEAMS = ("document_check", "inspection", "lab", "transshipment")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="horgos-2024")
    parser.add_argument("--declarations-per-train", type=int, default=92)
    args = parser.parse_args()
    base = scenarios.load_shipped(args.scenario)
    scale = args.declarations_per_train / base.timetable.services[0].declarations
    overrides: dict[str, object] = {
        "days": 365,
        "timetable.services": [
            {**s.model_dump(), "declarations": args.declarations_per_train}
            for s in base.timetable.services
        ],
    }
    for team in TEAMS:
        count = getattr(base.officers, team).count
        overrides[f"officers.{team}.count"] = max(1, round(count * scale))
    s = scenarios.load_shipped(args.scenario, overrides)
    started = time.perf_counter()
    declarations = Port(s).run()
    simulated = time.perf_counter() - started
    found = study(s, declarations)
    total = time.perf_counter() - started
    print(
        json.dumps(
            {
                "scenario": s.name,
                "days": s.days,
                "declarations_expected": expected_declarations(s),
                "declarations_simulated": found.declarations_simulated,
                "final_statuses": found.final_statuses,
                "mean_release_time_hours": found.release_time.mean_hours,
                "median_release_time_hours": found.release_time.median_hours,
                "simulation_seconds": round(simulated, 3),
                "study_seconds": round(total - simulated, 3),
                "wall_seconds": round(total, 3),
                "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "budget_seconds": BUDGET_SECONDS,
                "within_budget": total < BUDGET_SECONDS,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
