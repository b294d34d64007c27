"""Accounts: users, logging in and out, passwords."""
