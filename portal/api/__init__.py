"""The portal API, /api/v1: the signed-in person's own pages as JSON, for apps and other agencies."""
