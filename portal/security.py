"""Response headers that hold on every page: a strict Content-Security-Policy and friends, HSTS in
production, and no copy kept anywhere of a page with someone's personal data."""

from flask import Flask, request, session

from portal.auth.role_registry import registered_roles

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
    hsts_seconds = app.config.get("HSTS_SECONDS")

    def is_personal() -> bool:
        """The answer may hold someone's data: a session signed in in any role (a person, staff, an
        interpreter), a token call, or any API answer."""
        return (any(role.cookie_key in session for role in registered_roles()) or "Authorization" in request.headers
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
