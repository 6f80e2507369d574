"""The scheduler thread `clearway serve` runs beside the outbox worker.

A daemon thread that looks for due jobs every ``jobs_scheduler_seconds``; every run is claimed
through the database, so several servers can run schedulers side by side.
"""

from __future__ import annotations

import logging
import threading

from clearway.bootstrap import Platform
from clearway.jobs.runner import run_jobs

log = logging.getLogger("clearway.jobs")


class Scheduler:
    """Runs the due jobs every `interval` seconds until stopped."""

    def __init__(self, platform: Platform, interval_seconds: float) -> None:
        self.platform = platform
        self.interval = interval_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="clearway-jobs", daemon=True)

    def start(self) -> Scheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                for run in run_jobs(self.platform):
                    if run.outcome != "skipped":
                        log.info("job %s %s: %s", run.name, run.outcome, run.summary)
            except Exception:
                log.exception("scheduler pass failed; retrying in %.1f s", self.interval)
            self._stop.wait(self.interval)


def start_scheduler(platform: Platform) -> Scheduler | None:
    """Start the scheduler when ``jobs_scheduler_seconds`` is positive; None when it is off."""
    interval = platform.settings.jobs_scheduler_seconds
    if interval <= 0:
        return None
    return Scheduler(platform, interval).start()
