"""The forms of the interpreters' own pages. The dashboard's buttons carry only a CSRF token, from
portal.bookings.forms.CancelBookingForm, the form the person's pages use for the same."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from portal.forms import Form


class DeclineForm(Form):
    reason = TextAreaField(
        _l("Why can you not come?"),
        description=_l("The person reads this if no other interpreter is free, so write it for them."),
        validators=[InputRequired(_l("Write why you cannot come")),
                    Length(max=500, message=_l("Write no more than 500 characters"))])
