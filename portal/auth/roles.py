"""Sessions of people who sign in with a username and password in a role (staff, interpreters):
separate from citizens' sessions, kept on the server as theirs are (portal/auth/session.py).

The password is followed by a second factor (issue #26, point 3; portal/auth/second_factor.py): the
code of an authenticator app, set up at the first sign-in, or one of the recovery codes. Between the
two the cookie holds only which account is half-way, for a few minutes; nothing is signed in.
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import select

from flask import current_app, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from portal import audit, clock
from portal.auth import second_factor
from portal.auth.passwords import hash_password, needs_rehash, verify
from portal.auth.role_registry import Role, register_role
from portal.auth.session import current_record, safe_next, start_session, timed_out_args
from portal.extensions import db, limiter
from portal.documents import qr_code

# Compared against when the username is unknown, so both answers take the same time.
_NO_SUCH_USER = hash_password("no such user")
# The cookie's note of an account whose password was right and whose second factor is awaited.
HALF_WAY = "second_factor"
# Time enough to open the app, or to set it up from scratch; then the password is asked again.
HALF_WAY_LASTS = dt.timedelta(minutes=10)

CODE_ERRORS = {
    second_factor.Check.WRONG: _l("The code is not right. Type the code the app shows now for Qoljetimdi"),
    second_factor.Check.EXPIRED: _l("This code has expired. Type the code the app shows now"),
    second_factor.Check.USED: _l("This code has been used already. Wait until the app shows a new code, "
                                 "then type that one"),
}
WRONG_RECOVERY_CODE = _l("This recovery code is not right, or it has been used already. Check it, or type "
                         "another code from your list")

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


def never_stored(page: str):
    """The authenticator key and the recovery codes: no cache or proxy keeps them, signed in or not."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


