"""Small SVG drawings of the results, built in Python.

The results page draws one per reviewed project: a Jinja macro called two hundred times costs
more than the drawing itself. No script and no inline style (Content-Security-Policy); only
numbers go into the markup.
"""

from markupsafe import Markup

STRIP = (
    '<svg class="review-strip" viewBox="0 0 100 16" aria-hidden="true">'
    '<line class="review-strip-axis" x1="0" x2="100" y1="15.5" y2="15.5"></line>{bars}'
    '<line class="review-strip-mean" x1="{mean}" x2="{mean}" y1="0" y2="16"></line></svg>'
)
BAR = '<rect class="review-strip-bar" x="{}" width="8" y="{}" height="{}"></rect>'


def distribution_strip(result) -> Markup:
    """A histogram of a project's totals in ten slices of 0–100, with the mean (nothing for a
    project without scorecards). The figures are in the row beside it, so the picture is
    hidden from screen readers."""
    if not result.n:
        return Markup("")
    bars = "".join(BAR.format(x, y, height) for x, y, height in result.histogram_bars())
    return Markup(STRIP.format(bars=bars, mean=f"{result.mean:.1f}"))  # noqa: S704  # nosec B704 - numbers only
