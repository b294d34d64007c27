"""Strategic sessions: set-up, lifecycle, facilitators, directions and working groups."""
