"""Strategic sessions: set-up, lifecycle, memberships, directions and working groups."""
