"""How search engines find the public pages (issue #22): which pages they may index, each page's
addresses for the layout's canonical and hreflang links, `/robots.txt` and `/sitemap.xml`.

A page is indexed when its endpoint is in PUBLIC_PAGES and its template gives a description; every
other page (signed in, back office, interpreters, errors) asks search engines not to index it. All
addresses are built from PUBLIC_BASE_URL, never from the request's Host: a page reached through
another name must still give the portal's own address as its canonical one.
"""

from __future__ import annotations

from flask import current_app, request

from portal.public_url import public_url
from portal.vocabulary import LANGUAGES

# The pages a visitor without a session opens and a search may lead to, in the sitemap's order.
PUBLIC_PAGES = (
    "pages.home",
    "rights.rights",
    "verify.verify",
    "auth.login",
    "display.settings",
    "pages.accessibility",
    "pages.contacts",
    "pages.privacy",
    "statistics.index",
    "statistics.indicators",
    "statistics.open_data",
)
# Public pages with a page for each value of an argument (a table of the statistics), as
# (argument, the values); imported when asked, as the tables' module imports the models.
PUBLIC_PAGES_BY_VALUE = {"statistics.table": "code"}


def values_of(endpoint: str) -> list[str]:
    from portal.statistics.tables import COUNT_TABLES

    return {"statistics.table": list(COUNT_TABLES)}[endpoint]

# Kazakh, the state language, is the page for a reader whose language is neither.
DEFAULT_LANGUAGE = "kk"

# Areas behind a sign-in, and steps of signing in and out, under each language prefix: a crawler
# would only meet a redirect to a sign-in page there. The staff's and interpreters' sign-in pages
# are inside their areas. Then the addresses for machines.
SIGNED_IN_AREAS = ("cabinet/", "requests/", "interpreters/", "mandates", "acting-for", "account/",
                   "staff/", "interpreter/", "login/", "logout", "signed-out", "session/")
# Files for programs, not pages: the open data's downloads.
FILE_AREAS = ("statistics/files/",)
MACHINE_AREAS = ("/api/", "/registry/", "/healthz", "/readyz", "/metrics")

# Crawlers ask for robots.txt and the sitemap often; within a day is soon enough for a new page.
SEARCH_FILES_MAX_AGE = 24 * 60 * 60


def alternates_of(endpoint: str, **values) -> dict[str, str]:
    """The page's public address in each language, and the Kazakh one as x-default."""
    in_language = {code: public_url(endpoint, lang=code, **values) for code in LANGUAGES}
    return {**in_language, "x-default": in_language[DEFAULT_LANGUAGE]}


def page_addresses(language: str) -> dict | None:
    """The canonical address of the page being rendered and its alternates, or None when search
    engines should not index it. Without the query string: `?next=…` or a statement's reference
    is not another page."""
    if request.endpoint in PUBLIC_PAGES_BY_VALUE:
        argument = PUBLIC_PAGES_BY_VALUE[request.endpoint]
        alternates = alternates_of(request.endpoint, **{argument: request.view_args[argument]})
        return {"canonical": alternates[language], "alternates": alternates}
    if request.endpoint not in PUBLIC_PAGES:
        return None
    alternates = alternates_of(request.endpoint)
    return {"canonical": alternates[language], "alternates": alternates}


def sitemap_pages() -> list[dict]:
    """Every public page in every language: its address and its alternates (sitemaps.org, with
    xhtml:link alternates as Google reads them)."""
    pages = []
    every = [(endpoint, {}) for endpoint in PUBLIC_PAGES] + [
        (endpoint, {argument: value}) for endpoint, argument in PUBLIC_PAGES_BY_VALUE.items()
        for value in values_of(endpoint)]
    for endpoint, values in every:
        alternates = alternates_of(endpoint, **values)
        pages += [{"loc": alternates[code], "alternates": alternates} for code in LANGUAGES]
    return pages


def robots_txt() -> str:
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{code}/{area}" for code in LANGUAGES for area in SIGNED_IN_AREAS + FILE_AREAS]
    lines += [f"Disallow: {area}" for area in MACHINE_AREAS]
    lines += ["", f"Sitemap: {sitemap_url()}"]
    return "\n".join(lines) + "\n"


def sitemap_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/sitemap.xml"
