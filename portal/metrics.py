"""`/metrics`: Prometheus's text format, for operators with METRICS_TOKEN (issue #21).

- `portal_requests_total{endpoint,method,status}` and `portal_request_seconds{endpoint}`: every
  answer, by route (its endpoint, never its path: a path can hold a reference) and status;
- `portal_registry_copies_total`: answers that showed a copy kept "as of" because the registry
  could not be reached;
- `portal_rate_limit_hits_total{limit}`: requests stopped by a limit;
- read when scraped: `portal_outbox_messages{state}` (due, waiting, failed, no_phone, as
  `flask outbox status` counts them), `portal_job_last_success_timestamp_seconds{job}` and
  `portal_db_pool_connections{state}` (this process's pool).

Under gunicorn each worker counts its own; with PROMETHEUS_MULTIPROC_DIR set (a directory emptied
before the workers start, and gunicorn's child_exit hook calling
prometheus_client.multiprocess.mark_process_dead), any worker answers for all of them.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from portal import clock, job_runs, operator_tokens
from portal.extensions import db

REQUESTS = Counter("portal_requests", "Answers given, by route and status", ["endpoint", "method", "status"])
LATENCY = Histogram("portal_request_seconds", "Time to answer, by route", ["endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REGISTRY_COPIES = Counter("portal_registry_copies", "Answers that showed a kept copy of the registry")
RATE_LIMIT_HITS = Counter("portal_rate_limit_hits", "Requests stopped by a limit", ["limit"])


def limit_reached(limit: str) -> None:
    RATE_LIMIT_HITS.labels(limit).inc()


class ScrapeTime:
    """What is read when /metrics is asked: the outbox from the database, the pool of this process."""

    def collect(self):
        from portal.notify.outbox import outbox_status

        status = outbox_status(db.session, clock.utcnow())
        outbox = GaugeMetricFamily("portal_outbox_messages",
                                   "Messages not delivered, as `flask outbox status` counts them", labels=["state"])
        for state in ("due", "waiting", "failed", "no_phone"):
            outbox.add_metric([state], getattr(status, state))
        yield outbox
        jobs = GaugeMetricFamily("portal_job_last_success_timestamp_seconds",
                                 "When each scheduled job last ended well (Unix time)", labels=["job"])
        for name, when in job_runs.last_successes(db.session).items():
            jobs.add_metric([name], when.timestamp())
        yield jobs
        pool = db.engine.pool
        connections = GaugeMetricFamily("portal_db_pool_connections", "This process's database pool",
                                        labels=["state"])
        for state in ("checkedout", "checkedin", "overflow", "size"):
            if hasattr(pool, state):
                connections.add_metric([state], getattr(pool, state)())
        yield connections


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    else:
        from prometheus_client import REGISTRY as counted
    now = CollectorRegistry()
    now.register(ScrapeTime())
    return generate_latest(counted) + generate_latest(now)


def init_app(app: Flask) -> None:
    @app.before_request
    def start_clock():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics":
            endpoint = request.endpoint or "unmatched"
            REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
            if g.get("registry_as_of"):  # portal/registry/freshness.py
                REGISTRY_COPIES.inc()
        return response

    @app.get("/metrics", endpoint="metrics")
    def metrics():
        if answer := operator_tokens.refused("METRICS_TOKEN"):
            return answer
        return Response(exposition(), content_type=CONTENT_TYPE_LATEST)
