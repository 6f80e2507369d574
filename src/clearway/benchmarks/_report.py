"""Printing benchmark figures: one JSON object for machines, a table for people."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table


def render(result: dict[str, Any], as_json: bool) -> None:
    """Print the figures on stdout (progress went to stderr, so stdout stays parseable)."""
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        return
    console = Console()
    database = result["database"]
    table = Table(
        title=f"Ingest of {result['n']} declarations x {result['items_per_declaration']} items "
        f"on {database['dialect']} (batch {result['batch']})"
    )
    table.add_column("path", no_wrap=True)
    for column in ("decl/s", "items/s", "seconds", "tx/decl", "stmts/decl", "checked"):
        table.add_column(column, justify="right")
    for name, figures in result["paths"].items():
        table.add_row(
            name,
            f"{figures['declarations_per_s']:,.0f}",
            f"{figures['items_per_s']:,.0f}",
            f"{figures['seconds']:.2f}",
            str(figures.get("transactions_per_declaration", "")),
            str(figures.get("statements_per_declaration", "")),
            "yes" if figures["verified"] else "NO",
        )
    console.print(table)
    for name, value in result["ratios"].items():
        console.print(f"{name}: {value:.3f}")
    memory = result["memory"]
    console.print(
        f"peak RSS {memory['maxrss_mib']} MiB; service path Python heap peak "
        f"{memory['service_tracemalloc_peak_mib']} MiB over {memory['service_tracemalloc_sample']}"
        " declarations"
    )
    for name, met in result["met"].items():
        console.print(f"target {name}: {'met' if met else 'NOT met'}  {result['targets']}")
    for note in result["notes"]:
        console.print(f"[dim]- {note}[/dim]")
