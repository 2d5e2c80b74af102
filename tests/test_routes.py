"""The route inventory (STYLE.md 16): a URL people may have bookmarked is never removed without
a redirect. Adding a route means adding it here; removing one means adding a redirect."""

from portal import create_app

ROUTES = {
    ("/", "root.index"),
    ("/<lang>/", "pages.home"),
    ("/<lang>/accessibility", "pages.accessibility"),
    ("/<lang>/contacts", "pages.contacts"),
    ("/<lang>/privacy", "pages.privacy"),
    ("/healthz", "health.healthz"),
    ("/readyz", "health.readyz"),
    ("/static/<path:filename>", "static"),
}


def test_routes_are_exactly_the_inventory():
    app = create_app()
    assert {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()} == ROUTES
