"""Charts drawn on the server as inline SVG: no script, nothing fetched, printable.

Drawing on the server keeps the portal free of a charting library and lets the same HTML
work without JavaScript. A chart is decoration for sighted readers: every chart in the portal
sits beside a table with the same figures, and the SVG carries a ``<title>`` and
``role="img"`` with a summary so a screen reader knows what it shows and where the table is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 64
MAX_BARS = 60


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


def nice_ceiling(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** len(str(int(value))) / 10 if value >= 1 else 1.0
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def short(value: float) -> str:
    """An axis figure in a few characters: 339000000 → 339M, 0.5 → 0.5."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.4g}{suffix}"
    return f"{value:.4g}"


def _frame(title: str, summary: str, body: list[str], table_id: str) -> Markup:
    described = f' aria-describedby="{escape(table_id)}"' if table_id else ""
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}: {escape(summary)}"{described} '
        f'xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
    return Markup(svg)


def _axis(top: float, unit: str) -> list[str]:
    out = []
    plot_h = HEIGHT - TOP - BOTTOM
    for n in range(5):
        value = top * n / 4
        y = TOP + plot_h - plot_h * n / 4
        out.append(
            f'<line class="c-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="c-tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(short(value))}</text>"
        )
    if unit:
        out.append(f'<text class="c-unit" x="4" y="{TOP + 4}">{escape(unit)}</text>')
    return out


def _x_label(x: float, label: str) -> str:
    text = escape(label if len(label) <= 14 else label[:13] + "…")
    y = HEIGHT - BOTTOM + 14
    return (
        f'<text class="c-tick" x="{x:.1f}" y="{y}" text-anchor="end" '
        f'transform="rotate(-35 {x:.1f} {y})">{text}</text>'
    )


def bar_chart(points: Sequence[Point], title: str, unit: str = "", table_id: str = "") -> Markup:
    """Vertical bars, one per point (at most :data:`MAX_BARS`; the table has them all)."""
    shown = list(points)[:MAX_BARS]
    values = [p.value or 0.0 for p in shown]
    top = nice_ceiling(max(values, default=0.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = _axis(top, unit)
    step = plot_w / max(len(shown), 1)
    for n, (p, v) in enumerate(zip(shown, values, strict=True)):
        h = plot_h * v / top
        x = LEFT + n * step
        body.append(
            f'<rect class="c-bar" x="{x + step * 0.15:.1f}" y="{TOP + plot_h - h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{h:.1f}"><title>{escape(p.label)}: '
            f"{escape(short(v))}</title></rect>"
        )
        body.append(_x_label(x + step * 0.6, p.label))
    summary = f"{len(points)} bars, highest {short(max(values, default=0.0))}"
    return _frame(title, summary, body, table_id)


def line_chart(
    points: Sequence[Point],
    title: str,
    unit: str = "",
    top: float | None = None,
    table_id: str = "",
) -> Markup:
    """A line through the points in order (a cumulative curve, a series over time)."""
    values = [p.value for p in points]
    known = [v for v in values if v is not None]
    ceiling = top if top is not None else nice_ceiling(max(known, default=0.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = _axis(ceiling, unit)
    step = plot_w / max(len(points) - 1, 1)
    coords: list[str] = []
    dots: list[str] = []
    label_every = max(1, len(points) // 12)
    for n, p in enumerate(points):
        x = LEFT + n * step
        if n % label_every == 0 or n == len(points) - 1:
            body.append(_x_label(x + 4, p.label))
        if p.value is None:
            continue
        y = TOP + plot_h - plot_h * p.value / ceiling
        coords.append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle class="c-dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(p.label)}: '
            f"{escape(short(p.value))}</title></circle>"
        )
    if coords:
        body.append(f'<polyline class="c-line" points="{" ".join(coords)}"/>')
    body += dots
    summary = f"{len(points)} points, from {short(known[0]) if known else '—'} to "
    summary += short(known[-1]) if known else "—"
    return _frame(title, summary, body, table_id)
