"""Error pages in the page's language: a clear message and a way on, never a stack trace."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

# Statuses with a page of their own; any other HTTP error falls back to the 400 page's wording.
ERROR_PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 429: "errors/429.html",
               500: "errors/500.html"}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error):
        # The form token no longer matches the session (expired or signed out elsewhere).
        # Nothing was saved; the page sends the person back to the same form.
        return render_template("errors/expired_form.html", form_url=request.path), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        # Unhandled exceptions arrive here as InternalServerError (code 500) outside testing.
        template = ERROR_PAGES.get(error.code, ERROR_PAGES[400] if error.code < 500 else ERROR_PAGES[500])
        return render_template(template), error.code
