"""SVG drawings of the results, built in Python.

The results page draws one strip per reviewed project and a bar per ranked one: a Jinja macro
called two hundred times costs more than the drawing itself. No script and no inline style
(Content-Security-Policy); the numbers are formatted here and every title is escaped.
"""

from markupsafe import Markup, escape

from ..core import numbers

STRIP = (
    '<svg class="review-strip" viewBox="0 0 100 16" aria-hidden="true">'
    '<line class="review-strip-axis" x1="0" x2="100" y1="15.5" y2="15.5"></line>{bars}'
    '<line class="review-strip-mean" x1="{mean:.1f}" x2="{mean:.1f}" y1="0" y2="16"></line></svg>'
)
BAR = '<rect class="review-strip-bar" x="{}" width="8" y="{:.1f}" height="{:.1f}"></rect>'
STRIP_HEIGHT = 14.0

# The ranking chart: labels on the left, bars on 0–100, a row per project.
LABEL_WIDTH, BAR_WIDTH, ROW = 300, 460, 22
LABEL_LENGTH = 38
TICKS = (0, 25, 50, 75, 100)
CHART_ROW = (
    '<text class="review-chart-label" x="{label_x}" y="{text_y}" text-anchor="end">'
    "{rank}. {label}</text>"
    '<rect class="review-chart-bar{flagged}" x="{bar_x}" y="{bar_y}" width="{width:.1f}" '
    'height="{bar_height}"><title>{title}: {mean}</title></rect>'
    '<text class="review-chart-value" x="{value_x:.1f}" y="{text_y}">{mean}</text>'
)


def distribution_strip(result) -> Markup:
    """A histogram of a project's totals in ten slices of 0–100, with the mean (nothing for a
    project without scorecards). The figures are in the row beside it, so the picture is
    hidden from screen readers."""
    if not result.n:
        return Markup("")
    counts = result.histogram()
    scale = STRIP_HEIGHT / (max(counts) or 1)
    bars = "".join(
        BAR.format(i * 10 + 1, 15 - n * scale, n * scale) for i, n in enumerate(counts) if n
    )
    return Markup(STRIP.format(bars=bars, mean=result.mean))  # noqa: S704  # nosec B704 - numbers only


def shorten(text: str, length: int = LABEL_LENGTH) -> str:
    """``text`` cut to ``length`` characters with an ellipsis, unless it is only a little
    longer (as Jinja's ``truncate`` does with its default leeway of five)."""
    return text if len(text) <= length + 5 else text[: length - 1] + "…"


def ranking_chart(projects, label: str) -> Markup:
    """A horizontal bar per ranked project (its mean, 0–100), flagged bars marked, with the
    rank and the title beside each bar and the ticks 0, 25, 50, 75, 100 below."""
    height = len(projects) * ROW
    score = numbers.score_format()
    parts = [
        f'<svg class="review-chart w-100" viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 60} '
        f'{height + 24}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    ]
    for tick in TICKS:
        x = LABEL_WIDTH + tick * BAR_WIDTH / 100
        parts.append(
            f'<line class="review-chart-grid" x1="{x:g}" x2="{x:g}" y1="0" y2="{height}"></line>'
            f'<text class="review-chart-tick" x="{x:g}" y="{height + 16}" '
            f'text-anchor="middle">{tick}</text>'
        )
    for index, project in enumerate(projects):
        y = index * ROW
        width = project.mean * BAR_WIDTH / 100
        title = project.display_title
        parts.append(
            CHART_ROW.format(
                label_x=LABEL_WIDTH - 8,
                text_y=y + 15,
                rank=project.rank,
                label=escape(shorten(title)),
                flagged=" review-chart-bar-flagged" if project.disagreement else "",
                bar_x=LABEL_WIDTH,
                bar_y=y + 3,
                width=width,
                bar_height=ROW - 6,
                title=escape(title),
                mean=score(project.mean),
                value_x=LABEL_WIDTH + width + 4,
            )
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - numbers and escaped titles
