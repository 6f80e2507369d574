"""Scheduled jobs of supervision (registered on import by :mod:`clearway.jobs.catalogue`)."""

from __future__ import annotations
