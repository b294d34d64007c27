"""QR codes of the catalogue's public addresses, drawn by ``segno``."""

import segno
from markupsafe import Markup


def qr_code(url: str):
    """The QR code of ``url`` (error correction level M, enough for a printed poster)."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, label: str, scale: int = 4) -> Markup:
    """The QR code of ``url`` as inline SVG with ``label`` as its accessible name."""
    svg = qr_code(url).svg_inline(scale=scale, title=label, svgclass="qr-code", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704  # nosec B704 - segno's SVG, title escaped
