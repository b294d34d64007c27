"""Organisations and participants of a session."""
