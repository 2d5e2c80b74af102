from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from portal import vocabulary as v
from portal.forms import MultiCheckboxField, choices
from portal.iin import InvalidIIN, parse_iin


class ChooseForm(FlaskForm):
    subject = RadioField(_l("Whose matters do you want to handle?"),
                         validators=[InputRequired(_l("Choose whose matters to handle"))])


class AskForm(FlaskForm):
    iin = StringField(_l("IIN of the person you want to act for"), description=_l("12 digits."),
                      filters=[lambda value: "".join(c for c in (value or "") if c.isdigit())])
    scopes = MultiCheckboxField(_l("What do you want to do for them?"),
                                choices=choices(v.MANDATE_SCOPES),
                                description=_l("Choose all that apply. The person sees exactly what you ask for."),
                                validators=[DataRequired(_l("Choose at least one thing you want to do"))])
    ends_on = StringField(_l("Until when? (optional)"), description=_l("For example, 31.12.2027. Leave it empty for no end date."),
                          filters=[lambda value: (value or "").strip()])

    def validate_iin(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the IIN of the person"))
        try:
            parse_iin(field.data)
        except InvalidIIN:
            raise ValidationError(_l("Check the IIN: it must be 12 digits with the right check digit")) from None

    def validate_ends_on(self, field):
        self.end_date = None
        if field.data:
            try:
                self.end_date = dt.datetime.strptime(field.data, "%d.%m.%Y").date()
            except ValueError:
                raise ValidationError(_l("Enter the date as day, month and year, for example 31.12.2027")) from None
