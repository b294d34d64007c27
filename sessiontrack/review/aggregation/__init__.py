"""Review results (being cut into modules; all of it in :mod:`.formulas` for now)."""

from .formulas import *  # noqa: F403
