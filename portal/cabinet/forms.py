from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from portal import vocabulary as v
from portal.forms import Form


class VerifyForm(Form):
    class Meta:
        csrf = False  # a GET form that changes nothing

    reference = StringField(_l("Statement reference"), description=_l("For example, QJ-7K4M-X2PA."))


class ProgrammeFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Show"),
        choices=[SelectChoice("all", _l("All items"))] + [SelectChoice(code, label) for code, label in v.ITEM_STATUSES.items()],
        default="all",
    )
