"""The staff programme list's filters (a GET form) and the form that records a follow-up."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal import clock
from portal import vocabulary as v
from portal.forms import Form
from portal.programmes.services import Filters

ANY = ""
OVERDUE = {
    "": _l("Any, late or not"),
    "1": _l("Overdue"),
    "30": _l("Overdue 30 days or more"),
    "90": _l("Overdue 90 days or more"),
    "365": _l("Overdue a year or more"),
}
SORTS = {
    "overdue": _l("Most overdue first"),
    "due_latest": _l("Latest due date first"),
}
LOOK_AGAIN_WITHIN = 365  # days: the next look is within a year


def stripped(value):
    return value.strip() if isinstance(value, str) else value


class ProgrammeFilterForm(Form):
    """A GET form, so that a filtered list can be linked, paged and exported. A value the form does
    not offer (an old link, a typo) is an error the page explains, never a 500."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), choices=[SelectChoice(ANY, _l("All kinds"))]
                       + [SelectChoice(code, label) for code, (_part, label) in v.IRP_ITEM_KINDS.items()], default=ANY)
    district = SelectField(_l("District or city"), default=ANY)
    provider = StringField(_l("Provider"), description=_l("A word of the provider's name, as the programme writes it."),
                           filters=[stripped],
                           validators=[Optional(), Length(max=100, message=_l("Write no more than 100 characters"))])
    payer = SelectField(_l("Who pays"), choices=[SelectChoice(ANY, _l("Anyone"))]
                        + [SelectChoice(code, label) for code, label in v.PAYERS.items()], default=ANY)
    overdue = SelectField(_l("Days overdue"), choices=[SelectChoice(code, label) for code, label in OVERDUE.items()],
                          default=ANY)
    sort = SelectField(_l("Order"), choices=[SelectChoice(code, label) for code, label in SORTS.items()],
                       default="overdue")

    def __init__(self, formdata, districts: list[str]):
        super().__init__(formdata)
        self.district.choices = [SelectChoice(ANY, _l("All districts"))] + [SelectChoice(d, d) for d in districts]
        # A choice the address leaves out is the default, not an error.
        for name in ("kind", "district", "payer", "overdue", "sort"):
            if getattr(self, name).data is None:
                getattr(self, name).data = getattr(self, name).default
        for name, message in CHOICE_ERRORS.items():
            getattr(self, name).pre_validate = choice_check(getattr(self, name), message)

    def filters(self) -> Filters:
        return Filters(kind=self.kind.data or None, district=self.district.data or None,
                       provider=self.provider.data or None, payer=self.payer.data or None,
                       overdue_at_least=int(self.overdue.data or 0), sort=self.sort.data)


CHOICE_ERRORS = {
    "kind": _l("Choose a kind from the list"),
    "district": _l("Choose a district or city from the list"),
    "payer": _l("Choose who pays from the list"),
    "overdue": _l("Choose how many days overdue from the list"),
    "sort": _l("Choose an order from the list"),
}


def choice_check(select: SelectField, message):
    """A select's check with a message that says how to fix it (WTForms' own says "Not a valid choice")."""
    def pre_validate(form):
        if select.data not in {choice.value for choice in select.choices}:
            raise ValidationError(message)
    return pre_validate


class FollowUpForm(Form):
    action = RadioField(_l("What did you do?"), choices=[SelectChoice(code, label) for code, label
                                                         in v.FOLLOW_UP_ACTIONS.items()],
                        validators=[InputRequired(_l("Choose what you did"))])
    note = TextAreaField(
        _l("Note for staff"),
        description=_l("What you learnt and what was agreed. Only staff of the department see it, never the person."),
        filters=[stripped],
        validators=[Optional(), Length(max=2000, message=_l("Write no more than 2,000 characters"))],
    )
    next_look_on = StringField(_l("When to look at it again"), description=_l("For example, 15.01.2027."),
                               filters=[stripped], validators=[InputRequired(_l("Enter the date to look at it again"))])

    def validate_next_look_on(self, field):
        try:
            day = dt.datetime.strptime(field.data, "%d.%m.%Y").date()
        except ValueError:
            raise ValidationError(_l("Enter the date as day, month and year, for example 15.01.2027")) from None
        today = clock.today()
        if day < today:
            raise ValidationError(_l("The date to look again cannot be in the past"))
        if day > today + dt.timedelta(LOOK_AGAIN_WITHIN):
            raise ValidationError(_l("Look at it again within a year"))
        self.next_look_day = day
