"""Kernel shared by every domain: errors, money, clock and identifiers. No I/O here."""
