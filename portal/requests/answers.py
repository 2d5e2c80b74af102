"""How the answers of a request read back to the person and to staff."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.requests.forms import FORMS, HELP_WITH, PROBLEMS, SEASONS, item_label
from portal.requests.kinds import KINDS


def question_label(question: str) -> str:
    form_class = FORMS[question]
    field = getattr(form_class, question)
    return str(field.args[0] if field.args else field.kwargs["label"])


def answer_text(question: str, value, file, evidence_name: str | None = None) -> str:
    if question == "item":
        programme = file.latest_programme if file else None
        item = next((i for i in programme.items if str(i.line) == str(value)), None) if programme else None
        return str(item_label(item)) if item else _("Line %(line)s of your programme", line=value)
    if question == "season":
        return str(SEASONS[value])
    if question == "help_with":
        return ", ".join(str(HELP_WITH[code]) for code in value)
    if question == "problem":
        return str(PROBLEMS[value])
    if question == "evidence":
        return evidence_name or _("No file sent")
    if question == "note":
        return value or _("Nothing added")
    if question == "companion":
        return value or _("Nobody: going alone")
    return str(value)


def answer_rows(kind: str, answers: dict, file, evidence_name: str | None = None) -> list[tuple[str, str, str]]:
    """(question, answer, question code) for each question of the kind, in order."""
    rows = []
    for question in KINDS[kind].questions:  # every question there is: a companion stays shown once named
        value = answers.get(question)
        if question in ("note", "evidence") or value is not None:
            rows.append((question_label(question), answer_text(question, value, file, evidence_name), question))
    return rows
