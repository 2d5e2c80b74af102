"""Error pages in the page's language: a clear message and a way on, never a stack trace.
The JSON APIs answer the same errors in their one JSON shape (portal/jsonapi.py)."""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.jsonapi import ApiError, error_response, for_status, is_json_path
from portal.registry import CurrentDataNeeded, RegistryUnavailable

# Statuses with a page of their own; any other HTTP error falls back to the 400 page's wording.
ERROR_PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 429: "errors/429.html",
               500: "errors/500.html"}


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error):
        return error_response(error)

    @app.errorhandler(CSRFError)
    def form_expired(error):
        if is_json_path(request.path):
            return error_response(ApiError(400, "csrf", _l(
                "With the session cookie, send the X-CSRFToken header, or use a bearer token.")))
        # The form token no longer matches the session (expired or signed out elsewhere).
        # Nothing was saved; the page sends the person back to the same form.
        return render_template("errors/expired_form.html", form_url=request.path), 400

    @app.errorhandler(CurrentDataNeeded)
    def current_data_needed(error):
        if is_json_path(request.path):
            return error_response(ApiError(503, "registry_copy_only", _l(
                "This needs the registry as it is now, and it cannot be reached. Try again in a few minutes.")))
        return render_template("errors/current_data_needed.html"), 503

    @app.errorhandler(RegistryUnavailable)
    def registry_unavailable(error):
        # The registry cannot be reached and the portal holds no copy of what was asked for.
        app.logger.warning("registry unavailable: %s", error)
        if is_json_path(request.path):
            return error_response(ApiError(503, "registry_unavailable", _l(
                "The registry cannot be reached right now. Try again in a few minutes.")))
        return render_template("errors/registry_unavailable.html"), 503

    @app.errorhandler(HTTPException)
    def http_error(error):
        # Unhandled exceptions arrive here as InternalServerError (code 500) outside testing.
        if is_json_path(request.path):
            return for_status(error.code)
        template = ERROR_PAGES.get(error.code, ERROR_PAGES[400] if error.code < 500 else ERROR_PAGES[500])
        return render_template(template), error.code
