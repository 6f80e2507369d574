"""Dated periods: a rule, rate or code in force from ``valid_from`` to ``valid_to``, both days
included; no ``valid_to`` means still in force. One definition for every dated table."""

from __future__ import annotations

from datetime import date


def in_force(valid_from: date, valid_to: date | None, day: date) -> bool:
    """True when *day* falls in the period, its first and last day included."""
    return valid_from <= day and (valid_to is None or day <= valid_to)
