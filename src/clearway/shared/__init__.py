"""Kernel shared by every domain: errors, money, clock, identifiers and the status-table type.

No I/O here.
"""
