"""What each message says. A message is kept as its key (`Message.kind`) and parameters in words of
no language: names, references, codes, ISO dates, and free text someone typed with the language they
typed it in. It is put into words when it is shown, in the language of that moment: the inbox in
the page's language, the text message in the recipient's language when it is sent. So a message is
never frozen in a language the reader no longer reads, or in English when the catalogues were
missing the moment it was written (issue #23, point 11).

One renderer per key, each `(params) -> (subject, paragraphs)` in the current locale. Codes are
translated here through portal.vocabulary, and dates and times are written here through
portal.moments (Kazakhstan time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale, gettext, ngettext
from markupsafe import Markup

from portal import moments
from portal import vocabulary as v


@dataclass(frozen=True)
class Written:
    """A sentence holding words someone typed (an officer's question or reason, an interpreter's
    reason): the words are shown as written, never translated, and marked with the language they
    were written in (`lang`, None when it is not known) so a screen reader reads them in that voice."""

    sentence: str  # translated, with %(<key>)s where the words go
    key: str
    text: str
    lang: str | None

    def plain(self) -> str:
        return self.sentence % {self.key: self.text}

    def html(self) -> Markup:
        words = Markup('<span lang="%s">%s</span>') % (self.lang, self.text) if self.lang else self.text
        return Markup.escape(self.sentence) % {self.key: words}


Paragraph = str | Written


@dataclass(frozen=True)
class Text:
    """A message in words: the subject and its paragraphs. `lang` is set only on a message written
    before params, whose stored words are in the language it was written in, whatever the page's."""

    subject: str
    paragraphs: tuple[Paragraph, ...]
    lang: str | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(p.plain() if isinstance(p, Written) else p for p in self.paragraphs)

    def html(self) -> tuple[Markup, ...]:
        """The paragraphs for a page, the typed words in each marked with their language."""
        return tuple(p.html() if isinstance(p, Written) else Markup.escape(p) for p in self.paragraphs)

    def sms(self) -> str:
        return f"{self.subject}. {self.body}"


Renderer = Callable[[dict], tuple[str, tuple[Paragraph, ...]]]
RENDERERS: dict[str, Renderer] = {}


def renders(*kinds: str):
    def register(renderer: Renderer) -> Renderer:
        for kind in kinds:
            RENDERERS[kind] = renderer
        return renderer
    return register


def render(kind: str, params: dict) -> Text:
    """The message `kind` with `params`, in the current locale."""
    subject, paragraphs = RENDERERS[kind](params)
    return Text(subject, tuple(p for p in paragraphs if p))


def shown(message) -> Text:
    """A message in the current locale; one written before params in the words it was stored with."""
    if message.params is None:
        return Text(message.subject or "", tuple((message.body or "").split("\n\n")), message.language)
    return render(message.kind, message.params)


def in_language(message, language: str) -> Text:
    """A message in `language` (the text message, in the recipient's language when it is sent)."""
    with force_locale(language):
        return shown(message)


def when(iso: str) -> str:
    return moments.when(dt.datetime.fromisoformat(iso))


def written(params: dict, key: str, sentence: str) -> Written | None:
    """The free text `params[key]` in `sentence` (translated, not yet filled), or None without it."""
    if not params.get(key):
        return None
    return Written(sentence, key, params[key], params.get(f"{key}_lang"))


# Requests ------------------------------------------------------------------------------------------

@renders("request_sent")
def request_sent(params: dict):
    """A request has been received: to the one who sent it, naming the person when sent for another."""
    reference, kind, name = params["reference"], v.REQUEST_KINDS[params["kind"]], params.get("name")
    if name is None:
        body = gettext("We have received your request %(reference)s: %(kind)s. The department answers within 10 "
                       "working days, and we tell you at each step.", reference=reference, kind=kind)
    else:
        body = gettext("We have received request %(reference)s for %(name)s: %(kind)s. The department answers "
                       "within 10 working days, and we tell you at each step.", reference=reference,
                       name=name, kind=kind)
    return gettext("Request %(reference)s sent", reference=reference), (body,)


@renders("request_answered")
def request_answered(params: dict):
    reference = params["reference"]
    return gettext("Answer on request %(reference)s sent", reference=reference), (gettext(
        "Your answer on request %(reference)s has gone to the department. The request is being reviewed again; we "
        "tell you at each step.", reference=reference),)


