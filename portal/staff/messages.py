"""Message templates an officer starts from when writing to a person about a request (issue #23,
point 12): the common questions and decisions, each written in Kazakh and in Russian.

The officer chooses a template by its name, in the language of the back office; the text is filled
in the language the PERSON reads (`portal/account/contact.py`: the language they chose, else the
registry's), so a Kazakh-writing officer sends a Russian-speaking person Russian. The officer
still edits it before saving: what is saved is the text in the box, as before.

Each text is a function of the request's reference, so that every message id is a literal the
catalogues extract (STYLE.md 11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

# Where the officer must write something of their own (the reason of a refusal). A message that
# still holds it is not sent (portal/staff/forms.py): the person would read a blank.
GAP = "[…]"


@dataclass(frozen=True)
class MessageTemplate:
    code: str  # stable: it is the value of the chooser, and may be in a bookmarked address
    name: object  # what the officer chooses, in the back office's language (a lazy string)
    actions: tuple[str, ...]  # the decisions it goes with; the first one possible is chosen with it
    text: Callable[[str], str]  # the message, of the request's reference, in the current locale


TEMPLATES: tuple[MessageTemplate, ...] = (
    MessageTemplate(
        "photo_of_the_aid", _l("Ask for a photo of the aid"), ("more_info_needed",),
        lambda reference: gettext(
            "Request %(reference)s. Please send a photo of the aid that shows what is broken: attach it to your "
            "answer on the request page. If you cannot take a photo, say so in your answer, and a specialist of "
            "the department will come and look at the aid instead.", reference=reference)),
    MessageTemplate(
        "workshop_certificate", _l("Ask for the certificate from the workshop"), ("more_info_needed",),
        lambda reference: gettext(
            "Request %(reference)s. Please send the certificate from the repair workshop that says the aid cannot "
            "be repaired: attach it to your answer on the request page. If you do not have it yet, say so in your "
            "answer and add it to the request when you get it.", reference=reference)),
    MessageTemplate(
        "inspection", _l("The department will inspect the aid"), ("in_review", "more_info_needed"),
        lambda reference: gettext(
            "Request %(reference)s. A specialist of the department will look at the aid, at your home or at the "
            "department, as suits you. We will contact you in the way you asked, to agree on the day and time. "
            "You do not need to send a photo.", reference=reference)),
    MessageTemplate(
        "approved", _l("The request is approved: what happens next"), ("approved",),
        lambda reference: gettext(
            "Request %(reference)s is approved. What happens next: the department arranges what you asked for and "
            "tells you when and where you get it, by text message and in your messages on the portal. If you have "
            "a question, contact the department.", reference=reference)),
    MessageTemplate(
        "refused", _l("The request is refused: the reason and how to complain"), ("rejected",),
        lambda reference: gettext(
            # Three months from the day the person learnt of the decision: the time to complain to the
            # body above, Administrative Procedural and Process Code of Kazakhstan (2020), Article 91.
            "Request %(reference)s is refused. The reason: %(gap)s. If you do not agree, you can complain within "
            "three months of receiving this decision: to the head of the department, or online through eOtinish "
            "(eotinish.kz). If the complaint does not help, you can go to court.", reference=reference, gap=GAP)),
)
BY_CODE = {template.code: template for template in TEMPLATES}


def offered(possible: list[str]) -> list[MessageTemplate]:
    """The templates that go with a decision the officer can make now."""
    return [template for template in TEMPLATES if any(action in possible for action in template.actions)]


def filled(template: MessageTemplate, language: str, reference: str) -> str:
    """The template's message in `language`, the person's, whatever the page's language is."""
    with force_locale(language):
        return template.text(reference)
