"""One form a question (STYLE.md 5, 7): each asks one thing and says how to fix a wrong answer."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal import clock
from portal import vocabulary as v
from portal.forms import Form, MultiCheckboxField, choices
from portal.numbers import whole_number
from portal.requests.kinds import KINDS, item_key
from portal.rights.services import ASSISTANT_HOURS_PER_DAY

SEASONS = {
    "spring": _l("Spring (March to May)"),
    "summer": _l("Summer (June to August)"),
    "autumn": _l("Autumn (September to November)"),
    "winter": _l("Winter (December to February)"),
}
HELP_WITH = {
    "shopping": _l("Shopping and collecting medicines"),
    "cooking": _l("Cooking"),
    "cleaning": _l("Cleaning and laundry"),
    "personal_care": _l("Personal care, such as washing and dressing"),
    "accompanying": _l("Going with me to the polyclinic or offices"),
}
PROBLEMS = {
    "broken": _l("It is broken"),
    "worn_out": _l("It is worn out"),
    "no_longer_fits": _l("It no longer fits me, for example it is the wrong size"),
}
# What the evidence question (and the API's upload) says when the file cannot be taken; keys are
# the codes of services.RequestError.
EVIDENCE_ERRORS = {
    "evidence_type": _l("The file must be a PDF, JPEG or PNG"),
    "evidence_size": _l("The file must be smaller than 10 MB"),
    "evidence_missing": _l("Choose a file to upload"),
    "evidence_draft_quota": _l("You have uploaded as many files for this request as we can take. "
                               "Keep the file you sent, or start the request again."),
    "evidence_person_quota": _l("You have uploaded as many files today as we can take. "
                                "Try again tomorrow: the answers you have given are kept."),
}
# [0-9], not \d: \d takes Arabic-Indic and other digits too, which no phone network reads.
PHONE = re.compile(r"^\+7[0-9]{10}$")


class ItemForm(Form):
    item = RadioField(_l("Which item is it for?"), description=_l("These are the items of your rehabilitation programme that you can ask for."),
                      validators=[InputRequired(_l("Choose the item you are asking for"))])


class SeasonForm(Form):
    season = RadioField(_l("When would you like to go?"), choices=choices(SEASONS),
                        description=_l("We try to offer a place in the season you choose, but cannot promise it."),
                        validators=[InputRequired(_l("Choose when you would like to go"))])


class CompanionForm(Form):
    # Asked only of a child's family and of a person with group I disability (Kind.questions_for).
    companion = StringField(
        _l("Who will go with you? (optional)"),
        description=_l("A child, or a person with group I disability, may take one person along, and the voucher "
                       "covers them too. Write that person's full name, or leave this empty to go alone."),
        filters=[lambda value: (value or "").strip()],
        validators=[Optional(), Length(max=150, message=_l("Write no more than 150 characters"))],
    )


class HoursForm(Form):
    # A text field checked here, so that what was typed ("two", "9") stays in the field and the
    # message is ours rather than WTForms' generic one.
    hours = StringField(
        _l("How many hours a day do you need an assistant?"),
        description=_l("From 1 to 8 hours a day."),
        filters=[lambda value: (value or "").strip()],
        validators=[InputRequired(_l("Enter how many hours a day you need, from 1 to 8"))],
    )

    def validate_hours(self, field):
        if whole_number(field.data, 1, ASSISTANT_HOURS_PER_DAY) is None:
            raise ValidationError(_l("Enter a whole number of hours from 1 to 8"))


class HelpWithForm(Form):
    help_with = MultiCheckboxField(_l("What do you need help with at home?"), choices=choices(HELP_WITH),
                                   description=_l("Choose all that apply."),
                                   validators=[DataRequired(_l("Choose at least one kind of help"))],
                                   invalid_choice_message=_l("Choose at least one kind of help"))


class ProblemForm(Form):
    problem = RadioField(_l("What has happened to it?"), choices=choices(PROBLEMS),
                         validators=[InputRequired(_l("Choose what has happened to the aid"))])


class EvidenceForm(Form):
    evidence = FileField(
        _l("Upload a photo or a document"),
        description=_l("For example, a photo of the broken aid or a certificate from the workshop. "
                       "A PDF, JPEG or PNG file up to 10 MB."),
    )


class NoteForm(Form):
    note = TextAreaField(
        _l("Is there anything else we should know? (optional)"),
        description=_l("For example, when it is easiest to reach you, or what you need the aid for."),
        validators=[Optional(), Length(max=1000, message=_l("Write no more than 1,000 characters"))],
    )


class PhoneForm(Form):
    phone = StringField(
        _l("What is your new mobile phone number?"),
        description=_l("We send sign-in codes and messages to this number. For example, +7 701 123 45 67."),
        filters=[lambda value: "".join(c for c in (value or "") if c.isdigit() or c == "+")],
        validators=[InputRequired(_l("Enter your new mobile phone number"))],
    )

    def validate_phone(self, field):
        number = field.data
        if number.startswith("8") and len(number) == 11:
            number = "+7" + number[1:]
        if not PHONE.match(number):
            raise ValidationError(_l("Enter a Kazakhstan mobile number: +7 and 10 digits, for example +7 701 123 45 67"))
        field.data = number


class CheckAnswersForm(Form):
    submission_id = StringField()  # hidden: the same journey sent twice is one request
    declaration = BooleanField(
        _l("I confirm that the information I have given is true and complete"),
        validators=[DataRequired(_l("Confirm that the information you have given is true"))],
    )


class ReplyForm(Form):
    reply = TextAreaField(
        _l("Your answer"),
        description=_l("Answer the question the department asked. If you need to send a document, describe it here."),
        validators=[DataRequired(_l("Write your answer")), Length(max=2000, message=_l("Write no more than 2,000 characters"))],
    )


FORMS = {
    "item": ItemForm, "season": SeasonForm, "companion": CompanionForm, "hours": HoursForm, "help_with": HelpWithForm,
    "problem": ProblemForm, "evidence": EvidenceForm, "note": NoteForm, "phone": PhoneForm,
}


def item_label(item) -> str:
    # Two items of one kind (a manual and an electric wheelchair) differ by their line.
    return _l("%(item)s (line %(line)s of your programme)", item=v.irp_kind_label(item.kind), line=item.line)


def question_form(kind_code: str, question: str, file, **kwargs) -> Form:
    form = FORMS[question](**kwargs)
    if question == "item":
        form.item.choices = [SelectChoice(item_key(i), item_label(i)) for i in KINDS[kind_code].items(file, clock.today())]
    return form
