"""Public pages rendered once for visitors who are not signed in (issue #20).

The home and rights pages of a visitor without a session are the same for everyone who reads them
in that language with those display settings: no name, no form token, nothing from the registry.
Rendering one cost more than half of its time. `kept_for_visitors` keeps each rendering for the
app's life, keyed by the path and the display settings, and gives it to the next such visitor.
Anyone signed in, or with a session cookie at all, or asking with a query string, gets the page
rendered for them as before; a rendering that made a form token or wrote the session is not kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable

from flask import current_app, g, request, session

from portal.display.routes import current_settings


def kept_for_visitors(view):
    return kept_for_visitors_while(lambda: None)(view)


def kept_for_visitors_while(version: Callable[[], Hashable]):
    """As kept_for_visitors, for pages that change when `version()` does (the open statistics, when
    the nightly job publishes them again): a rendering is kept with the version it was made from,
    and each is rendered again, replacing it, the first time it is asked for after the version moves on."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if request.query_string or current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
                return view(*args, **kwargs)
            kept = current_app.extensions.setdefault("kept_pages", {})
            key = (request.path, current_settings().css_classes())
            now = version()
            if key not in kept or kept[key][0] != now:
                page = view(*args, **kwargs)
                if not isinstance(page, str) or session.modified or "csrf_token" in g:
                    return page
                kept[key] = (now, page)
            return kept[key][1]

        return wrapped

    return decorate
