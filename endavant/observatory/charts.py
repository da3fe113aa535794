"""Geometry of the server-side SVG charts (the templates draw them, the tables stand behind).

Charts are 320 units wide and drawn at the width of the page: on a 360-pixel phone (328 pixels
of content) a unit is a little more than a pixel, so the 13-unit text stays above 12 pixels;
wider screens only enlarge it. Each row puts its label on a line of its own above the bar, so
long commune names need no room beside the bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 320
BAR_AREA = 220  # the longest bar (or interval); the rest of the width holds its value
ROW = 40
LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart. ``value`` ``None``: the row is hidden (``text`` says why)."""

    label: str
    value: float | None
    text: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    values: Sequence[float]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


@dataclass
class BarChart:
    """Horizontal bars, with the interval of each value drawn as a line when it has one."""

    key: str
    title: str
    description: str
    bars: Sequence[Bar]
    kind: str = "bars"

    @property
    def height(self) -> int:
        return ROW * len(self.bars) + 4

    @property
    def width(self) -> int:
        return WIDTH

    def rows(self) -> list[dict[str, object]]:
        top = max((max(b.value, b.high or 0) for b in self.bars if b.value is not None), default=0)
        scale = BAR_AREA / top if top else 0
        drawn = []
        for i, bar in enumerate(self.bars):
            y = ROW * i
            row: dict[str, object] = {"label": _short(bar.label), "y": y, "text": bar.text}
            if bar.value is None:
                row |= {"hidden": True, "text_x": 0}
            else:
                width = round(bar.value * scale, 1)
                row |= {"hidden": False, "width": width}
                end = width
                if bar.low is not None and bar.high is not None:
                    low, high = round(bar.low * scale, 1), round(bar.high * scale, 1)
                    row |= {"interval": True, "low": low, "high": high}
                    end = max(end, high)
                row["text_x"] = round(end + 4, 1)
            drawn.append(row)
        return drawn


@dataclass
class StackedChart:
    """Bars of 100 % split by category (shares), one per row; the legend is in HTML."""

    key: str
    title: str
    description: str
    segments: Sequence[Segment]
    stacked: Sequence[StackedRow]
    kind: str = "stacked"
    legend: list[Segment] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.legend = list(self.segments)

    @property
    def height(self) -> int:
        return ROW * len(self.stacked) + 4

    @property
    def width(self) -> int:
        return WIDTH

    def rows(self) -> list[dict[str, object]]:
        drawn = []
        for i, row in enumerate(self.stacked):
            total = sum(row.values)
            x = 0.0
            parts = []
            for segment, value in zip(self.segments, row.values, strict=True):
                if not total or not value:
                    continue
                width = WIDTH * value / total
                parts.append({"x": round(x, 1), "width": round(width, 1), "colour": segment.colour})
                x += width
            drawn.append(
                {"label": _short(row.label), "y": ROW * i, "parts": parts, "empty": not total}
            )
        return drawn
