"""The staff form that corrects a department's contact details."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from portal import clock
from portal import vocabulary as v
from portal.departments.services import is_phone
from portal.forms import Form


def stripped(value):
    """A field's text without spaces around it; what the form was filled from (a date) as it is."""
    return value.strip() if isinstance(value, str) else value


def text(label, limit: int, missing, description=None):
    """A few words that may run long: a text box that wraps, so nothing is cut off on a phone."""
    return TextAreaField(label, description=description, filters=[stripped], render_kw={"rows": 2},
                       validators=[InputRequired(missing), Length(max=limit, message=_l(
                           "Write no more than %(max)s characters", max=limit))])


class DepartmentForm(Form):
    name_kk = text(_l("Name in Kazakh"), 300, _l("Enter the name in Kazakh"))
    name_ru = text(_l("Name in Russian"), 300, _l("Enter the name in Russian"))
    address_kk = text(_l("Address in Kazakh"), 300, _l("Enter the address in Kazakh"))
    address_ru = text(_l("Address in Russian"), 300, _l("Enter the address in Russian"))
    phone = StringField(_l("Phone"), description=_l("For example, +7 7182 55 12 34."),
                        filters=[stripped],
                        validators=[InputRequired(_l("Enter the phone number"))])
    hours_kk = text(_l("Opening hours in Kazakh"), 200, _l("Enter the opening hours in Kazakh"))
    hours_ru = text(_l("Opening hours in Russian"), 200, _l("Enter the opening hours in Russian"))
    step_free = RadioField(_l("Can a wheelchair user get in and to the reception without steps?"),
                           choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                           validators=[InputRequired(_l("Say whether the way in is step-free"))])
    source = text(_l("Where these details come from"), 300, _l("Say where these details come from"),
                  description=_l("For example, the akimat's website, or a phone call to the department."))
    checked_on = StringField(_l("When they were checked"), description=_l("For example, 01.12.2026."),
                             filters=[stripped],
                             validators=[InputRequired(_l("Enter the date the details were checked"))])

    def validate_phone(self, field):
        if not is_phone(field.data):
            raise ValidationError(_l("Enter a phone number of Kazakhstan, for example +7 7182 55 12 34"))

    def validate_checked_on(self, field):
        try:
            day = dt.datetime.strptime(field.data, "%d.%m.%Y").date()
        except ValueError:
            raise ValidationError(_l("Enter the date as day, month and year, for example 01.12.2026")) from None
        if day > clock.today():
            raise ValidationError(_l("The date the details were checked cannot be in the future"))
        self.checked_day = day

    def values(self) -> dict:
        """The form as the file's columns (portal/departments/services.py)."""
        values = {name: getattr(self, name).data for name in ("name_kk", "name_ru", "address_kk", "address_ru",
                                                               "phone", "hours_kk", "hours_ru", "step_free", "source")}
        return {**values, "checked_on": self.checked_day.isoformat()}


class RegionForm(Form):
    """The contacts page's choice of region, for a visitor, or to see another region's departments."""

    class Meta:
        csrf = False

    region = SelectField(_l("Region or city"), choices=[SelectChoice("", _l("Choose a region or city"))]
                         + [SelectChoice(code, label) for code, label in v.REGIONS.items()], default="")
