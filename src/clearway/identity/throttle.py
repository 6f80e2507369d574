"""Sign-in throttling rules: how long a username or a client address must wait. Pure.

Failed sign-ins are counted over a sliding window, per username (guessing one user's
password) and per client address (trying many usernames from one place). The limits are
settings (``CLEARWAY_SIGN_IN_*``), passed in as :class:`SignInLimits`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from clearway.config import Settings


@dataclass(frozen=True)
class SignInLimits:
    """Most failed sign-ins per username and per address within the window."""

    per_username: int
    per_address: int
    window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> SignInLimits:
        return cls(
            per_username=settings.sign_in_failures_per_username,
            per_address=settings.sign_in_failures_per_address,
            window=timedelta(seconds=settings.sign_in_window_seconds),
        )


def wait_seconds(failures: Sequence[datetime], limit: int, window: timedelta, now: datetime) -> int:
    """Seconds until fewer than ``limit`` failures lie within the window (0: try now).

    ``failures`` are the newest failures, at least ``limit`` of them when there are that many.
    """
    recent = sorted((at for at in failures if at > now - window), reverse=True)
    if len(recent) < limit:
        return 0
    # The limit-th newest failure must leave the window before another try counts.
    leaves = recent[limit - 1] + window
    return max(1, math.ceil((leaves - now).total_seconds()))
