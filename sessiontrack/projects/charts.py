"""Geometry for the server-side SVG charts: key stages on a timeline, money as bars.

Coordinates are in a 1000-unit wide view box; templates draw them (no script, no inline style).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

WIDTH = 1000
MIN_BAR = 4.0


@dataclass
class TimelineBar:
    label: str
    starts_on: date
    ends_on: date
    x: float
    width: float
    status: str
    group: str = ""


@dataclass
class Timeline:
    years: list[int]
    bars: list[TimelineBar]
    undated: list[str]

    @property
    def year_width(self) -> float:
        """The width of one year on the chart."""
        return WIDTH / len(self.years)


def _position(day: date, first_year: int, years: int) -> float:
    """Where ``day`` falls, each year an equal share of the width."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    fraction = (day.year - first_year) + (day.timetuple().tm_yday - 1) / days_in_year
    return round(fraction / years * WIDTH, 2)


def year_span(stages, first_year: int | None = None, last_year: int | None = None):
    """The years from the earliest to the latest dated stage, widened to the given years."""
    starts = [s.starts_on.year for s in stages if s.starts_on and s.ends_on]
    ends = [s.ends_on.year for s in stages if s.starts_on and s.ends_on]
    firsts = [y for y in (first_year, *starts) if y]
    lasts = [y for y in (last_year, *ends) if y]
    if not firsts or not lasts:
        return None
    return min(firsts), max(max(lasts), min(firsts))


def timeline(
    stages, span: tuple[int, int] | None = None, group=lambda stage: ""
) -> Timeline | None:
    """Bars for the dated stages over ``span`` (first and last year), ``None`` if none is dated.

    ``group(stage)`` names the row group of a stage (the project, on the wrap-up screen).
    """
    dated = [s for s in stages if s.starts_on and s.ends_on]
    span = span or year_span(dated)
    if not dated or span is None:
        return None
    first, last = span
    years = last - first + 1
    bars = []
    for stage in dated:
        start = max(stage.starts_on, date(first, 1, 1))
        end = min(stage.ends_on, date(last, 12, 31)) + timedelta(days=1)
        x = _position(start, first, years)
        right = WIDTH if end.year > last else _position(end, first, years)
        bars.append(
            TimelineBar(
                label=stage.title,
                starts_on=stage.starts_on,
                ends_on=stage.ends_on,
                x=min(x, WIDTH - MIN_BAR),
                width=max(right - x, MIN_BAR),
                status=str(stage.status.value) if stage.status else "planned",
                group=group(stage),
            )
        )
    undated = [s.title for s in stages if not (s.starts_on and s.ends_on)]
    return Timeline(list(range(first, last + 1)), bars, undated)


@dataclass
class Bar:
    label: str
    need: Decimal
    secured: Decimal
    need_width: float
    secured_width: float


def money_bars(items) -> list[Bar]:
    """Bars for ``(label, Money)`` pairs, scaled to the largest amount."""
    items = list(items)
    largest = max([m.need for _l, m in items] + [Decimal(0)])
    scale = Decimal(WIDTH) / largest if largest else Decimal(0)
    return [
        Bar(
            label=label,
            need=money.need,
            secured=money.secured,
            need_width=round(float(money.need * scale), 2),
            secured_width=round(float(money.secured * scale), 2),
        )
        for label, money in items
    ]
