"""Forms shared across areas."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """Gives a CSRF token to POST-only buttons (log out, state changes)."""
