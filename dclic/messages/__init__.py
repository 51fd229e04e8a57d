"""Private messages: one-to-one and small-group conversations, with read receipts.

Every send is checked with :func:`dclic.accounts.permissions.can_message` in the services, and
tells the other people with a ``message`` notification (see docs/architecture.md,
*Messages and notifications*).
"""
