"""The record of the day: agenda, talks, notes and decisions."""
