"""Benchmark of the ML risk scorer: training time and memory, single-record scoring latency.

Run from the repository root: ``python bench/risk_training.py [--calls 1000]``. Uses the public
KCS files in ``../shared/data/kcs`` when present (otherwise the small test fixture) and prints
one JSON object. Compares against the live-scoring budget: p99 under 5 ms per declaration item.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from clearway.risk.kcs import read_kcs
from clearway.risk.model import train

ROOT = Path(__file__).resolve().parents[1]
KCS = ROOT.parent / "shared" / "data" / "kcs"
FIXTURE = ROOT / "tests" / "fixtures" / "kcs_sample.csv"
P99_BUDGET_MS = 5.0


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Train once, then score records one at a time; return the figures printed as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    history_file, probe_file = KCS / "df_syn_train_eng.csv", KCS / "df_syn_valid_eng.csv"
    source = "kcs"
    if not (history_file.exists() and probe_file.exists()):
        history_file = probe_file = FIXTURE
        source = "fixture"
    history = read_kcs(history_file, labels=True)
    probe = read_kcs(probe_file, labels=False)

    tracemalloc.start()
    started = time.perf_counter()
    model = train(history, seed=args.seed)
    train_seconds = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rows = [probe.iloc[[i % len(probe)]] for i in range(args.calls)]
    model.score(rows[0])  # warm-up: first call pays lazy index and thread-pool set-up
    latencies = np.empty(args.calls)
    for i, row in enumerate(rows):
        tick = time.perf_counter()
        model.score(row)
        latencies[i] = (time.perf_counter() - tick) * 1000.0

    records = probe.head(args.calls).to_dict("records")
    one = np.empty(len(records))
    for i, record in enumerate(records):
        tick = time.perf_counter()
        model.score_one(record)
        one[i] = (time.perf_counter() - tick) * 1000.0

    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "source": source,
        "history_rows": len(history),
        "train_seconds": round(train_seconds, 3),
        "train_traced_peak_mb": round(traced_peak / 2**20, 1),
        "process_max_rss_mb": round(maxrss_kb / 1024, 1),
        "score_calls": args.calls,
        "score_p50_ms": round(float(np.percentile(latencies, 50)), 3),
        "score_p99_ms": round(float(np.percentile(latencies, 99)), 3),
        "score_one_p50_ms": round(float(np.percentile(one, 50)), 3),
        "score_one_p99_ms": round(float(np.percentile(one, 99)), 3),
        "p99_budget_ms": P99_BUDGET_MS,
        "within_budget": bool(np.percentile(latencies, 99) < P99_BUDGET_MS),
    }


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
    sys.stdout.write("\n")
