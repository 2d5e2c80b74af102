"""The choice of quarter and region on the indicators pages: a GET form, so a view can be linked."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField
from wtforms.validators import AnyOf

from portal.forms import Form
from portal.statistics import services
from portal.statistics.tables import Quarter, quarter_label


class IndicatorsForm(Form):
    class Meta:
        csrf = False

    quarter = SelectField(_l("Quarter"), validate_choice=False)
    place = SelectField(_l("Region"), validate_choice=False,
                        description=_l("The table by kind of measure shows this region."))

    def offer(self, quarters: list[Quarter], places: list[str]) -> IndicatorsForm:
        """Offer the quarters published and the places the reader may see; the newest quarter and the
        first place are chosen when the address names none."""
        self.quarter.choices = [SelectChoice(q.code, quarter_label(q.code)) for q in quarters]
        self.place.choices = [SelectChoice(code, services.place_label(code)) for code in places]
        self.quarter.validators = [AnyOf([q.code for q in quarters], _l("Choose a quarter from the list"))]
        self.place.validators = [AnyOf(places, _l("Choose a region from the list"))]
        if not self.quarter.raw_data and quarters:
            self.quarter.data = quarters[0].code
        if not self.place.raw_data and places:
            self.place.data = places[0]
        return self
