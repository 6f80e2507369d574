"""Comprehensive bonded zone: account books, verification lists, gate passes, ledger and tax."""
