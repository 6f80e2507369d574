"""The portal page benchmark still runs end to end on PostgreSQL (never judged on speed)."""

from __future__ import annotations

import os

import pytest

from clearway.benchmarks.web_pages import TARGET_P95_MS, pages, run


def test_page_benchmark_times_every_main_page() -> None:
    url = os.environ.get("CLEARWAY_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL absent: set CLEARWAY_TEST_DATABASE_URL to run the benchmark")
    result = run(n=200, database_url=url, batch=100, repetitions=2)

    assert (result["generated"]["declarations"], result["generated"]["items"]) == (200, 600)
    assert set(result["pages"]) == set(pages([]))
    for name, figures in result["pages"].items():
        assert figures["repetitions"] == 2 and figures["p95_ms"] >= figures["p50_ms"] > 0, name
    assert result["target_p95_ms"] == TARGET_P95_MS
    assert result["database"]["dialect"] == "postgresql"
