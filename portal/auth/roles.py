"""Sessions of people who sign in with a username and password in a role (staff, interpreters):
separate from citizens' sessions, kept on the server as theirs are (portal/auth/session.py)."""

from __future__ import annotations

import functools

from sqlalchemy import select

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from portal.auth.passwords import hash_password, needs_rehash, verify
from portal.auth.role_registry import Role, register_role
from portal.auth.session import current_record, safe_next, start_session, timed_out_args
from portal.extensions import db

# Compared against when the username is unknown, so both answers take the same time.
_NO_SUCH_USER = hash_password("no such user")

def authenticate_account(session_, model, username: str, password: str):
    """The active account of `model` (staff or interpreter) with this username and password, or None.
    An older hash is replaced by today's while the password is at hand (committed with the sign-in)."""
    account = session_.scalar(select(model).where(model.username == username.strip().lower()))
    if account is None or not account.active:
        verify(_NO_SUCH_USER, password)
        return None
    if not verify(account.password_hash, password):
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


class RoleSession:
    """The session of one role, registered with auth as it is made: the header shows the account as
    `signed_in_<role>`, and the pages of a signed-in account are kept by no cache."""

    def __init__(self, role: str, model, login_endpoint: str, password_endpoint: str):
        self.role, self.model = role, model
        self.login_endpoint, self.password_endpoint = login_endpoint, password_endpoint
        self.key = f"{role}_id"
        register_role(Role(role, cookie_key=self.key, template_variable=f"signed_in_{role}", current=self.current))

    def sign_in(self, account) -> None:
        start_session(self.role, str(account.id), {self.key: account.id})
        g.pop(self.key, None)

    def current(self):
        """The signed-in account of this role, or None; an account made inactive is signed out."""
        if self.key not in g:
            account = None
            record = current_record()
            if record is not None and record.role == self.role:
                account = db.session.get(self.model, int(record.account))
                if account is None or not account.active:
                    session.clear()  # the record ends with the cookie (end_replaced_session)
                    account = None
            setattr(g, self.key, account)
        return getattr(g, self.key)

    def required(self, view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            account = self.current()
            if account is None:
                return redirect(url_for(self.login_endpoint, next=request.full_path.rstrip("?"), **timed_out_args()))
            if account.must_change_password and request.endpoint != self.password_endpoint:
                return redirect(url_for(self.password_endpoint))
            return view(*args, **kwargs)

        return wrapped

    def username_limit_key(self) -> str:
        """The rate-limit key of a sign-in attempt: the role and the username it is for."""
        return f"{self.role}-sign-in:" + request.form.get("username", "").strip().lower()

    def sign_in_page(self, sign_in, home_endpoint: str):
        """The username-and-password page of the role; `sign_in(account, method)` records and signs in."""
        from portal.auth.forms import PasswordSignInForm

        if request.method == "GET" and "next" in request.args:
            session["next"] = safe_next(request.args["next"], "")
        form = PasswordSignInForm()
        if form.validate_on_submit():
            account = authenticate_account(db.session, self.model, form.username.data, form.password.data)
            if account is not None:
                target = safe_next(session.pop("next", None), url_for(home_endpoint))
                sign_in(account, "password")
                return redirect(target)
            form.password.errors = [_l("The username or password is not right")]
        return render_template("auth/password_login.html", form=form, role=self.role)

    def password_page(self, on_changed, home_endpoint: str):
        """The signed-in account chooses its own password: at once after a password was made or
        reset at the command line (`required` sends it here first), or whenever it wants.
        `on_changed(account)` records it."""
        from portal.auth.forms import MIN_PASSWORD_LENGTH, NewPasswordForm

        account = self.current()
        form = NewPasswordForm()
        if form.validate_on_submit():
            if verify(account.password_hash, form.password.data):
                form.password.errors = [_l("Choose a password other than the one you have now")]
            else:
                account.password_hash = hash_password(form.password.data)
                account.must_change_password = False
                on_changed(account)
                db.session.commit()
                return redirect(url_for(home_endpoint))
        return render_template("auth/new_password.html", form=form, min_length=MIN_PASSWORD_LENGTH)

    def username_limit(self) -> str:
        return current_app.config["SIGN_IN_LIMIT_PER_USERNAME"]