@renders("request_status")
def request_status(params: dict):
    """News of a request's new status, to the person themselves, or about them (`name`) to another;
    the department's question or reason last, as the officer wrote it."""
    reference, status, name = params["reference"], params["status"], params.get("name")
    said = {"more_info_needed": gettext("The department asks: %(message)s"),
            "rejected": gettext("The reason: %(message)s")}.get(status)
    said = written(params, "message", said) if said else None
    if name is None:
        return gettext("News about your request %(reference)s", reference=reference), ({
            "in_review": gettext("We have started to review your request %(reference)s.", reference=reference),
            "more_info_needed": gettext("We need more information about your request %(reference)s. Answer on "
                                        "the request's page in Qoljetimdi.", reference=reference),
            "approved": gettext("Your request %(reference)s has been approved. We will tell you when it is provided.",
                                reference=reference),
            "rejected": gettext("Your request %(reference)s has been refused.", reference=reference),
            "provided": gettext("What you asked for in request %(reference)s has been provided.",
                                reference=reference),
        }[status], said)
    return gettext("News about request %(reference)s for %(name)s", reference=reference, name=name), ({
        "in_review": gettext("We have started to review request %(reference)s for %(name)s.",
                             reference=reference, name=name),
        "more_info_needed": gettext("We need more information about request %(reference)s for %(name)s. Answer "
                                    "on the request's page in Qoljetimdi.", reference=reference, name=name),
        "approved": gettext("Request %(reference)s for %(name)s has been approved. We will tell you when it is "
                            "provided.", reference=reference, name=name),
        "rejected": gettext("Request %(reference)s for %(name)s has been refused.", reference=reference, name=name),
        "provided": gettext("What was asked for in request %(reference)s for %(name)s has been provided.",
                            reference=reference, name=name),
    }[status], said)


# Bookings ------------------------------------------------------------------------------------------

@renders("booking_sent")
def booking_sent(params: dict):
    """A booking has been received: to the one who booked; a weekly series is one booking form."""
    reference, starts, weeks, name = params["reference"], when(params["starts_at"]), params["weeks"], params.get("name")
    if name is None and weeks == 1:
        body = gettext("We have received your interpreter booking %(reference)s for %(when)s. An interpreter has "
                       "to accept it; we tell you as soon as they do.", reference=reference, when=starts)
    elif name is None:
        body = ngettext("We have received your interpreter booking %(reference)s: every week, %(num)s time, from "
                        "%(when)s. An interpreter has to accept each; we tell you as soon as they do.",
                        "We have received your interpreter booking %(reference)s: every week, %(num)s times, "
                        "from %(when)s. An interpreter has to accept each; we tell you as soon as they do.",
                        weeks, reference=reference, when=starts)
    elif weeks == 1:
        body = gettext("We have received the interpreter booking %(reference)s for %(name)s for %(when)s. An "
                       "interpreter has to accept it; we tell you as soon as they do.", reference=reference,
                       name=name, when=starts)
    else:
        body = ngettext("We have received the interpreter booking %(reference)s for %(name)s: every week, %(num)s "
                        "time, from %(when)s. An interpreter has to accept each; we tell you as soon as they do.",
                        "We have received the interpreter booking %(reference)s for %(name)s: every week, %(num)s "
                        "times, from %(when)s. An interpreter has to accept each; we tell you as soon as they do.",
                        weeks, reference=reference, name=name, when=starts)
    return gettext("Booking %(reference)s sent", reference=reference), (body,)


@renders("booking_confirmed", "booking_no_interpreter", "booking_reminder", "booking_released")
def booking_news(params: dict):
    """News of a booking (`what`), to the person themselves, or about them (`name`) to another;
    the time as on the booking's page."""
    reference, what, starts, name = params["reference"], params["what"], when(params["starts_at"]), params.get("name")
    said = written(params, "reason", gettext("The interpreter's reason: %(reason)s"))
    subject = gettext("Interpreter booking %(reference)s", reference=reference)
    if name is None:
        return subject, ({
            "confirmed": gettext("An interpreter will be with you on %(when)s. Booking %(reference)s is confirmed.",
                                 when=starts, reference=reference),
            "no_interpreter": gettext("We could not find a free interpreter for %(when)s (booking %(reference)s). "
                                      "Your hours have been given back. You can book another time or by video.",
                                      when=starts, reference=reference),
            "reminder": gettext("Reminder: your interpreter booking %(reference)s is on %(when)s.",
                                when=starts, reference=reference),
            "released": gettext("No interpreter accepted your booking %(reference)s for %(when)s in time, so we have "
                                "cancelled it. Your hours have been given back. You can book another time or by "
                                "video.", when=starts, reference=reference),
        }[what], said)
    return subject, ({
        "confirmed": gettext("An interpreter will be with %(name)s on %(when)s. Booking %(reference)s is confirmed.",
                             name=name, when=starts, reference=reference),
        "no_interpreter": gettext("We could not find a free interpreter for %(name)s for %(when)s (booking "
                                  "%(reference)s). The hours have been given back. You can book another time or by "
                                  "video.", name=name, when=starts, reference=reference),
        "reminder": gettext("Reminder: the interpreter booking %(reference)s for %(name)s is on %(when)s.",
                            name=name, when=starts, reference=reference),
        "released": gettext("No interpreter accepted the booking %(reference)s for %(name)s for %(when)s in time, so "
                            "we have cancelled it. The hours have been given back. You can book another time or by "
                            "video.", name=name, when=starts, reference=reference),
    }[what], said)


