"""Public pages: the home page, the accessibility statement, contacts and privacy; and for search
engines, robots.txt and the sitemap (portal/pages/seo.py)."""

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from portal.auth.session import current_iin
from portal.carers import acting
from portal.departments import services as departments
from portal.departments.forms import RegionForm
from portal.extensions import db
from portal.i18n import negotiated_language
from portal.kept_pages import kept_for_visitors
from portal.pages import seo
from portal.pages.known_problems import KNOWN_PROBLEMS
from portal.registry import registry

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
    """How to reach the support team, and the departments of a region: the signed-in person's (or
    the one whose matters they handle) unless another is chosen (issue #23, point 4)."""
    form = RegionForm(request.args)
    if not (form.region.data and form.validate()):
        form = RegionForm(region=home_region() or "")  # an unknown region in the address: as if none
    region = form.region.data
    return render_template("pages/contacts.html", region_form=form, region=region,
                           departments=departments.in_region(db.session, region) if region else [])


def home_region() -> str | None:
    """The region of the person whose matters the visitor handles, if they are signed in."""
    if not current_iin():
        return None
    person = registry().find_person(acting.subject_iin())
    return person.region if person else None


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")
