"""The public services outside this portal that its pages send people to, each as a link or a
number to call, never a bare name (issue #23, point 4). Templates read them as `handoffs`; the
filter `linked` makes their names in a text links."""

import re

from markupsafe import Markup, escape

SOCIAL_SERVICES_PORTAL = "https://aleumet.egov.kz"  # aids, sanatorium vouchers, suppliers
EGOV = "https://egov.kz"  # the state services portal
EOTINISH = "https://eotinish.kz"  # complaints and appeals to state bodies
CONTACT_CENTRE = "1414"  # the single contact centre for state services, free from any phone

# Each service as texts name it, in English (the catalogue's source) and as the translations write
# it: Russian declines the portal's name («на Портале социальных услуг»).
NAMED = (
    (re.compile(r"Social Services Portal|Әлеуметтік қызметтер порталы|Портал\w* социальных услуг"),
     SOCIAL_SERVICES_PORTAL),
    (re.compile(r"(?<![\w.])egov\.kz\b"), EGOV),
    (re.compile(r"\beOtinish\b"), EOTINISH),
    # The short number on its own, not four digits of a longer one ("+7 701 1414 …").
    (re.compile(rf"(?<![\w+])(?<!\d )(?<!\d-){CONTACT_CENTRE}(?![\w-])(?! \d)"), f"tel:{CONTACT_CENTRE}"),
)


def linked(text: str) -> Markup:
    """`text` escaped, with each service it names made a link to it: for texts written as plain
    words, such as the rights (portal/rights/catalogue.py)."""
    html = str(escape(text))
    for name, address in NAMED:
        html = name.sub(lambda found: f'<a href="{address}">{found.group(0)}</a>', html)
    return Markup(html)
