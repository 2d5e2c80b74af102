"""The display settings page, and the context that puts the chosen settings on every page.

The settings are applied by the server, as classes on <html>, so they hold on the first paint of
every page and without JavaScript; they are remembered in one cookie on the person's device.
"""

from __future__ import annotations

from flask import Blueprint, has_request_context, redirect, render_template, request, url_for

from portal.auth.session import current_iin
from portal.display.account import save_to_account
from portal.display.cookie import remember
from portal.display.forms import DisplayForm
from portal.display.settings import COOKIE_NAME, DisplaySettings, from_cookie
from portal.extensions import db
from portal.i18n import select_locale
from portal.vocabulary import LANGUAGES

bp = Blueprint("display", __name__, url_prefix="/<lang>")

# Longer than any page address of the portal; a longer one is not followed back.
MAX_NEXT_LENGTH = 2000


def current_settings() -> DisplaySettings:
    return from_cookie(request.cookies.get(COOKIE_NAME))


def page_to_return_to(target: str | None) -> str | None:
    """The page a person came from, when it is a page of this portal, in the current language.

    Only a path under /kk/ or /ru/ is followed: an absolute address, `//host`, a backslash (which
    browsers read as a slash) or a control character would let a link on our page lead elsewhere.
    The settings page itself is not a page to go back to.
    """
    if not target or len(target) > MAX_NEXT_LENGTH or "\\" in target:
        return None
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in target):
        return None
    lang, slash, rest = target[1:].partition("/")
    if not target.startswith("/") or lang not in LANGUAGES or not slash:
        return None
    # The language links of this page keep `next`; after switching language there, the way back
    # leads to the same page in the language the person now reads.
    back = f"/{select_locale()}/{rest}"
    if back.split("?", 1)[0] == url_for("display.settings"):
        return None
    return back


def settings_url() -> str:
    """The settings page, told which page to lead back to (this one, or where this one came from)."""
    if request.endpoint == "display.settings":
        back = page_to_return_to(request.values.get("next"))
    else:
        back = page_to_return_to(request.full_path.rstrip("?"))
    return url_for("display.settings", next=back) if back else url_for("display.settings")


@bp.app_context_processor
def display_context():
    if not has_request_context():
        return {"display_classes": ""}
    return {"display_classes": current_settings().css_classes(), "display_settings_url": settings_url}


@bp.after_app_request
def vary_by_cookie(response):
    # A page looks different for each setting: a shared cache must not hand one person's to another.
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


@bp.route("/display", methods=["GET", "POST"])
def settings():
    back = page_to_return_to(request.values.get("next"))
    form = DisplayForm(data=current_settings().as_dict())
    if request.method == "POST" and "reset" in request.form:
        # The CSRF token was checked before the view (CSRFProtect), the values are not needed.
        chosen, done = DisplaySettings(), "reset"
    elif form.validate_on_submit():
        chosen, done = DisplaySettings(text=form.text.data, colours=form.colours.data,
                                       spacing=form.spacing.data), "saved"
    else:
        return render_template("display/settings.html", form=form, back=back,
                               done=request.args.get("done") if request.method == "GET" else None)
    if current_iin() is not None:
        save_to_account(db.session, current_iin(), chosen)
    # 303: the page after saving is fetched with GET, and reloading it sends nothing again.
    return remember(redirect(url_for("display.settings", done=done, next=back), code=303), chosen)
