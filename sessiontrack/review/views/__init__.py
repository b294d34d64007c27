"""Expert review pages (being cut into modules; all of them in :mod:`.scoring` for now)."""

from .scoring import bp

__all__ = ["bp"]
