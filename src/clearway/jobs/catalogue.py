"""Every domain's jobs module, imported so its jobs register (one line per domain)."""

from __future__ import annotations


def load() -> None:
    """Import the jobs modules; importing twice is free."""
    import clearway.api.jobs
    import clearway.inspection.jobs
    import clearway.ore.jobs
    import clearway.supervision.jobs  # noqa: F401
