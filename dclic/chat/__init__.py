"""Real-time chat: rooms per course, group and mentor–learner pair, and direct messages."""
