from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import format_decimal, lazy_ngettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal import moments
from portal import vocabulary as v
from portal.bookings.services import MAX_WEEKS, BookingError, horizon_end, horizon_months, within_horizon
from portal.clock import now_local
from portal.forms import Form, choices
from portal.numbers import choice_number


def start_times() -> list[SelectChoice]:
    times = [dt.time(hour, minute) for hour in range(8, 20) for minute in (0, 30)]
    return [SelectChoice(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in times]


DURATIONS = [30, 60, 90, 120, 180, 240, 300, 360, 480]


class BookingForm(Form):
    """One accessible form with an error summary (the issue allows it instead of one question a page)."""

    mode = RadioField(_l("How should the interpreter work?"), choices=choices(v.BOOKING_MODES),
                      validators=[InputRequired(_l("Choose in person or by video"))])
    # Only an interpreter who knows both is offered (issue #22, rule 2). Left out, they are those
    # of the person's own language (`usual_languages`), which the page shows chosen.
    sign_language = RadioField(_l("Which sign language do you use?"), choices=choices(v.SIGN_LANGUAGES),
                               validators=[DataRequired(_l("Choose the sign language you use"))])
    spoken_language = RadioField(_l("Which language will the others at the meeting speak?"),
                                 choices=choices(v.SPOKEN_LANGUAGES),
                                 description=_l("The interpreter signs what they say, and says what you sign in "
                                                "this language."),
                                 validators=[DataRequired(_l("Choose the language the others will speak"))])
    day = StringField(_l("Date"), description=_l("For example, 15.12.2026."),
                      filters=[lambda value: (value or "").strip()],
                      validators=[InputRequired(_l("Enter the date as day, month and year, for example 15.12.2026"))])
    time = SelectField(_l("Start time"), choices=start_times(), default="10:00")
    minutes = SelectField(_l("How long"), coerce=choice_number, default=60)
    purpose = RadioField(_l("What is the meeting?"), choices=choices(v.BOOKING_PURPOSES),
                         validators=[InputRequired(_l("Choose what the meeting is"))])
    address = StringField(_l("Address of the meeting"), description=_l("Only for an interpreter in person."),
                          validators=[Length(max=300, message=_l("Write no more than 300 characters"))])
    interpreter = SelectField(_l("Interpreter"), coerce=choice_number, default=0,
                              description=_l("Anyone free, or an interpreter you know."))
    weeks = SelectField(_l("Repeat"), coerce=choice_number, default=1,
                        choices=[SelectChoice(1, _l("Only once"))] + [
                            SelectChoice(n, lazy_ngettext("Every week, %(num)s time", "Every week, %(num)s times", n))
                            for n in range(2, MAX_WEEKS + 1)])
    notes = TextAreaField(_l("Anything the interpreter should know (optional)"),
                          validators=[Optional(), Length(max=1000, message=_l("Write no more than 1,000 characters"))])

    def __init__(self, *args, interpreters=(), them: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes.choices = [SelectChoice(m, minutes_label(m)) for m in DURATIONS]
        self.interpreter.choices = [SelectChoice(0, _l("Anyone who is free"))] + [
            SelectChoice(i.id, i.full_name) for i in interpreters]
        if them:
            # Someone books for the person `them` names: the questions ask about the person, in
            # the third person (issue #23, point 1). The class's validators are shared: replaced, not changed.
            self.sign_language.label.text = _l("Which sign language does %(name)s use?", name=them)
            self.sign_language.validators = [DataRequired(_l("Choose the sign language %(name)s uses", name=them))]
            self.spoken_language.description = _l(
                "The interpreter signs what they say, and says what %(name)s signs in this language.", name=them)
            self.interpreter.description = _l("Anyone free, or an interpreter %(name)s knows.", name=them)

    def validate_day(self, field):
        self.date = parse_day(field.data)
        if self.date is None:
            raise ValidationError(_l("Enter the date as day, month and year, for example 15.12.2026"))
        if self.date.weekday() >= 5:
            raise ValidationError(_l("Interpreters work Monday to Friday: choose a weekday"))
        if not within_horizon(self.date, 1, self.last_day()):
            raise ValidationError(horizon_message(self.last_day(), horizon_months(current_app.config)))

    def validate_weeks(self, field):
        """A series is refused when its last week falls past the horizon (the first date is the
        day field's to judge)."""
        first = getattr(self, "date", None)
        if first and not self.day.errors and not field.errors and not within_horizon(first, field.data, self.last_day()):
            raise ValidationError(horizon_message(self.last_day(), horizon_months(current_app.config), series=True))

    def last_day(self) -> dt.date:
        """The last day that can be booked today: the page and the API refuse what the service would."""
        return horizon_end(now_local().date(), horizon_months(current_app.config))

    def starts_at(self) -> dt.datetime:
        """When the booking starts (Kazakhstan wall-clock time), once the form is valid: the one
        place the date and time typed become a moment, for the page and the API alike."""
        hour, minute = map(int, self.time.data.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute))

    def validate_address(self, field):
        if self.mode.data == "in_person" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the address where the interpreter should come"))


def parse_day(text: str) -> dt.date | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        # Hours are counted per year, up to 1 January of the next, and a series runs for weeks
        # after the first date: in the last year a date can have (9999) neither exists.
        return day if day.year < dt.MAXYEAR else None
    return None


def horizon_message(last_day: dt.date, months: int, series: bool = False) -> str:
    """Why a date, or the last week of a series, is too far ahead: the last day, and the rule."""
    if series:
        return ngettext("Choose fewer weeks or an earlier date: the last week must be no later than %(day)s, as "
                        "interpreters can be booked up to %(num)s month ahead",
                        "Choose fewer weeks or an earlier date: the last week must be no later than %(day)s, as "
                        "interpreters can be booked up to %(num)s months ahead", months, day=moments.date(last_day))
    return ngettext("Choose a date no later than %(day)s: interpreters can be booked up to %(num)s month ahead",
                    "Choose a date no later than %(day)s: interpreters can be booked up to %(num)s months ahead",
                    months, day=moments.date(last_day))


BOOKING_ERRORS = {
    "too_soon": _l("Choose a time at least 2 hours from now"),
    "no_one_free": _l("No interpreter is free at that time. See the free times and choose another, or choose video"),
    "taken": _l("Someone has just booked that time. Choose another time"),
    "half_hours": _l("Choose a start time on the hour or half hour"),
    "weeks": _l("You can repeat a booking for up to 8 weeks"),
    "languages": _l("The interpreter you chose does not know these languages. Choose anyone who is free, or "
                    "another interpreter"),
}


def booking_error(failure: BookingError) -> str:
    """What the page and the API say when the service refuses a booking (the quota has its own)."""
    if failure.code == "horizon":
        return horizon_message(failure.details["last_day"], failure.details["months"], series=True)
    return BOOKING_ERRORS.get(failure.code)


def quota_message(left_minutes: int, them: str | None = None) -> str:
    """The hours left are too few; of the person `them` names when someone books for them."""
    hours = left_minutes / 60
    if them:
        return ngettext("This booking needs more hours than are left: %(name)s has %(hours)s hour left this year",
                        "This booking needs more hours than are left: %(name)s has %(hours)s hours left this year",
                        int(hours) if hours == int(hours) else 2, hours=format_decimal(hours), name=them)
    return ngettext("This booking needs more hours than you have left: %(hours)s hour this year",
                    "This booking needs more hours than you have left: %(hours)s hours this year",
                    int(hours) if hours == int(hours) else 2, hours=format_decimal(hours))


def minutes_label(minutes: int):
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _l("%(minutes)s minutes", minutes=rest)
    if rest:
        return _l("%(hours)s h %(minutes)s min", hours=hours, minutes=rest)
    return _l("%(hours)s h", hours=hours)


class AvailabilityForm(Form):
    class Meta:
        csrf = False

    mode = SelectField(_l("How should the interpreter work?"), choices=choices(v.BOOKING_MODES), default="in_person")


class ConfirmBookingForm(Form):
    # The booking form's own id: the same form sent twice (a double click) books once.
    submission_id = HiddenField()
    understood = BooleanField(
        _l("I have read when a cancellation uses my hours"),
        validators=[DataRequired(_l("Confirm that you have read when a cancellation uses your hours"))])

    def __init__(self, *args, them: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if them:  # the hours are the person's, not the carer's (issue #23, point 1)
            self.understood.label.text = _l("I have read when a cancellation uses the hours")
            self.understood.validators = [DataRequired(_l("Confirm that you have read when a cancellation uses "
                                                          "the hours"))]


class CancelBookingForm(Form):
    pass
