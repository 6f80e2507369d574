"""Benchmark drivers shared by `clearway bench` and bench/ scripts."""
