"""The jobs runner: due jobs run once per interval, named jobs on demand, failures recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from clearway import jobs
from clearway.bootstrap import Platform
from clearway.jobs.runner import job_states, run_jobs, run_one
from clearway.shared.clock import FixedClock
from clearway.shared.errors import RuleViolation

calls: list[str] = []


def _tick(_platform: Platform) -> str:
    calls.append("tick")
    return "ticked"


def _boom(_platform: Platform) -> str:
    raise ValueError("the lab feed is down")


TICK = jobs.Job("test.tick", "counts its runs", timedelta(hours=1), _tick)
BOOM = jobs.Job("test.boom", "always fails", timedelta(hours=1), _boom)


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    jobs.register(TICK)
    jobs.register(BOOM)
    calls.clear()
    yield
    jobs._REGISTRY.pop(TICK.name, None)
    jobs._REGISTRY.pop(BOOM.name, None)


def test_a_due_job_runs_once_per_interval(platform: Platform) -> None:
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    assert run_one(platform, TICK).outcome == "ok"
    assert run_one(platform, TICK).outcome == "skipped"
    clock.advance(timedelta(hours=1) - timedelta(seconds=1))
    assert run_one(platform, TICK).outcome == "skipped"
    clock.advance(timedelta(seconds=1))
    assert run_one(platform, TICK).outcome == "ok"
    assert calls == ["tick", "tick"]
    state = next(s for s in job_states(platform) if s.job.name == TICK.name)
    assert (state.runs, state.last_outcome, state.last_summary) == (2, "ok", "ticked")


def test_a_named_job_runs_even_when_not_due(platform: Platform) -> None:
    run_jobs(platform, [TICK.name])
    runs = run_jobs(platform, [TICK.name])
    assert [r.outcome for r in runs] == ["ok"]
    assert calls == ["tick", "tick"]


def test_a_failing_job_is_recorded_and_the_others_still_run(platform: Platform) -> None:
    runs = {r.name: r for r in run_jobs(platform, [BOOM.name, TICK.name])}
    assert runs[BOOM.name].outcome == "failed"
    assert "the lab feed is down" in runs[BOOM.name].summary
    assert runs[TICK.name].outcome == "ok"
    state = next(s for s in job_states(platform) if s.job.name == BOOM.name)
    assert state.last_outcome == "failed"


def test_a_job_holding_its_lease_is_not_run_twice(platform: Platform) -> None:
    from sqlalchemy import update

    from clearway.jobs.tables import scheduled_jobs

    run_one(platform, TICK)
    with platform.uow() as uow:  # as if another server had claimed it and were still running
        uow.session.execute(
            update(scheduled_jobs)
            .where(scheduled_jobs.c.name == TICK.name)
            .values(lease_until=platform.clock.now() + timedelta(minutes=5))
        )
        uow.commit()
    assert run_one(platform, TICK, force=True).outcome == "skipped"


def test_an_unknown_job_name_is_refused(platform: Platform) -> None:
    with pytest.raises(RuleViolation) as refused:
        run_jobs(platform, ["no.such.job"])
    assert refused.value.errors[0].rule == "unknown_job"


def test_the_scheduler_thread_runs_due_jobs_until_stopped(platform: Platform) -> None:
    import time

    from clearway.jobs.scheduler import Scheduler, start_scheduler

    off = platform.settings.model_copy(update={"jobs_scheduler_seconds": 0})
    assert start_scheduler(replace(platform, settings=off)) is None
    scheduler = Scheduler(platform, interval_seconds=0.05).start()
    try:
        deadline = time.monotonic() + 20
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert calls == ["tick"]  # due once per hour of the platform's (fixed) clock
