"""Pieces every area's forms use."""

from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.iin import InvalidIIN, parse_iin

# Characters a page cannot show again (HTML forbids control characters other than white space, and
# noncharacters) and PostgreSQL cannot store (NUL). Nobody types them: they come with pasted text
# or from a script, and are dropped from what a form reads.
CONTROLS = [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0),
            *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF))]
# Invisible format characters (Unicode category Cf): bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), zero-width characters (U+200B-U+200F), the byte-order mark
# U+FEFF, tags. They change the order and look of the text around them without being seen: a file
# name with U+202E showed an HTML file as "...lmth.png" to staff. Unicode puts them in planes 0, 1
# and 14 only, so only those are searched (the search runs once, at import).
FORMAT_CHARACTERS = [code for code in (*range(0x20000), *range(0xE0000, 0xE1000))
                     if unicodedata.category(chr(code)) == "Cf"]
NOT_SHOWABLE = dict.fromkeys([*CONTROLS, *FORMAT_CHARACTERS])
# A one-line field (a name, an address) keeps no tab or line break: they become a space.
LINE_BREAKS = {ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}


def plain_text(text: str, *, multi_line: bool) -> str:
    """Text as the portal keeps it: no control or format characters, and tabs and line breaks only
    where the field has several lines (a textarea)."""
    text = text.translate(NOT_SHOWABLE)
    return text if multi_line else text.translate(LINE_BREAKS)


def plain_formdata(form, formdata) -> MultiDict:
    """The sent values as `plain_text`, each by the kind of its field; files as they are."""
    multi_line = {field.name for field in form if isinstance(field, TextAreaField)}
    return MultiDict([(name, plain_text(value, multi_line=name in multi_line) if isinstance(value, str) else value)
                      for name, value in formdata.items(multi=True)])


class Form(FlaskForm):
    """The base of every form of the portal, pages and API alike: what it reads is `plain_text`."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if request.is_json and not isinstance(formdata, MultiDict):
                # A page's form reads what a browser sends; the JSON API gives its forms their data.
                return None
            formdata = super().wrap_formdata(form, formdata)
            return plain_formdata(form, formdata) if formdata is not None else None


def person_iin(form, field) -> None:
    """The check of a field where someone types another person's IIN (a form's `validate_iin`)."""
    if not field.data:
        raise ValidationError(_l("Enter the IIN of the person"))
    try:
        parse_iin(field.data)
    except InvalidIIN:
        raise ValidationError(_l("Check the IIN: it must be 12 digits with the right check digit")) from None


def choices(mapping) -> list[SelectChoice]:
    """Radio or select options from a vocabulary mapping of code to label."""
    return [SelectChoice(code, label) for code, label in mapping.items()]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; the field macro renders it as a fieldset. Give it an
    `invalid_choice_message`: WTForms' own one for a value not on the page is in English on a
    Russian page (its ru catalogue lacks it) and repeats the value sent."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
