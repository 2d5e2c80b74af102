"""One form a question (STYLE.md 5, 7): each asks one thing and says how to fix a wrong answer."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
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
    "accompanying": _l("Going along to the polyclinic or offices"),
}
PROBLEMS = {
    "broken": _l("It is broken"),
    "worn_out": _l("It is worn out"),
    "no_longer_fits": _l("It no longer fits, for example it is the wrong size"),
}
# How the person shows the aid is broken (kinds.PROOFS): a photo is one way; the others let
# someone who cannot take one (a blind person, a person alone at home) ask all the same.
PROOFS = {
    "photo": _l("Send a photo or a document now"),
    "inspection": _l("Ask for the aid to be inspected"),
    "later": _l("Send a document later"),
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


class ProofForm(Form):
    proof = RadioField(
        _l("How can the department see that the aid is broken?"), choices=choices(PROOFS),
        description=_l("A photo is not needed: a specialist can come and look at the aid, or you can send a "
                       "certificate from the workshop later, on the request's page."),
        validators=[InputRequired(_l("Choose how the department can see that the aid is broken"))])


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
        description=_l("Answer the question the department asked."),
        validators=[DataRequired(_l("Write your answer")), Length(max=2000, message=_l("Write no more than 2,000 characters"))],
    )
    # The files the department asked for go with the answer (issue #23, point 3), under the
    # rules of a request's evidence: portal/requests/services.py store_evidence.
    documents = MultipleFileField(
        _l("Photos or documents (optional)"),
        description=_l("You can choose several files. Each one a PDF, JPEG or PNG file up to 10 MB."),
    )


def check_answers_form(them: str | None = None) -> CheckAnswersForm:
    """The declaration; made for someone else (`them`), it speaks of the request's information."""
    form = CheckAnswersForm()
    if them:
        form.declaration.label.text = _("I confirm that the information in this request is true and complete")
        form.declaration.validators = [
            DataRequired(_("Confirm that the information in the request is true")) if isinstance(check, DataRequired)
            else check for check in form.declaration.validators]
    return form


def reply_form(them: str | None = None) -> ReplyForm:
    """The answer to the department; written for someone else (`them`), it is "the answer", not "yours"."""
    form = ReplyForm()
    if them:
        form.reply.label.text = _("The answer")
        form.reply.validators = [DataRequired(_("Write the answer")) if isinstance(check, DataRequired) else check
                                 for check in form.reply.validators]
    return form


class DocumentForm(Form):
    """A document added to an open request at any time, for example the one promised."""

    file = FileField(
        _l("The file to add"),
        description=_l("For example, a certificate from the workshop or a photo. A PDF, JPEG or PNG file up to 10 MB."),
    )


FORMS = {
    "item": ItemForm, "season": SeasonForm, "companion": CompanionForm, "hours": HoursForm, "help_with": HelpWithForm,
    "problem": ProblemForm, "proof": ProofForm, "evidence": EvidenceForm, "note": NoteForm, "phone": PhoneForm,
}


def item_label(item, them: str | None = None) -> str:
    # Two items of one kind (a manual and an electric wheelchair) differ by their line.
    if them:
        return _l("%(item)s (line %(line)s of the programme)", item=v.irp_kind_label(item.kind), line=item.line)
    return _l("%(item)s (line %(line)s of your programme)", item=v.irp_kind_label(item.kind), line=item.line)


def about_them(question: str, name: str) -> dict[str, str]:
    """What a question says when it is answered for someone else (issue #23, point 1): the same
    question about that person, by name, never "you". Keys: label, description, required (the
    message when it is not answered); a question not named here says nothing of the person."""
    if question == "item":
        return {"description": _("These are the items of the rehabilitation programme of %(name)s that can be "
                                 "asked for.", name=name)}
    if question == "season":
        return {"label": _("When would %(name)s like to go?", name=name),
                "description": _("We try to offer a place in the season chosen, but cannot promise it."),
                "required": _("Choose when %(name)s would like to go", name=name)}
    if question == "companion":
        return {"label": _("Who will go with %(name)s? (optional)", name=name),
                "description": _("A child, or a person with group I disability, may take one person along, and the "
                                 "voucher covers them too. Write that person's full name, or leave this empty if "
                                 "%(name)s goes alone.", name=name)}
    if question == "hours":
        return {"label": _("How many hours a day does %(name)s need an assistant?", name=name),
                "required": _("Enter how many hours a day %(name)s needs, from 1 to 8", name=name)}
    if question == "help_with":
        return {"label": _("What does %(name)s need help with at home?", name=name),
                "description": _("Choose every kind of help that is needed.")}
    if question == "proof":
        return {"description": _("A photo is not needed: a specialist can come and look at the aid, or a "
                                 "certificate from the workshop can be sent later, on the request's page.")}
    if question == "note":
        return {"label": _("Is there anything else the department should know? (optional)"),
                "description": _("For example, when it is easiest to get in touch, or what %(name)s needs the aid "
                                 "for.", name=name)}
    if question == "phone":
        return {"label": _("What is the new mobile phone number of %(name)s?", name=name),
                "required": _("Enter the new mobile phone number of %(name)s", name=name)}
    return {}


def question_form(kind_code: str, question: str, file, them: str | None = None, **kwargs) -> Form:
    """The question's form; `them` names the person it is answered for, when that is not the one
    who answers it."""
    form = FORMS[question](**kwargs)
    if question == "item":
        form.item.choices = [SelectChoice(item_key(i), item_label(i, them))
                             for i in KINDS[kind_code].items(file, clock.today())]
    if them:
        field, said = form[question], about_them(question, them)
        field.label.text = said.get("label", field.label.text)
        field.description = said.get("description", field.description)
        if "required" in said:
            # A list of the form's own: the class's validators are shared by every form made from it.
            field.validators = [InputRequired(said["required"]) if isinstance(check, InputRequired) else check
                                for check in field.validators]
    return form
