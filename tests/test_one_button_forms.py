"""The forms that are one button ("Sign out", "Cancel the booking") come from one macro,
post_button in templates/components/button.html, which gives each the CSRF token and novalidate
(STYLE.md 7); no template writes that form by hand."""

import re

from flask import render_template_string

from portal.config import ROOT
from tests.conftest import signed_in
from tests.pagecheck import parse

TEMPLATES = ROOT / "templates"
MACRO_FILE = "components/button.html"


def test_a_one_button_form_carries_the_csrf_token_and_novalidate_and_works(client, deaf):
    signed_in(client, deaf)
    page = client.get("/kk/cabinet/")
    form = page.doc.find(".//header//form[@action='/kk/logout']")
    assert form.get("method") == "post"
    assert form.get("novalidate") is not None
    token = form.find("input[@name='csrf_token']")
    assert token.get("type") == "hidden" and token.get("value")
    assert [b.get("type") for b in form.iter("button")] == ["submit"]
    assert client.post("/kk/logout", data={"csrf_token": token.get("value")}).status_code == 302
    assert client.get("/kk/cabinet/").headers["Location"].startswith("/kk/login")


def test_the_macro_posts_to_the_page_itself_without_an_action_and_keeps_the_hidden_fields_in_order(app):
    with app.test_request_context("/kk/"):
        html = render_template_string(
            '{% from "components/button.html" import post_button %}'
            '<!DOCTYPE html><html lang="kk"><title>t</title>'
            '{{ post_button("Go", secondary=True, hidden={"b": "2", "a": "<1>"}, form_class="inline-form") }}')
    form = parse(html).find(".//form")
    assert form.get("action") is None and form.get("method") == "post" and form.get("novalidate") is not None
    assert form.get("class") == "inline-form"
    assert [(i.get("name"), i.get("type")) for i in form.iter("input")] == [
        ("csrf_token", "hidden"), ("b", "hidden"), ("a", "hidden")]
    assert form.find("input[@name='a']").get("value") == "<1>"
    button = form.find("button")
    assert (button.get("type"), button.get("class"), button.text) == ("submit", "button button--secondary", "Go")


def several_buttons(form: str) -> bool:
    """Two buttons written out, or one repeated by a loop (the demo personas)."""
    return len(re.findall(r"<button\b|\bbutton\(", form)) > 1 or bool(re.search(r"{%-?\s*for\b.*<button\b", form, re.S))


def hand_written_one_button_forms(templates) -> list[str]:
    """The forms of the templates that write a CSRF token by hand but are one button, or render a
    WTForms form's token without a field; and any csrf_token() outside a form."""
    found = []
    for path in sorted(templates.rglob("*.html")):
        name = path.relative_to(templates).as_posix()
        if name == MACRO_FILE:
            continue
        source = path.read_text(encoding="utf-8")
        forms = re.findall(r"<form\b.*?</form>", source, re.S)
        if source.count("csrf_token()") != sum(form.count("csrf_token()") for form in forms):
            found.append(f"{name}: csrf_token() outside a form")
        for form in forms:
            if "csrf_token()" in form and not several_buttons(form):
                found.append(f"{name}: {form[:80]}")
            if "form.csrf_token" in form and "field(" not in form:
                found.append(f"{name}: a WTForms form without a field: {form[:80]}")
    return found


def test_no_template_writes_a_one_button_form_by_hand():
    # A form either is one button, and then post_button writes it; or has fields, which a WTForms
    # form renders with its own token ({{ form.csrf_token }}); or has several buttons of its own.
    assert hand_written_one_button_forms(TEMPLATES) == []
