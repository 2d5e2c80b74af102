"""The person's own account: how the department should reach them, and their API tokens (make
one for an app, see the secret once, revoke it at any time).

Tokens belong to the signed-in person themselves, never to someone they act for: a token acts as
its maker, and reaches other people's data only through the maker's own mandates.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import ngettext

from portal.account import contact as contacting
from portal.account import tokens as api_tokens
from portal.account.forms import ContactForm, TokenForm
from portal.auth.session import current_iin, login_required
from portal.extensions import db
from portal.registry import registry

bp = Blueprint("account", __name__, url_prefix="/<lang>/account")

def too_many_message() -> str:
    return ngettext("You have %(num)d token already. Revoke one you no longer use first.",
                    "You have %(num)d tokens already. Revoke one you no longer use first.",
                    api_tokens.MAX_TOKENS)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            token, secret = api_tokens.create(db.session, iin=current_iin(), name=form.name.data)
        except api_tokens.TokenError:
            form.form_errors.append(too_many_message())
        else:
            # The secret is shown once, in the answer to the form that made it: it is kept nowhere,
            # not in the session cookie, a URL, a log or the database (only its hash is).
            new_token = {"id": token.id, "name": token.name, "secret": secret}
            form = TokenForm(formdata=None)
    response = make_response(render_template(
        "account/tokens.html", form=form, tokens=api_tokens.active_tokens(db.session, current_iin()),
        new_token=new_token, max_tokens=api_tokens.MAX_TOKENS, done=request.args.get("done"),
        # The page is about the signed-in person's own tokens, whoever's matters they handle now.
        acting_for=None))
    # The secret is shown once: the Back button must not bring it back from the browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/contact", methods=["GET", "POST"])
@login_required
def contact():
    """How the department should reach the signed-in person themselves, whoever's matters they
    handle now: the language, and what to keep in mind."""
    me = registry().find_person(current_iin())
    current = contacting.contact_of(db.session, current_iin(), me.preferred_language if me else "kk")
    form = ContactForm(data={"language": current.language, "needs": list(current.needs)})
    if form.validate_on_submit():
        contacting.save(db.session, current_iin(), language=form.language.data, needs=form.needs.data)
        return redirect(url_for("account.contact", done="saved"))
    return render_template("account/contact.html", form=form, done=request.args.get("done"), acting_for=None)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    try:
        api_tokens.revoke(db.session, iin=current_iin(), token_id=token_id)
    except api_tokens.TokenError:
        abort(404)
    return redirect(url_for("account.tokens", done="revoked"))
