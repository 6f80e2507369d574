"""Scheduled jobs: each domain registers its periodic work here, the runner does the rest.

A domain declares its jobs in its own ``jobs.py`` (``register(Job(...))``) and adds one import
line to :mod:`clearway.jobs.catalogue`. ``clearway jobs run`` runs the due (or named) jobs once;
``clearway serve`` runs them on a background thread. A job opens its own transactions through
``platform.uow()`` and returns a one-line summary of what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clearway.bootstrap import Platform

__all__ = ["Job", "all_jobs", "get", "register"]


@dataclass(frozen=True)
class Job:
    """Periodic work: run at most once every `every`; a run holds a lease of `lease`."""

    name: str
    description: str
    every: timedelta
    run: Callable[[Platform], str]
    lease: timedelta = field(default=timedelta(minutes=15))


_REGISTRY: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job to the catalogue; registering the same name twice keeps the newer one."""
    _REGISTRY[job.name] = job
    return job


def all_jobs() -> list[Job]:
    """Every registered job by name, once every domain's jobs module is imported."""
    from clearway.jobs import catalogue

    catalogue.load()
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def get(name: str) -> Job | None:
    """The registered job of that name, if any."""
    return {job.name: job for job in all_jobs()}.get(name)
