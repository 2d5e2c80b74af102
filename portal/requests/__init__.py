"""Service requests: the person's journey, tracking, and the rules of a request's life."""
