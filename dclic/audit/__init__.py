"""The audit trail: who did what, to what, with which values before and after, when and where.

This package is the only code that writes audit rows. Two ways in:

* every create, update and delete of a model is recorded by one SQLAlchemy flush listener
  (:mod:`dclic.audit.recorder`), so no module can forget it. Field values are written only
  for the fields a model lists in ``__audited__``; secrets are never listed.
* accesses that change nothing but matter (sign-in, failed sign-in, sign-out, a refused
  action, a look at someone else's personal data, an export) are recorded with
  :func:`record`.

Rows are append-only and chained: each carries the SHA-256 of its content and of the row
before it, so ``flask dclic audit verify`` finds the first row that was changed or removed.
"""

from dclic.audit.recorder import record

__all__ = ["record"]
