"""The audit log: every change, by whom and when."""
