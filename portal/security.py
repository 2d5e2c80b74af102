"""Response headers that hold on every page: a strict Content-Security-Policy and friends, HSTS in
production, and no copy kept anywhere of a page with someone's personal data."""

from flask import Flask, request, session

# No inline script or style anywhere: htmx and our own script are files under /static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

def init_app(app: Flask) -> None:
    from portal.interpreters.session import interpreter_session
    from portal.staff.session import staff_session

    hsts_seconds = app.config.get("HSTS_SECONDS")
    # The session keys of a signed-in person, officer or interpreter (portal/auth).
    signed_in_keys = ("iin", staff_session.key, interpreter_session.key)

    def is_personal() -> bool:
        """The answer may hold someone's data: a signed-in session, a token call, or any API answer."""
        return (any(key in session for key in signed_in_keys) or "Authorization" in request.headers
                or request.path.startswith("/api/"))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if hsts_seconds:
            # Browsers then refuse plain HTTP to the portal; set only where TLS is always there.
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains")
        if request.endpoint != "static" and "Cache-Control" not in response.headers and is_personal():
            # Neither the browser's cache nor a proxy keeps it: a shared computer shows nothing after sign-out.
            response.headers["Cache-Control"] = "no-store"
        return response
