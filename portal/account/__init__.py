"""The signed-in person's own settings: the API tokens their apps use."""
