"""Courses: the catalogue of courses and the learning paths that order them."""
