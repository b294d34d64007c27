"""The portfolio: one reader's view across many sessions (a state corporation's department)."""
