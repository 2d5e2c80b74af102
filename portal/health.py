"""Health checks for load balancers and orchestrators (DESIGN.md, fixed interfaces).

`/readyz` says whether this instance can serve: its database answers, and Redis when one is
configured. The registry is not part of it: while the registry is down the portal serves its
kept copies ("as of"), so a load balancer must keep every instance in (issue #21). The registry's
state is on `/healthz/details`, for operators with HEALTH_DETAILS_TOKEN.
"""

from __future__ import annotations

import redis
from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import operator_tokens
from portal.extensions import db
from portal.registry import RegistryUnavailable, registry

bp = Blueprint("health", __name__)
# How long a check waits for Redis: a load balancer asks every few seconds.
REDIS_TIMEOUT_SECONDS = 1


@bp.get("/healthz")
def healthz():
    """The process is up; says nothing of what it depends on."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers, and Redis when configured."""
    checks = serving_checks()
    ready = all_ok(checks)
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.get("/healthz/details")
def details():
    """What /readyz checks and the registry, for operators: "degraded" while only the registry is
    down (pages show their kept copies). 404 unless HEALTH_DETAILS_TOKEN is set, 401 without it."""
    if answer := operator_tokens.refused("HEALTH_DETAILS_TOKEN"):
        return answer
    checks = serving_checks()
    ready = all_ok(checks)
    checks["registry"] = registry_state()
    status = ("unavailable" if not ready else "ok" if checks["registry"] == "ok" else "degraded")
    return {"status": status, "checks": checks}, 200 if ready else 503


def all_ok(checks: dict[str, str]) -> bool:
    return all(state == "ok" for state in checks.values())


def serving_checks() -> dict[str, str]:
    checks = {"database": database_state()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = redis_state()
    return checks


def database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


def redis_state() -> str:
    client = current_app.extensions.get("health_redis")
    if client is None:
        client = current_app.extensions["health_redis"] = redis.Redis.from_url(
            current_app.config["REDIS_URL"], socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        client.ping()
        return "ok"
    except redis.RedisError:
        return "unavailable"


def registry_state() -> str:
    try:
        registry().ping()
        return "ok"
    except RegistryUnavailable:
        return "unavailable"
