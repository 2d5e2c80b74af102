"""Pieces every area's forms use."""

from __future__ import annotations

from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def choices(mapping) -> list[SelectChoice]:
    """Radio or select options from a vocabulary mapping of code to label."""
    return [SelectChoice(code, label) for code, label in mapping.items()]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes; the field macro renders it as a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
