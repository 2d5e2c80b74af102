"""The entry point of the background processes, on the Redis of REDIS_URL:

    celery --app portal.worker worker   # as many as the work needs, on any machine
    celery --app portal.worker beat     # exactly one: asks for the scheduled jobs on time

Both need the portal's configuration (PORTAL_ENV and the rest) as the web processes have it.
Celery looks for `app`, then `celery`, in this module: the Flask app is not named `app`.
"""

from portal import create_app

portal = create_app()
if "celery" not in portal.extensions:
    raise RuntimeError("Set REDIS_URL: the worker and beat take their work from Redis")
celery = portal.extensions["celery"]
