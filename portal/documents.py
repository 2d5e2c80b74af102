"""Documents people hand over (issue #23, point 5): the statement of disability status and the
extract of the rehabilitation programme, as PDF, rendered by WeasyPrint from the very templates
of their pages, in the page's language.

A page's template extends `documents/layout.html` instead of `base.html` when `document` is true,
and shows there what only paper needs (the issuer, the QR code). The PDF is PDF/UA-1: tagged, so
that a screen reader reads it in order with its headings and lists; its title shown in place of the
file name; its language, /Lang, taken from <html lang>. Nothing is fetched while it is rendered: the
stylesheet is read from static/, the QR code is drawn here, and any other address is an error."""

from __future__ import annotations

import re
from pathlib import Path

import segno
from flask import Response, current_app, render_template
from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from portal.public_url import public_url

STYLESHEET = "css/document.css"


class NothingFetched(URLFetcher):
    """A document carries everything it shows. A data: URL (the QR code) is read in place; any
    other address stops the rendering rather than make a person wait on another host, or give
    that host a request the person never made."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise FatalURLFetchingError(f"a document fetches nothing, and it asked for {url}")


def verify_address(reference: str) -> str:
    """The public address that checks a statement, its reference filled in: what the QR code opens."""
    return public_url("verify.verify", reference=reference)


def qr_code(address: str) -> str:
    """The QR code that opens `address`, as a data: URL of an SVG. Level M survives a crease or a
    stain on a tenth of it; the border of four modules is the quiet zone scanners need."""
    return segno.make(address, error="m", micro=False).svg_data_uri(scale=4, border=4)


def render_pdf(template: str, **context) -> bytes:
    """The page `template` as a tagged PDF (PDF/UA-1), with `document` true in its context."""
    html = render_template(template, document=True, **context)
    fetcher = NothingFetched()
    stylesheet = CSS(filename=Path(current_app.static_folder) / STYLESHEET, url_fetcher=fetcher)
    # Relative links in the content lead to the portal, not to a file on the server.
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/"
    return HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def file_name(number: str) -> str:
    """A PDF's file name from a document's number, in letters, digits and hyphens only: a number
    from the registry never breaks the Content-Disposition header or names a folder."""
    return (re.sub(r"[^A-Za-z0-9-]+", "-", number).strip("-") or "document") + ".pdf"


def pdf_response(body: bytes, filename: str) -> Response:
    """The PDF as a download named `filename` (no cache keeps it: portal/security.py)."""
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
