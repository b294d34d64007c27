"""Pieces every domain area shares: enums with titles, column helpers, permissions, views."""
