"""A person's benefits and payments, and the benefits they may be entitled to (issue #25)."""
