"""Static files under fingerprinted names, cached for a year and sent compressed.

`url_for('static', filename='css/portal.css')` gives `/static/css/portal.1f2e3d4c5b.css`: the
name changes whenever the content does, so a browser may keep each file for a year without asking
again, and a slow phone downloads the style sheet and scripts once. The files are read and
compressed when the app starts; the plain names are still served, revalidated on each use, for
anything that links to them directly.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, request

A_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    mimetype: str


def fingerprinted(name: str, body: bytes) -> str:
    """`js/portal.js` becomes `js/portal.<first 10 hex digits of its SHA-256>.js`."""
    digest = hashlib.sha256(body).hexdigest()[:10]
    path = Path(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def read_assets(folder: Path) -> tuple[dict[str, str], dict[str, Asset]]:
    """({plain name: fingerprinted name}, {fingerprinted name: asset}) for every file in `folder`."""
    names, assets = {}, {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        body = path.read_bytes()
        names[name] = fingerprinted(name, body)
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        assets[names[name]] = Asset(body, gzip.compress(body, compresslevel=9, mtime=0), mimetype)
    return names, assets


def init_app(app: Flask) -> None:
    names, assets = read_assets(Path(app.static_folder))

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]

    def static(filename):
        asset = assets.get(filename)
        if asset is None:
            return app.send_static_file(filename)
        return asset_response(asset)

    app.view_functions["static"] = static


def asset_response(asset: Asset) -> Response:
    """The file, gzipped when the browser accepts it, to be kept for a year and never revalidated."""
    compressed = "gzip" in request.accept_encodings
    response = Response(asset.gzipped if compressed else asset.body, mimetype=asset.mimetype)
    if compressed:
        response.content_encoding = "gzip"
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = A_YEAR
    response.cache_control.immutable = True
    return response
