"""Coded values of the registry (DOMAIN.md §2, §3, §6), each with its label in the catalogues.

The database stores the code; the page shows the label in the page's language. Codes are
stable identifiers shared with the registry API and the importer: never rename one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

REGIONS = {
    # 17 oblasts and 3 cities of republican significance, borders of 08.06.2022 (DOMAIN.md §6).
    "abai": _l("Abai Region"),
    "akmola": _l("Akmola Region"),
    "aktobe": _l("Aktobe Region"),
    "almaty_region": _l("Almaty Region"),
    "atyrau": _l("Atyrau Region"),
    "west_kazakhstan": _l("West Kazakhstan Region"),
    "zhambyl": _l("Zhambyl Region"),
    "zhetisu": _l("Zhetisu Region"),
    "karaganda": _l("Karaganda Region"),
    "kostanay": _l("Kostanay Region"),
    "kyzylorda": _l("Kyzylorda Region"),
    "mangystau": _l("Mangystau Region"),
    "pavlodar": _l("Pavlodar Region"),
    "north_kazakhstan": _l("North Kazakhstan Region"),
    "turkistan": _l("Turkistan Region"),
    "ulytau": _l("Ulytau Region"),
    "east_kazakhstan": _l("East Kazakhstan Region"),
    "astana": _l("Astana"),
    "almaty": _l("Almaty"),
    "shymkent": _l("Shymkent"),
}

LANGUAGES = {"kk": "Қазақша", "ru": "Русский"}  # each named in itself, never translated

SEXES = {"male": _l("Male"), "female": _l("Female")}

GROUPS = {"I": _l("Group I"), "II": _l("Group II"), "III": _l("Group III")}

# Order No. 260 of 29.06.2023: a child under 7 has no group; from 7 to 18 a child has one.
CHILD_CATEGORIES = {
    "under_7": _l("Child with a disability under 7"),
    "7_to_18": _l("Child with a disability aged 7 to 18"),
    # Decisions made before the Social Code's categories took effect (CHILD_CATEGORIES_CHANGED_ON).
    "under_16": _l("Child with a disability under 16 (rules before July 2023)"),
    "16_to_18": _l("Child with a disability aged 16 to 18 (rules before July 2023)"),
}
# Children of these categories are given no group.
CHILD_CATEGORIES_WITHOUT_GROUP = frozenset({"under_7", "under_16"})

CAUSES = {
    "general_illness": _l("General illness"),
    "work_injury": _l("Work injury"),
    "occupational_disease": _l("Occupational disease"),
    "from_childhood": _l("Disability since childhood"),
    "child_under_7": _l("Disability of a child under 7"),
    "child_7_to_18": _l("Disability of a child aged 7 to 18"),
    "child_under_16": _l("Disability of a child under 16 (rules before July 2023)"),
    "child_16_to_18": _l("Disability of a child aged 16 to 18 (rules before July 2023)"),
    # Order No. 260's cause 7 names three causes (DOMAIN.md §2.2), kept apart: each has its own
    # benefits and proof.
    "service_duty": _l("Wound, contusion, injury or illness received in military service or in the line of other state service"),
    "nuclear_accident": _l("Injury or illness received in work on the consequences of accidents at nuclear facilities"),
    "not_service_related": _l("Injury or illness during military or other state service, not connected with its duties"),
    "ecological_disaster": _l("Consequences of an ecological disaster, including nuclear tests"),
}

# Causes under which an employer at fault pays (DOMAIN.md §1.11, §1.13, §1.16).
EMPLOYER_LIABLE_CAUSES = frozenset({"work_injury", "occupational_disease"})

IRP_PARTS = {
    "medical": _l("Medical rehabilitation"),
    "social": _l("Social rehabilitation"),
    "vocational": _l("Vocational rehabilitation"),
}

# kind -> (part, label)
IRP_ITEM_KINDS = {
    "restorative_therapy": ("medical", _l("Restorative therapy")),
    "reconstructive_surgery": ("medical", _l("Reconstructive surgery")),
    "prosthetic_orthopaedic": ("medical", _l("Prosthetic and orthopaedic aid")),
    "sanatorium": ("medical", _l("Sanatorium and spa treatment")),
    "surdo_technical": ("social", _l("Hearing aids and other aids for deaf and hard-of-hearing people")),
    "typhlo_technical": ("social", _l("Aids for blind and partially sighted people")),
    "hygiene": ("social", _l("Mandatory hygiene aids")),
    "mobility": ("social", _l("Wheelchair or other special means of mobility")),
    "personal_assistant": ("social", _l("Individual assistant")),
    "sign_language": ("social", _l("Sign-language specialist")),
    "social_skills": ("social", _l("Training in everyday social skills")),
    "legal_help": ("social", _l("Legal help")),
    "home_social_services": ("social", _l("Social services at home")),
    "vocational_orientation": ("vocational", _l("Career guidance")),
    "vocational_training": ("vocational", _l("Vocational training")),
    "job_placement": ("vocational", _l("Help finding a job")),
}

ITEM_STATUSES = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "provided": _l("Provided"),
    "not_provided": _l("Not provided"),
}

PAYERS = {
    "state": _l("Paid by the state"),
    "employer": _l("Paid by the employer"),
    "person": _l("Paid by the person"),
}

# State benefits and payments (BENEFITS.md §1, issue #25) ---------------------------------

# The benefits a person with disability, their carer or their parent is paid; names as the
# Social Code of 2023 and the payers call them (BENEFITS.md §1 and §7).
BENEFIT_KINDS = {
    # SC Art. 175–177: state social benefit (ГСП / МӘЖ), adults and children alike.
    "disability_benefit": _l("State social disability benefit"),
    # SC Art. 187: to whoever directly cares for a person with group I disability.
    "carer_benefit": _l("Benefit to a person caring for a person with group I disability"),
    "parent_benefit": _l("Benefit to a mother or father, adoptive parent or guardian raising a child with disability"),
    # Paid by the State Social Insurance Fund (ГФСС / МӘСҚ) to insured persons (BENEFITS.md §5).
    "working_capacity_loss": _l("Social payment for loss of working capacity"),
    "special_state_benefit": _l("Special state benefit"),
    # Compulsory insurance of employees against accidents (ОСНС), BENEFITS.md §1 row 9.
    "injury_insurance": _l("Monthly insurance payment after a work injury or occupational disease"),
    "local_assistance": _l("Local social assistance"),
}

BENEFIT_STATUSES = {
    "assigned": _l("Assigned"),
    "suspended": _l("Suspended"),
    "stopped": _l("Stopped"),
}

# Why a benefit is suspended or stopped: grounds of Order No. 257 as BENEFITS.md §10.2 lists
# them (unconfirmed against the amended order), and the common ends of a benefit.
BENEFIT_STATUS_REASONS = {
    "missed_reexamination": _l("The re-examination was not passed in time"),
    "term_ended": _l("The term it was assigned for has ended"),
    "moved_abroad": _l("The person left to live abroad"),
    "no_account_activity": _l("No operations on the account for a long time"),
    "death": _l("The person died"),
    # SC Art. 175 p.7: at the person's choice, replaced by an age or long-service pension.
    "replaced_by_pension": _l("Replaced by a pension at the person's choice"),
    "recipient_request": _l("At the recipient's request"),
}

# Who pays a benefit (BENEFITS.md §1, "Paid by").
BENEFIT_PAYERS = {
    "state_corporation": _l("State Corporation “Government for Citizens”"),
    "social_insurance_fund": _l("State Social Insurance Fund"),
    "insurer": _l("Insurance company"),
    "employer": _l("Employer"),
    "local_budget": _l("Local executive body (akimat)"),
}

# Why a month's amount differs from the month before.
PAYMENT_CHANGE_NOTES = {
    # Amounts follow the subsistence minimum of the budget law, from 1 January (BENEFITS.md §0).
    "indexation": _l("Indexed"),
    "recalculation": _l("Recalculated"),
    "group_changed": _l("Recalculated after a change of disability group"),
    "resumed": _l("Resumed"),
}

# What a statement the portal issues shows (portal/models/portal.py, Statement).
STATEMENT_KINDS = {
    "status": _l("Statement of disability status"),
    "benefits": _l("Statement of benefits received"),
}


# What an officer did about a programme item that is late or not provided (issue #24, point 1).
FOLLOW_UP_ACTIONS = {
    "called_provider": _l("Called the provider"),
    "escalated": _l("Escalated to the head of the department"),
    "contacted_person": _l("Contacted the person"),
}


def irp_part(kind: str) -> str:
    return IRP_ITEM_KINDS[kind][0]


def irp_kind_label(kind: str):
    return IRP_ITEM_KINDS[kind][1]


# Service requests ------------------------------------------------------------------------

REQUEST_KINDS = {
    "technical_aid": _l("Technical aid or means of mobility"),
    "prosthetic": _l("Prosthetic and orthopaedic aid"),
    "sanatorium": _l("Sanatorium treatment voucher"),
    "personal_assistant": _l("Individual assistant"),
    "home_social_services": _l("Social services at home"),
    "aid_replacement": _l("Replacement of a worn or broken aid"),
    "contact_details": _l("Change of phone number"),
}

REQUEST_STATUSES = {
    "submitted": _l("Sent"),
    "in_review": _l("Being reviewed"),
    "more_info_needed": _l("More information needed"),
    "approved": _l("Approved"),
    "rejected": _l("Refused"),
    "provided": _l("Provided"),
    "cancelled": _l("Cancelled"),
}

STAFF_ROLES = {
    "officer": _l("Officer"),
    "supervisor": _l("Supervisor"),
}


# Sign-language interpreters --------------------------------------------------------------

INTERPRETER_LANGUAGES = {
    "kazakh_sign": _l("Kazakh sign language"),
    "russian_sign": _l("Russian sign language"),
    "kazakh": _l("Spoken Kazakh"),
    "russian": _l("Spoken Russian"),
}
# A booking names the sign language the person uses and the language spoken at the meeting; an
# interpreter is offered only when they know both (issue #22, rule 2).
SIGN_LANGUAGES = {code: INTERPRETER_LANGUAGES[code] for code in ("kazakh_sign", "russian_sign")}
SPOKEN_LANGUAGES = {code: INTERPRETER_LANGUAGES[code] for code in ("kazakh", "russian")}

# A language named in the page's language, where a person chooses one (LANGUAGES names each in
# itself, for the language links).
LANGUAGE_NAMES = {"kk": _l("Kazakh"), "ru": _l("Russian")}

# How the department should reach a person (issue #23, point 12): set by the person on their
# account page, shown to staff beside the person's requests.
COMMUNICATION_NEEDS = {
    "no_calls": _l("I am deaf or hard of hearing: write to me, do not call"),
    "no_scanned_letters": _l("I am blind or have low vision: no scanned letters or pictures of text"),
    "plain_words": _l("Please use plain, short words"),
    "interpreter_at_meetings": _l("I need a sign-language interpreter at meetings"),
    "step_free": _l("I need step-free access to meetings"),
}

BOOKING_MODES = {
    # "In person" is also a heading on the contacts page; here it is how an interpreter works.
    "in_person": lazy_pgettext("booking mode", "In person"),
    "video": _l("By video"),
}

BOOKING_PURPOSES = {
    "hospital": _l("A visit to a hospital or polyclinic"),
    "court": _l("A court hearing or a visit to the police"),
    "work": _l("Work or a job interview"),
    "education": _l("Studies or an exam"),
    "other": _l("Something else"),
}

BOOKING_STATUSES = {
    "requested": _l("Waiting for the interpreter to accept"),
    "confirmed": _l("Confirmed"),
    "no_interpreter": _l("No interpreter available"),
    "released": _l("No interpreter accepted in time"),
    "cancelled": _l("Cancelled in time"),
    "late_cancelled": _l("Cancelled late"),
    "completed": _l("Took place"),
    "no_show": _l("You did not come"),
}


# Carers' mandates ------------------------------------------------------------------------

MANDATE_SCOPES = {
    "view": _l("See status, rights and programme"),
    "requests": _l("Send and follow requests"),
    "bookings": _l("Book interpreters"),
    # The benefits received, their amounts and payments, and the bank account's last 4 digits (issue #25).
    "payments": _l("See benefits and payments"),
}

MANDATE_STATUSES = {
    "requested": _l("Waiting for approval"),
    "active": _l("In force"),
    "refused": _l("Refused"),
    "ended": _l("Ended"),
}
