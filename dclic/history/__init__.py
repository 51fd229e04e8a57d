"""Edit history of contents: every saved change of a course, path, module, step or news item.

A model opts in by listing the fields that make up its content in ``__versioned__``. One flush
listener (:mod:`dclic.history.recorder`) then writes a :class:`~dclic.history.models.ContentVersion`
holding a snapshot of those fields each time one of them changes, so no service can forget it.
Owning modules expose the history to their editors with the queries and templates here, and
restore a version through their own update service (the same rights and validation as an edit).

Why not SQLAlchemy-Continuum: it shadows every versioned table with a second table (and a
migration for each), versions every flush rather than each save of an author, and has lagged
behind SQLAlchemy releases. One table of JSON snapshots is enough for "who changed what, when,
show me the difference, bring it back" and keeps purging simple.
"""
