"""Clearway: customs clearance for a district, its enterprises and its brokers."""

__version__ = "0.1.0"
