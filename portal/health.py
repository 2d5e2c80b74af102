"""Health checks for load balancers and orchestrators (DESIGN.md, fixed interfaces)."""

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.registry import RegistryUnavailable, registry

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up; says nothing of what it depends on."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database and the registry both answer."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        checks["database"] = "unavailable"
    try:
        registry().ping()
        checks["registry"] = "ok"
    except RegistryUnavailable:
        checks["registry"] = "unavailable"
    ready = all(state == "ok" for state in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503
