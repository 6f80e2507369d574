"""Enterprises, their customs credit levels over time, and broker authorisations."""
