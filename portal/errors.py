"""Error pages in the page's language: a clear message and a way on, never a stack trace.
The JSON APIs answer the same errors in their one JSON shape (portal/jsonapi.py)."""

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sqlalchemy_errors
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from portal import access, limits
from portal.extensions import db
from portal.jsonapi import ApiError, error_response, for_status, is_json_path
from portal.registry import CurrentDataNeeded, RegistryUnavailable, registry

# The database cannot be reached (refused, dropped mid-request, no connection free in the pool):
# a passing outage, not a fault of the page, so 503 and "try again". Integrity and programming
# errors are faults and stay 500.
DATABASE_UNAVAILABLE = (sqlalchemy_errors.OperationalError, sqlalchemy_errors.InterfaceError,
                        sqlalchemy_errors.TimeoutError)
DATABASE_RETRY_AFTER_SECONDS = 30

# Statuses with a page of their own; any other HTTP error falls back to the 400 page's wording.
ERROR_PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 500: "errors/500.html"}


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error):
        return error_response(error)

    @app.errorhandler(access.NotAllowed)
    def not_allowed(refused):
        """Acting for someone without a mandate for this (the gate recorded the refusal): the API's
        403, or a page naming the person and what the mandate would need."""
        if is_json_path(request.path):
            return error_response(ApiError(403))
        person = registry().find_person(refused.subject_iin)
        return render_template("carers/not_allowed.html", person=person, scope=refused.scope), 403

    @app.errorhandler(CSRFError)
    def form_expired(error):
        if is_json_path(request.path):
            return error_response(ApiError(400, "csrf", _l(
                "With the session cookie, send the X-CSRFToken header, or use a bearer token.")))
        # The form token no longer matches the session (expired or signed out elsewhere).
        # Nothing was saved; the page sends the person back to the same form.
        return render_template("errors/expired_form.html", form_url=request.path), 400

    @app.errorhandler(RateLimitExceeded)
    def too_many(error):
        # Flask-Limiter adds Retry-After (RATELIMIT_HEADERS_ENABLED); the page says it in minutes.
        if is_json_path(request.path):
            return for_status(429)
        return render_template("errors/429.html", signing_in=request.endpoint in limits.SIGN_IN_ENDPOINTS,
                               checking=request.endpoint == limits.VERIFY_ENDPOINT,
                               asking=request.endpoint in limits.MANDATE_ASK_ENDPOINTS,
                               documents=request.endpoint in limits.DOCUMENT_ENDPOINTS,
                               minutes=limits.minutes_to_wait()), 429

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

    def database_unavailable(error):
        # Every change is one transaction: rolled back here, none of it was written.
        try:
            db.session.rollback()
        except sqlalchemy_errors.SQLAlchemyError:
            pass  # the connection is gone; the pool drops it
        app.logger.warning("database unavailable: %s", error)
        # The layout then reads nothing from the database (portal/auth/session.py, portal/carers/acting.py).
        g.database_unavailable = True
        headers = {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}
        if is_json_path(request.path):
            response = error_response(ApiError(503, "service_unavailable", _l(
                "The service cannot reach its database right now. Nothing was saved. Try again in a few minutes.")))
            response.headers.update(headers)
            return response
        return render_template("errors/database_unavailable.html"), 503, headers

    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, database_unavailable)

    @app.errorhandler(HTTPException)
    def http_error(error):
        # Unhandled exceptions arrive here as InternalServerError (code 500) outside testing.
        if is_json_path(request.path):
            return for_status(error.code)
        template = ERROR_PAGES.get(error.code, ERROR_PAGES[400] if error.code < 500 else ERROR_PAGES[500])
        try:
            return render_template(template), error.code
        except DATABASE_UNAVAILABLE as unavailable:
            # The layout reads the signed-in account, and the database has gone: say that instead.
            return database_unavailable(unavailable)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        # Over MAX_CONTENT_LENGTH the form is not read at all, so the question page cannot say it;
        # in a person's hands only a file is this large (evidence, up to 10 MB).
        if is_json_path(request.path) or request.mimetype != "multipart/form-data":
            return http_error(error)
        return render_template("errors/413.html", form_url=request.path), 413
