"""How the answers of a request read back to the person and to staff."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.requests.forms import FORMS, HELP_WITH, PROBLEMS, PROOFS, SEASONS, about_them, item_label
from portal.requests.kinds import KINDS


def question_label(question: str, them: str | None = None) -> str:
    """The question as its page asks it; about the person by name when `them` names them."""
    if them and "label" in about_them(question, them):
        return about_them(question, them)["label"]
    form_class = FORMS[question]
    field = getattr(form_class, question)
    return str(field.args[0] if field.args else field.kwargs["label"])


def answer_text(question: str, value, file, evidence_name: str | None = None, them: str | None = None) -> str:
    if question == "item":
        programme = file.latest_programme if file else None
        item = next((i for i in programme.items if str(i.line) == str(value)), None) if programme else None
        if item:
            return str(item_label(item, them))
        return _("Line %(line)s of the programme", line=value) if them else _(
            "Line %(line)s of your programme", line=value)
    if question == "season":
        return str(SEASONS[value])
    if question == "help_with":
        return ", ".join(str(HELP_WITH[code]) for code in value)
    if question == "problem":
        return str(PROBLEMS[value])
    if question == "proof":
        return str(PROOFS[value])
    if question == "evidence":
        return evidence_name or _("No file sent")
    if question == "note":
        return value or _("Nothing added")
    if question == "companion":
        return value or _("Nobody: going alone")
    return str(value)


def answer_rows(kind: str, answers: dict, file, evidence_name: str | None = None,
                them: str | None = None) -> list[tuple[str, str, str]]:
    """(question, answer, question code) for each question of the kind the journey asked, in order."""
    rows = []
    for question in KINDS[kind].questions:  # every question there is: a companion stays shown once named
        if not KINDS[kind].asks(question, answers) and question not in answers:
            continue
        if question == "proof" and question not in answers:
            continue  # sent before the choice was asked: the photo row says it all
        value = answers.get(question)
        if question in ("note", "evidence") or value is not None:
            rows.append((question_label(question, them),
                         answer_text(question, value, file, evidence_name, them), question))
    return rows
