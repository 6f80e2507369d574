"""Supervision facilities: eligibility, tax guarantees, two-step and centralized declaration."""
