"""Uploaded files: checked by their content, stored once under their SHA-256, served safely.

Other modules store uploads with :func:`dclic.files.services.store_upload`, decide who may
read them through :func:`dclic.files.permissions.read_rule`, and link them from templates with
``file_url``, ``image_url``, ``image_srcset`` and the ``picture`` macro (``files/macros.html``).
See ``docs/files.md``.
"""
