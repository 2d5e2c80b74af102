"""Pieces every area's forms use."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.iin import InvalidIIN, parse_iin

# Characters a page cannot show again (HTML forbids control characters other than white space, and
# noncharacters) and PostgreSQL cannot store (NUL). Nobody types them: they come with pasted text
# or from a script, and are dropped from what a form reads.
NOT_SHOWABLE = dict.fromkeys([
    *range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0),
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
])


def showable(formdata) -> MultiDict:
    """The sent values without the characters of NOT_SHOWABLE; files as they are."""
    return MultiDict([(name, value.translate(NOT_SHOWABLE) if isinstance(value, str) else value)
                      for name, value in formdata.items(multi=True)])


class Form(FlaskForm):
    """The base of every form of the portal."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if request.is_json and not isinstance(formdata, MultiDict):
                # A page's form reads what a browser sends; the JSON API gives its forms their data.
                return None
            formdata = super().wrap_formdata(form, formdata)
            return showable(formdata) if formdata is not None else None


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
