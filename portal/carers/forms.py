from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from portal import vocabulary as v
from portal.forms import Form, MultiCheckboxField, choices, person_iin


class ChooseForm(Form):
    subject = RadioField(_l("Whose matters do you want to handle?"),
                         validators=[InputRequired(_l("Choose whose matters to handle"))])


class AskForm(Form):
    iin = StringField(_l("IIN of the person you want to act for"), description=_l("12 digits."),
                      filters=[lambda value: "".join(c for c in (value or "") if c.isdigit())])
    scopes = MultiCheckboxField(_l("What do you want to do for them?"),
                                choices=choices(v.MANDATE_SCOPES),
                                description=_l("Choose all that apply. The person sees exactly what you ask for."),
                                validators=[DataRequired(_l("Choose at least one thing you want to do"))],
                                invalid_choice_message=_l("Choose at least one thing you want to do"))
    ends_on = StringField(_l("Until when? (optional)"), description=_l("For example, 31.12.2027. Leave it empty for no end date."),
                          filters=[lambda value: (value or "").strip()])

    validate_iin = person_iin

    def validate_ends_on(self, field):
        self.end_date = None
        if field.data:
            try:
                self.end_date = dt.datetime.strptime(field.data, "%d.%m.%Y").date()
            except ValueError:
                raise ValidationError(_l("Enter the date as day, month and year, for example 31.12.2027")) from None
