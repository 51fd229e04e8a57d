"""Cross-cutting mechanisms shared by every domain module; imports no domain module."""
