"""Addresses the portal gives out to be used elsewhere (printed on a statement, for one), built
from PUBLIC_BASE_URL and never from the request's Host header: a forged Host would otherwise put
a stranger's site on a genuine statement, where the reader would "check" it."""

from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """The full public address of `endpoint`, e.g. https://qoljetimdi.kz/kk/verify."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)
