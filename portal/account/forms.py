from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.forms import Form


class TokenForm(Form):
    # 60 characters: the length of ApiToken.name.
    name = StringField(
        _l("Name of the app or device"),
        description=_l("So you can tell your tokens apart, for example “Phone app”."),
        filters=[lambda value: (value or "").strip()],
        validators=[DataRequired(_l("Enter a name for the token, for example “Phone app”")),
                    Length(max=60, message=_l("Write a name of no more than 60 characters"))],
    )
