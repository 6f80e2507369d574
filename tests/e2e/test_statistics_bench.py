"""The statistics benchmark still runs end to end on PostgreSQL (never judged on speed)."""

from __future__ import annotations

import os

import pytest

from clearway.benchmarks.statistics import QUERIES, TARGET_P95_MS, run


def test_statistics_benchmark_times_every_dashboard_query() -> None:
    url = os.environ.get("CLEARWAY_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL absent: set CLEARWAY_TEST_DATABASE_URL to run the benchmark")
    result = run(n=300, database_url=url, batch=100, repetitions=2)

    generated = result["generated"]
    assert (generated["declarations"], generated["items"]) == (300, 900)
    assert generated["events"] > 300 * 8
    assert generated["read_model_rows"] == {"release_facts": 300, "trade_facts": 900}
    assert set(result["queries"]) == set(QUERIES)
    for name, figures in result["queries"].items():
        assert figures["repetitions"] == 2 and figures["p95_ms"] >= figures["p50_ms"] > 0, name
    assert result["target_p95_ms"] == TARGET_P95_MS
    assert result["database"]["dialect"] == "postgresql"
