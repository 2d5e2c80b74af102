"""gunicorn's settings for the portal: `gunicorn --config gunicorn.conf.py 'portal:create_app()'`.

In the image (deploy/Dockerfile) it listens on all addresses of the container, which compose.yaml
publishes on the host's 127.0.0.1 only. Without the image, give `--bind 127.0.0.1:8000` on the
command line, which wins over this file.
"""

import os
from pathlib import Path

bind = "0.0.0.0:8000"
# WEB_CONCURRENCY, the variable gunicorn itself reads; by default gunicorn's advice, two workers for
# each core this process may run on, and one more.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
# No control socket for gunicornc: nothing here uses it, and it would be made in the home folder,
# which the image's user cannot write.
control_socket_disable = True

# Each worker writes its counts to files here, so that whichever worker answers /metrics counts them
# all (portal/metrics.py). Set here, in the master, before any worker imports prometheus_client,
# which reads it on import; not in the image's environment, where the Flask commands, the Celery
# worker and beat would then need the folder too.
metrics_folder = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", "/tmp/portal-metrics"))


def on_starting(server):
    """The counts of an earlier run would be added to this run's: start from none."""
    metrics_folder.mkdir(parents=True, exist_ok=True)
    for counts in metrics_folder.glob("*.db"):
        counts.unlink()


def child_exit(server, worker):
    """A worker that ended (restarted, or killed at its timeout) leaves its live gauges behind."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
