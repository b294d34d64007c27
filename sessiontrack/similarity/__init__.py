"""Near-duplicate projects across sessions, so that cities can join forces («сложение усилий»)."""
