"""Accounts: users, their roles, sign-in and sessions."""
