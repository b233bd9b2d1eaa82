"""Signing staff in: passwords, the second factor, session time limits and API tokens."""
