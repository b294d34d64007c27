"""The instance's administration: sessions, their facilitators, user accounts."""
