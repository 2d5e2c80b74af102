"""Setting the display cookie on an answer: after the settings page's form, and at sign-in."""

from __future__ import annotations

from flask import current_app

from portal.display.settings import COOKIE_MAX_AGE, COOKIE_NAME, DisplaySettings


def remember(response, settings: DisplaySettings):
    """Keep the settings in the cookie for a year; standard settings need no cookie at all."""
    attributes = {"path": "/", "secure": current_app.config.get("SESSION_COOKIE_SECURE", False),
                  "httponly": True, "samesite": "Lax"}
    if settings.is_standard:
        response.delete_cookie(COOKIE_NAME, **attributes)
    else:
        response.set_cookie(COOKIE_NAME, settings.cookie_value(), max_age=COOKIE_MAX_AGE, **attributes)
    return response
