"""Run jobs once: claim each through the database, run it, record how it went.

The claim is a conditional UPDATE on the job's row, so of two processes looking at the same
due job only one runs it (on PostgreSQL the second waits for the first's row lock, then finds
the row leased); a run that dies keeps its lease until it expires and then the job is due
again. The claim carries a fresh token and only its holder records the finish, so a run that
outlived its lease cannot clear the lease of the run that took over. A failing job is
recorded and logged, and the others still run.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from clearway.bootstrap import Platform
from clearway.jobs import Job, all_jobs
from clearway.jobs.tables import scheduled_jobs
from clearway.shared.errors import Conflict, RuleViolation

log = logging.getLogger("clearway.jobs")


@dataclass(frozen=True)
class JobRun:
    """The outcome of one job in one pass: ok, failed, or skipped (not due or running)."""

    name: str
    outcome: str
    summary: str
    started_at: datetime | None = None
    finished_at: datetime | None = None


def select_jobs(names: Sequence[str]) -> list[Job]:
    """The named jobs, or every job when none is named; an unknown name is refused."""
    jobs = all_jobs()
    if not names:
        return jobs
    known = {job.name: job for job in jobs}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise RuleViolation.single(
            "name",
            "unknown_job",
            f"no job {', '.join(unknown)}; known jobs: {', '.join(known) or 'none'}",
        )
    return [known[name] for name in names]


def run_jobs(platform: Platform, names: Sequence[str] = ()) -> list[JobRun]:
    """Run the due jobs, or the named ones whether due or not, each once."""
    return [run_one(platform, job, force=bool(names)) for job in select_jobs(names)]


def run_one(platform: Platform, job: Job, *, force: bool = False) -> JobRun:
    """Claim, run and record one job; skipped when not due (unless forced) or already running."""
    claim = _claim(platform, job, force=force)
    if claim is None:
        return JobRun(job.name, "skipped", "not due or running elsewhere")
    started, token = claim
    try:
        summary, outcome = job.run(platform), "ok"
    except Exception as exc:  # a job's failure is recorded; the scheduler keeps going
        log.exception("job %s failed", job.name)
        summary, outcome = f"{type(exc).__name__}: {exc}".splitlines()[0][:500], "failed"
    finished = platform.clock.now()
    with platform.uow() as uow:
        uow.session.execute(
            update(scheduled_jobs)
            .where(scheduled_jobs.c.name == job.name, scheduled_jobs.c.claim_token == token)
            .values(
                lease_until=None,
                claim_token=None,
                last_finished_at=finished,
                last_outcome=outcome,
                last_summary=summary,
            )
        )
        uow.commit()
    return JobRun(job.name, outcome, summary, started, finished)


def _claim(platform: Platform, job: Job, *, force: bool) -> tuple[datetime, str] | None:
    now = platform.clock.now()
    c = scheduled_jobs.c
    _ensure_row(platform, job.name)
    token = str(uuid.uuid4())
    conditions = [c.name == job.name, or_(c.lease_until.is_(None), c.lease_until <= now)]
    if not force:
        conditions.append(or_(c.last_started_at.is_(None), c.last_started_at <= now - job.every))
    with platform.uow() as uow:
        claimed = uow.session.execute(
            update(scheduled_jobs)
            .where(*conditions)
            .values(
                lease_until=now + job.lease,
                last_started_at=now,
                runs=c.runs + 1,
                claim_token=token,
            )
            .returning(c.name)
        ).first()
        uow.commit()
    return (now, token) if claimed is not None else None


def _ensure_row(platform: Platform, name: str) -> None:
    with platform.uow() as uow:
        exists = uow.session.scalar(
            select(scheduled_jobs.c.name).where(scheduled_jobs.c.name == name)
        )
        if exists is not None:
            return
        uow.session.execute(scheduled_jobs.insert().values(name=name, runs=0))
        with suppress(Conflict):  # another process created it first: fine
            uow.commit()


@dataclass(frozen=True)
class JobState:
    """A registered job with its last run, for `clearway jobs list`."""

    job: Job
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None
    last_summary: str | None
    runs: int


def job_states(platform: Platform) -> list[JobState]:
    """Every registered job and what its last run did."""
    with platform.sessions() as session:
        rows = {row.name: row for row in session.execute(select(scheduled_jobs))}
    states = []
    for job in all_jobs():
        row = rows.get(job.name)
        states.append(
            JobState(
                job,
                row.last_started_at if row else None,
                row.last_finished_at if row else None,
                row.last_outcome if row else None,
                row.last_summary if row else None,
                row.runs if row else 0,
            )
        )
    return states
