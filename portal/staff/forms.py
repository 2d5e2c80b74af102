from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal import vocabulary as v
from portal.auth.forms import digits_only
from portal.forms import Form, person_iin
from portal.staff.messages import GAP

OPEN = "open"
AGES = {"any": _l("Any waiting time"), "5": _l("Waiting more than 5 days"), "10": _l("Waiting more than 10 days")}


class QueueFilterForm(Form):
    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), choices=[SelectChoice("all", _l("All kinds"))]
                       + [SelectChoice(c, label) for c, label in v.REQUEST_KINDS.items()], default="all")
    status = SelectField(_l("Status"), choices=[SelectChoice(OPEN, _l("All open requests")),
                                                SelectChoice("all", _l("All requests"))]
                         + [SelectChoice(c, label) for c, label in v.REQUEST_STATUSES.items()], default=OPEN)
    age = SelectField(_l("Waiting time"), choices=[SelectChoice(c, label) for c, label in AGES.items()], default="any")


class ActionForm(Form):
    to = RadioField(_l("What do you want to do?"), validators=[InputRequired(_l("Choose what to do with the request"))])
    message = TextAreaField(
        _l("Message to the person"),
        description=_l("Write in plain words what happens or what you need. It is required when you ask for "
                       "more information or refuse. The person sees it exactly as you write it."),
        validators=[Optional(), Length(max=2000, message=_l("Write no more than 2,000 characters"))],
    )

    def validate_message(self, field):
        # A template's gap left as it is would reach the person as a blank (portal/staff/messages.py).
        if GAP in (field.data or ""):
            raise ValidationError(_l("Write the reason in place of %(gap)s: the person reads the message as it is",
                                     gap=GAP))


ACTIONS = {
    "in_review": _l("Start the review"),
    "more_info_needed": _l("Ask the person for more information"),
    "approved": _l("Approve"),
    "rejected": _l("Refuse, with the reason"),
    "provided": _l("Mark as provided"),
}


class AuditSearchForm(Form):
    """A search of the audit log: a GET form, so a result page can be linked and paged."""

    class Meta:
        csrf = False

    iin = StringField(_l("IIN of the person"), description=_l("12 digits."), filters=[digits_only])

    validate_iin = person_iin
