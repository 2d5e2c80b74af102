from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

from portal import vocabulary as v
from portal.forms import Form, MultiCheckboxField, choices


class TokenForm(Form):
    # 60 characters: the length of ApiToken.name.
    name = StringField(
        _l("Name of the app or device"),
        description=_l("So you can tell your tokens apart, for example “Phone app”."),
        filters=[lambda value: (value or "").strip()],
        validators=[DataRequired(_l("Enter a name for the token, for example “Phone app”")),
                    Length(max=60, message=_l("Write a name of no more than 60 characters"))],
    )


class ContactForm(Form):
    language = RadioField(_l("Which language should the department use to write to you and speak with you?"),
                          choices=choices(v.LANGUAGE_NAMES),
                          validators=[DataRequired(_l("Choose Kazakh or Russian"))])
    needs = MultiCheckboxField(_l("What should the department keep in mind? (optional)"),
                               description=_l("Choose all that apply. Staff see this beside your requests."),
                               choices=choices(v.COMMUNICATION_NEEDS),
                               invalid_choice_message=_l("Choose from the list"))
