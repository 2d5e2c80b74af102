"""The route inventory (STYLE.md 16): a URL people may have bookmarked is never removed without
a redirect. Adding a route means adding it here; removing one means adding a redirect."""

from portal import create_app

ROUTES = {
    ("/", "root.index"),
    ("/<lang>/", "pages.home"),
    ("/<lang>/accessibility", "pages.accessibility"),
    ("/<lang>/contacts", "pages.contacts"),
    ("/<lang>/privacy", "pages.privacy"),
    ("/<lang>/rights", "rights.rights"),
    ("/<lang>/verify", "verify.verify"),
    ("/<lang>/login", "auth.login"),
    ("/<lang>/login/code", "auth.code"),
    ("/<lang>/logout", "auth.logout"),
    ("/<lang>/logout/everywhere", "auth.logout_everywhere"),
    ("/<lang>/signed-out", "auth.signed_out"),
    ("/<lang>/session/extend", "auth.extend_session"),
    ("/<lang>/cabinet/", "cabinet.entitlements"),
    ("/<lang>/cabinet/status", "cabinet.status"),
    ("/<lang>/cabinet/statements", "cabinet.create_statement"),
    ("/<lang>/cabinet/statements/<reference>", "cabinet.statement"),
    ("/<lang>/cabinet/programme", "cabinet.programme"),
    ("/<lang>/cabinet/messages", "cabinet.messages"),
    ("/<lang>/requests/", "requests.index"),
    ("/<lang>/requests/new/<kind>", "requests.start"),
    ("/<lang>/requests/new/<kind>/restart", "requests.restart"),
    ("/<lang>/requests/new/<kind>/<question>", "requests.question"),
    ("/<lang>/requests/new/<kind>/check", "requests.check"),
    ("/<lang>/requests/<reference>", "requests.detail"),
    ("/<lang>/requests/<reference>/confirmation", "requests.confirmation"),
    ("/<lang>/requests/<reference>/cancel", "requests.cancel"),
    ("/<lang>/staff/login", "staff.login"),
    ("/<lang>/staff/", "staff.queue"),
    ("/<lang>/staff/requests/<reference>", "staff.detail"),
    ("/<lang>/staff/requests/<reference>/evidence/<int:evidence_id>", "staff.evidence"),
    ("/<lang>/staff/logout", "staff.logout"),
    ("/<lang>/interpreters/", "bookings.index"),
    ("/<lang>/interpreters/free-times", "bookings.availability"),
    ("/<lang>/interpreters/book", "bookings.book"),
    ("/<lang>/interpreters/book/check", "bookings.check"),
    ("/<lang>/interpreters/bookings/<reference>", "bookings.detail"),
    ("/<lang>/interpreters/bookings/<reference>/cancel", "bookings.cancel"),
    ("/<lang>/interpreters/bookings/<reference>.ics", "bookings.calendar_file"),
    ("/<lang>/interpreter/login", "interpreter.login"),
    ("/<lang>/interpreter/", "interpreter.dashboard"),
    ("/<lang>/interpreter/bookings/<reference>/accept", "interpreter.accept"),
    ("/<lang>/interpreter/bookings/<reference>/decline", "interpreter.decline"),
    ("/<lang>/interpreter/bookings/<reference>/outcome", "interpreter.outcome"),
    ("/<lang>/interpreter/logout", "interpreter.logout"),
    ("/<lang>/acting-for", "carers.choose"),
    ("/<lang>/mandates", "carers.mandates"),
    ("/<lang>/mandates/ask", "carers.ask"),
    ("/<lang>/mandates/<int:mandate_id>/<action>", "carers.act"),
    ("/healthz", "health.healthz"),
    ("/readyz", "health.readyz"),
    ("/static/<path:filename>", "static"),
}


def test_routes_are_exactly_the_inventory():
    app = create_app()
    assert {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()} == ROUTES