class RoleSession:
    """The session of one role, registered with auth as it is made: the header shows the account as
    `signed_in_<role>`, and the pages of a signed-in account are kept by no cache."""

    def __init__(self, role: str, model, login_endpoint: str, password_endpoint: str, *, actor: str):
        self.role, self.model = role, model
        self.login_endpoint, self.password_endpoint = login_endpoint, password_endpoint
        self.actor = actor  # the audit event's column that names the account
        blueprint = login_endpoint.partition(".")[0]
        self.code_endpoint = f"{blueprint}.second_factor"
        self.recovery_endpoint = f"{blueprint}.recovery_code"
        self.set_up_endpoint = f"{blueprint}.set_up_second_factor"
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
                session[HALF_WAY] = {"role": self.role, "account": account.id, "next": target,
                                     "at": int(clock.utcnow().timestamp())}
                self.record(account, "password_accepted")
                db.session.commit()
                if account.has_second_factor:
                    return redirect(url_for(self.code_endpoint))
                return redirect(url_for(self.set_up_endpoint))
            form.password.errors = [_l("The username or password is not right")]
        return render_template("auth/password_login.html", form=form, role=self.role)

    def record(self, account, action: str, detail: str | None = None) -> None:
        """An audit event of `account`'s own, in the request's transaction."""
        audit.record(f"{self.role}_{action}", actor_iin=None, subject_iin=None, detail=detail,
                     **{self.actor: account.id})

    def half_way(self):
        """The account whose password was right a few minutes ago and whose second factor is awaited,
        or None (then the password is asked again)."""
        note = session.get(HALF_WAY)
        if not isinstance(note, dict) or note.get("role") != self.role:
            return None
        if clock.utcnow() - dt.datetime.fromtimestamp(note["at"], dt.UTC) > HALF_WAY_LASTS:
            return None
        account = db.session.get(self.model, note["account"])
        return account if account is not None and account.active else None

    def second_factor_limit_key(self) -> str:
        """The rate-limit key of a second-factor code: the account it is for, whatever the address."""
        note = session.get(HALF_WAY)
        return f"{self.role}-second-factor:" + (str(note.get("account")) if isinstance(note, dict) else "")

    def second_factor_limited(self, view):
        """The codes of one account (the app's, a recovery code, the first at set-up) are counted
        together; only those checked and refused count (not a form sent empty), so signing in often
        uses nothing up."""
        return limiter.shared_limit(
            lambda: current_app.config["SECOND_FACTOR_LIMIT_PER_ACCOUNT"], scope=f"{self.role}-second-factor",
            key_func=self.second_factor_limit_key, methods=["POST"],
            deduct_when=lambda _response: g.get("second_factor_refused", False))(view)

    def refused(self, account, what: str) -> None:
        """A code checked and found wrong: audited, and counted by the limit."""
        g.second_factor_refused = True
        self.record(account, "second_factor_refused", what)
        db.session.commit()

    def finish(self, account, sign_in, method: str):
        target = session.pop(HALF_WAY)["next"]
        sign_in(account, method)
        return redirect(target)

    def second_factor_page(self, sign_in):
        """The code of the app, after the password."""
        from portal.auth.forms import AppCodeForm

        account = self.half_way()
        if account is None:
            return redirect(url_for(self.login_endpoint))
        if not account.has_second_factor:
            return redirect(url_for(self.set_up_endpoint))
        form = AppCodeForm()
        if form.validate_on_submit():
            result = second_factor.check_code(db.session, account, form.code.data, clock.utcnow())
            if result is second_factor.Check.OK:
                return self.finish(account, sign_in, "password_totp")
            self.refused(account, f"app code {result.value}")
            form.code.errors.append(CODE_ERRORS[result])
        return render_template("auth/second_factor.html", form=form, recovery_url=url_for(self.recovery_endpoint))

    def recovery_code_page(self, sign_in):
        """A recovery code instead of the app's: each works once."""
        from portal.auth.forms import RecoveryCodeForm

        account = self.half_way()
        if account is None:
            return redirect(url_for(self.login_endpoint))
        if not account.has_second_factor:
            return redirect(url_for(self.set_up_endpoint))
        form = RecoveryCodeForm()
        if form.validate_on_submit():
            if second_factor.use_recovery_code(account, form.code.data):
                self.record(account, "recovery_code_used", f"{len(account.recovery_codes)} left")
                return self.finish(account, sign_in, "password_recovery_code")
            self.refused(account, "recovery code wrong")
            form.code.errors.append(WRONG_RECOVERY_CODE)
        return render_template("auth/recovery_code.html", form=form, code_url=url_for(self.code_endpoint))

    def set_up_page(self, sign_in):
        """The first sign-in sets the app up: a QR code, and the same as text for whoever cannot scan
        it (a screen reader reads a QR code as nothing; WCAG 1.1.1). Its first right code turns the
        second factor on, signs in and shows the recovery codes, once."""
        from portal.auth.forms import AppCodeForm

        account = self.half_way()
        if account is None:
            return redirect(url_for(self.login_endpoint))
        if account.has_second_factor:
            return redirect(url_for(self.code_endpoint))
        second_factor.start_set_up(account)
        db.session.commit()
        form = AppCodeForm()
        if form.validate_on_submit():
            result = second_factor.check_code(db.session, account, form.code.data, clock.utcnow())
            if result is second_factor.Check.OK:
                codes = second_factor.confirm_set_up(account, clock.utcnow())
                self.record(account, "second_factor_set_up")
                target = session[HALF_WAY]["next"]
                self.finish(account, sign_in, "password_totp_set_up")
                # Shown in the answer itself, never kept anywhere to be shown again.
                return never_stored(render_template("auth/recovery_codes.html", codes=codes, next_url=target))
            self.refused(account, f"set-up code {result.value}")
            form.code.errors.append(CODE_ERRORS[result])
        uri = second_factor.provisioning_uri(account.totp_secret, account.username)
        return never_stored(render_template(
            "auth/second_factor_set_up.html", form=form, qr_code=qr_code(uri),
            secret=second_factor.grouped(account.totp_secret), username=account.username, issuer=second_factor.ISSUER))

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
