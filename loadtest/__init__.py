"""`make loadtest`: many personas run the main journeys against gunicorn on PostgreSQL (README.md here)."""
