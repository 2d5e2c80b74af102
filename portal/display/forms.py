"""The display settings form: one radio group a setting, standard first."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from portal.forms import Form, choices

TEXT_SIZES = {
    "standard": _l("Standard size"),
    "large": _l("Large: one and a half times the standard size"),
    "largest": _l("Largest: twice the standard size"),
}
COLOURS = {
    "standard": _l("Standard colours"),
    "high": _l("High contrast: black text on a white background"),
    "dark": _l("Dark: white and yellow text on a black background"),
}
SPACINGS = {
    "standard": _l("Standard spacing"),
    "wide": _l("Wide: more space between lines, words and letters"),
}


class DisplayForm(Form):
    # A value not on the list can only come from a changed page; the message says how to fix it.
    text = RadioField(_l("Text size"), choices=choices(TEXT_SIZES),
                      description=_l("Text and headings on every page become larger, and pages still fit the screen."),
                      invalid_choice_message=_l("Choose a text size from the list"))
    colours = RadioField(_l("Colours"), choices=choices(COLOURS),
                         description=_l("High contrast and dark colours make text and links stand out more."),
                         invalid_choice_message=_l("Choose colours from the list"))
    spacing = RadioField(_l("Spacing"), choices=choices(SPACINGS),
                         description=_l("More space between lines, words and letters can make text easier to read."),
                         invalid_choice_message=_l("Choose the spacing from the list"))
