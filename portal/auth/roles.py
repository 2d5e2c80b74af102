"""Sessions of people who sign in with a username and password in a role (staff, interpreters):
separate from citizens' sessions, ended everywhere by bumping the account's session generation."""

from __future__ import annotations

import functools
import time

from flask import g, redirect, request, session, url_for

from portal.extensions import db


class RoleSession:
    def __init__(self, role: str, model, login_endpoint: str):
        self.role, self.model, self.login_endpoint = role, model, login_endpoint
        self.key, self.generation_key = f"{role}_id", f"{role}_generation"

    def sign_in(self, account) -> None:
        session.clear()
        session.permanent = True
        session.update({self.key: account.id, self.generation_key: account.session_generation, "seen": int(time.time())})
        g.pop(self.key, None)

    def current(self):
        if self.key not in g:
            account = None
            if session.get(self.key):
                account = db.session.get(self.model, session[self.key])
                if account is None or not account.active or account.session_generation != session.get(self.generation_key):
                    session.clear()
                    account = None
            setattr(g, self.key, account)
        return getattr(g, self.key)

    def required(self, view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if self.current() is None:
                timed_out = {"timed_out": 1} if g.get("session_timed_out") else {}
                return redirect(url_for(self.login_endpoint, next=request.full_path.rstrip("?"), **timed_out))
            return view(*args, **kwargs)

        return wrapped
