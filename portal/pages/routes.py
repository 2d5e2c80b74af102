"""Public pages: the home page, the accessibility statement, contacts and privacy; and for search
engines, robots.txt and the sitemap (portal/pages/seo.py)."""

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, url_for

from portal.i18n import negotiated_language
from portal.kept_pages import kept_for_visitors
from portal.pages import seo
from portal.pages.known_problems import KNOWN_PROBLEMS

# When the accessibility statement was first prepared, when it was last reviewed (change it with the
# statement or its list of known problems, portal/pages/known_problems.py), and the day of the
# walk-through of the main tasks it reports (../shared/reviews/USABILITY.md).
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 11, 25)
ACCESSIBILITY_STATEMENT_REVIEWED = dt.date(2026, 12, 7)
ACCESSIBILITY_WALK_THROUGH = dt.date(2026, 12, 6)

bp = Blueprint("pages", __name__, url_prefix="/<lang>")
root = Blueprint("root", __name__)
root.add_app_template_global(seo.page_addresses)


@root.get("/")
def index():
    response = redirect(url_for("pages.home", lang=negotiated_language()))
    # The answer depends on Accept-Language: a shared cache must not give one visitor's language to all.
    response.vary.add("Accept-Language")
    return response


@root.get("/robots.txt")
def robots_txt():
    return for_search_engines(current_app.response_class(seo.robots_txt(), mimetype="text/plain"))


@root.get("/sitemap.xml")
def sitemap():
    page = render_template("pages/sitemap.xml", pages=seo.sitemap_pages())
    return for_search_engines(current_app.response_class(page, mimetype="application/xml"))


def for_search_engines(response):
    """The same for everyone, whoever asks: any cache may keep it for a day."""
    response.cache_control.public = True
    response.cache_control.max_age = seo.SEARCH_FILES_MAX_AGE
    return response


@bp.get("/")
@kept_for_visitors
def home():
    return render_template("pages/home.html")


@bp.get("/accessibility")
def accessibility():
    return render_template(
        "pages/accessibility.html",
        statement_date=ACCESSIBILITY_STATEMENT_DATE,
        reviewed_date=ACCESSIBILITY_STATEMENT_REVIEWED,
        walk_through_date=ACCESSIBILITY_WALK_THROUGH,
        known_problems=KNOWN_PROBLEMS,
        reply_working_days=current_app.config["BARRIER_REPLY_WORKING_DAYS"],
    )


@bp.get("/contacts")
def contacts():
    return render_template("pages/contacts.html")


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")
