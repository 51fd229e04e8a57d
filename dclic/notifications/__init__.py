"""The notification centre: notices stored per user, pushed live, mailed by preference.

Other modules call :func:`dclic.notifications.services.notify`; each declares its kinds of
notice with :func:`dclic.notifications.registry.declare_kind` (see docs/architecture.md,
*Messages and notifications*).
"""