# Mandates ------------------------------------------------------------------------------------------

@renders("mandate_asked")
def mandate_asked(params: dict):
    return gettext("Acting on your behalf"), (gettext(
        "%(name)s asks to act on your behalf in Qoljetimdi. Approve or refuse it on the page \u201cWho acts for "
        "you\u201d.", name=params["name"]),)


@renders("mandate_approved")
def mandate_approved(params: dict):
    return gettext("Acting on your behalf"), (gettext(
        "%(name)s has approved your mandate. You can now act on their behalf.", name=params["name"]),)


@renders("mandate_refused")
def mandate_refused(params: dict):
    """A refusal names the person by IIN alone: they never agreed, so the carer never learns their name."""
    return gettext("Acting on your behalf"), (gettext(
        "The person with IIN %(iin)s has refused your request to act on their behalf.", iin=params["iin"]),)


@renders("mandate_ended")
def mandate_ended(params: dict):
    return gettext("Acting on your behalf"), (gettext(
        "The mandate between you and %(name)s has ended.", name=params["name"]),)


@renders("mandate_came_of_age")
def mandate_came_of_age(params: dict):
    return gettext("Acting on your behalf"), (gettext(
        "You are 18 now. Your parent or guardian no longer acts on your behalf in Qoljetimdi. If you want them to "
        "go on helping, they can ask you for a mandate, and you approve it."),)


def on_behalf_subject(person: str | None) -> str:
    return gettext("Acting on your behalf") if person is None else gettext(
        "Acting on behalf of %(person)s", person=person)


@renders("mandate_request")
def mandate_request(params: dict):
    """Someone (`name`) sent a request on the person's behalf: to the person, or about them (`person`)."""
    name, reference, person = params["name"], params["reference"], params.get("person")
    if person is None:
        body = gettext("%(name)s sent request %(reference)s on your behalf.", name=name, reference=reference)
    else:
        body = gettext("%(name)s sent request %(reference)s on behalf of %(person)s.", name=name,
                       reference=reference, person=person)
    return on_behalf_subject(person), (body,)


@renders("mandate_booking")
def mandate_booking(params: dict):
    """Someone (`name`) booked an interpreter on the person's behalf: to the person, or about them."""
    name, reference, person, starts = params["name"], params["reference"], params.get("person"), when(
        params["starts_at"])
    if person is None:
        body = gettext("%(name)s booked an interpreter on your behalf for %(when)s (booking %(reference)s).",
                       name=name, when=starts, reference=reference)
    else:
        body = gettext("%(name)s booked an interpreter for %(person)s for %(when)s (booking %(reference)s).",
                       name=name, person=person, when=starts, reference=reference)
    return on_behalf_subject(person), (body,)


# Reminders -----------------------------------------------------------------------------------------

@renders("reexamination_reminder")
def reexamination_reminder(params: dict):
    """The term ends in `days_left` days (counted the day it was written) on `ends_on`: to the
    person, or about them (`name`) to their representative or carer."""
    days_left, end, name = params["days_left"], moments.date(dt.date.fromisoformat(params["ends_on"])), params.get(
        "name")
    if name is None:
        body = ngettext(
            "Your disability term ends in %(num)d day, on %(date)s. Ask your polyclinic for a referral to the "
            "medical and social expert examination now, so that your support does not stop.",
            "Your disability term ends in %(num)d days, on %(date)s. Ask your polyclinic for a referral to the "
            "medical and social expert examination now, so that your support does not stop.",
            days_left, date=end)
    else:
        body = ngettext(
            "The disability term of %(name)s ends in %(num)d day, on %(date)s. Ask the polyclinic for a "
            "referral to the medical and social expert examination now, so that the support does not stop.",
            "The disability term of %(name)s ends in %(num)d days, on %(date)s. Ask the polyclinic for a "
            "referral to the medical and social expert examination now, so that the support does not stop.",
            days_left, name=name, date=end)
    return gettext("Re-examination is coming up"), (body,)
