"""The review's workflow (being cut into modules; all of it in :mod:`.assignment` for now)."""

from .assignment import *  # noqa: F403
