"""The public services outside this portal that its pages send people to, each as a link or a
number to call, never a bare name (issue #23, point 4). Templates read them as `handoffs`."""

SOCIAL_SERVICES_PORTAL = "https://aleumet.egov.kz"  # aids, sanatorium vouchers, suppliers
EGOV = "https://egov.kz"  # the state services portal
EOTINISH = "https://eotinish.kz"  # complaints and appeals to state bodies
CONTACT_CENTRE = "1414"  # the single contact centre for state services, free from any phone
