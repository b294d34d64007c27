"""Russian typography of quoted names in messages.

A message that quotes a name («%(project)s») nests quotes when the name has its own
(Технопарк «Железногорск»). Russian typography writes the inner pair as „…“:
«Технопарк „Железногорск“».
"""

from markupsafe import Markup

OPEN, CLOSE = "«", "»"
INNER_OPEN, INNER_CLOSE = "„", "“"


def nest_quotes(text):
    """``text`` with every «…» inside another «…» written „…“; the rest as it is.

    A closing » with no opening one before it is left alone. Markup stays Markup: only quote
    characters change, nothing that HTML reads.
    """
    if text is None or OPEN not in text:
        return text
    depth, out = 0, []
    for char in str(text):
        if char == OPEN:
            out.append(OPEN if depth == 0 else INNER_OPEN)
            depth += 1
        elif char == CLOSE and depth:
            depth -= 1
            out.append(CLOSE if depth == 0 else INNER_CLOSE)
        else:
            out.append(char)
    result = "".join(out)
    return Markup(result) if isinstance(text, Markup) else result  # noqa: S704  # nosec B704 - quotes only
