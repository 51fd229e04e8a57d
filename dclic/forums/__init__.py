"""Forums: a community forum with categories, a forum per course and per group, Q&A, moderation."""
