"""A score trend chart drawn on the server as inline SVG (no JavaScript, no CDN).

Rules: the y axis is the 100-point score (0–100, grid every 20 points); the x axis has one
position per run, oldest on the left; each department is one coloured line with a marker per
run (a 单项否决 result is drawn as a hollow red-edged marker); a run in which the department has
no score breaks its line.  The geometry is computed here; the template only prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PALETTE = ("#1d4ed8", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490", "#be123c", "#4d7c0f",
           "#4338ca", "#a21caf", "#374151", "#0f766e")
VETO_COLOUR = "#b91c1c"

WIDTH = 760
PLOT_TOP = 20
PLOT_HEIGHT = 240
LEFT = 48
RIGHT = 24
LEGEND_COLUMNS = 4
LEGEND_ROW = 22


@dataclass
class Marker:
    x: float
    y: float
    score: Decimal
    vetoed: bool
    label: str


@dataclass
class Line:
    name: str
    colour: str
    segments: list[str] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    legend_x: float = 0.0
    legend_y: float = 0.0


@dataclass
class TrendChart:
    title: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    grid: list[tuple[float, int]]
    ticks: list[tuple[float, str]]
    lines: list[Line]

    @property
    def empty(self) -> bool:
        return not self.ticks or not any(line.markers for line in self.lines)


def trend_chart(title: str, labels: list[str], series: list[tuple[str, list[tuple[Decimal, bool] | None]]]
                ) -> TrendChart:
    """The chart of ``series`` (name, one ``(score, vetoed)`` or ``None`` per label) over ``labels``."""
    plot_right = WIDTH - RIGHT
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    span = plot_right - LEFT
    count = len(labels)
    xs = [LEFT + span / 2] if count == 1 else [LEFT + span * i / max(count - 1, 1) for i in range(count)]

    def y_of(score: Decimal) -> float:
        bounded = min(max(float(score), 0.0), 100.0)
        return round(plot_bottom - PLOT_HEIGHT * bounded / 100, 1)

    lines = []
    for number, (name, values) in enumerate(series):
        line = Line(name=name, colour=PALETTE[number % len(PALETTE)])
        current: list[str] = []
        for x, label, value in zip(xs, labels, values, strict=True):
            if value is None:
                if current:
                    line.segments.append(" ".join(current))
                current = []
                continue
            score, vetoed = value
            y = y_of(score)
            current.append(f"{x:.1f},{y:.1f}")
            line.markers.append(Marker(round(x, 1), y, score, vetoed, label))
        if current:
            line.segments.append(" ".join(current))
        line.legend_x = LEFT + (number % LEGEND_COLUMNS) * (span / LEGEND_COLUMNS)
        line.legend_y = plot_bottom + 48 + (number // LEGEND_COLUMNS) * LEGEND_ROW
        lines.append(line)
    legend_rows = (len(series) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS
    height = plot_bottom + 40 + legend_rows * LEGEND_ROW + 12
    return TrendChart(
        title=title, width=WIDTH, height=height, plot_left=LEFT, plot_right=plot_right, plot_top=PLOT_TOP,
        plot_bottom=plot_bottom, grid=[(y_of(Decimal(v)), v) for v in range(0, 101, 20)],
        ticks=[(round(x, 1), label) for x, label in zip(xs, labels, strict=True)], lines=lines,
    )
