"""Each role's session registers itself with auth (portal/auth/role_registry.py): the page header
and no-store on personal pages go by the registered roles, so a role added later needs no change
in auth or in portal/security.py, and neither imports the areas built on auth (issue #19)."""

import pytest
from flask import g, session as cookie

from portal import create_app
from portal.auth import role_registry
from portal.auth.role_registry import Role, register_role, registered_roles
from portal.auth.roles import RoleSession
from portal.config import ROOT
from portal.models import StaffUser


@pytest.fixture
def auditor(monkeypatch):
    """A role made up for the test, registered beside the real ones and forgotten after it."""
    monkeypatch.setattr(role_registry, "ROLES", dict(role_registry.ROLES))
    return RoleSession("auditor", StaffUser, "staff.login", "staff.password", actor="actor_staff_id")


def test_once_the_app_is_built_every_role_is_registered_under_the_names_the_layout_uses():
    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    roles = {role.name: (role.cookie_key, role.template_variable) for role in registered_roles()}
    assert roles == {"person": ("iin", "signed_in_iin"), "staff": ("staff_id", "signed_in_staff"),
                     "interpreter": ("interpreter_id", "signed_in_interpreter")}
    layout = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert all(variable in layout for _, variable in roles.values())


def test_a_role_session_registers_itself_as_it_is_made(auditor):
    role = role_registry.ROLES["auditor"]
    assert (role.cookie_key, role.template_variable) == ("auditor_id", "signed_in_auditor")
    assert role.current == auditor.current


def test_a_second_role_of_the_same_name_is_refused(auditor):
    with pytest.raises(ValueError, match="'auditor' is registered already"):
        register_role(Role("auditor", cookie_key="auditor_id", template_variable="signed_in_auditor",
                           current=lambda: None))


def test_a_registered_role_is_in_the_header_while_the_database_is_down(app, auditor):
    with app.test_request_context("/kk/"):
        cookie["auditor_id"] = 7
        g.database_unavailable = True
        context = {}
        app.update_template_context(context)
    assert context["signed_in_auditor"] == 7
    assert context["signed_in_iin"] is context["signed_in_staff"] is context["signed_in_interpreter"] is None


def test_the_header_shows_the_account_each_role_finds_signed_in(app, monkeypatch):
    monkeypatch.setattr(role_registry, "ROLES", dict(role_registry.ROLES))
    register_role(Role("auditor", cookie_key="auditor_id", template_variable="signed_in_auditor",
                       current=lambda: "the auditor's account"))
    with app.test_request_context("/kk/"):
        context = {}
        app.update_template_context(context)
    assert context["signed_in_auditor"] == "the auditor's account"


def test_a_page_seen_in_a_registered_role_is_kept_by_no_cache(client, auditor):
    assert "no-store" not in client.get("/kk/rights").headers.get("Cache-Control", "")
    with client.session_transaction() as session_:
        session_["auditor_id"] = 7
    assert client.get("/kk/rights").headers["Cache-Control"] == "no-store"
