"""Staff follow the individual programmes of their region through (issue #24, point 1)."""
