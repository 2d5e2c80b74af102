"""The nine rights of persons with disabilities (law of 13.04.2005 No. 39, kept and widened by
Art. 154 of the Social Code of 2023), each in plain language with how to use it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Right:
    slug: str  # stable id, e.g. "social_protection", used as an HTML id
    title: object  # lazy string: a short heading
    meaning: object  # lazy string: 1–3 short sentences, what the right means for the person
    how_to_use: object  # lazy string: 1–3 short sentences, the concrete step to take and where


INTRODUCTION = _l(
    "As a person with a disability, you have all the rights and freedoms of every citizen of Kazakhstan. "
    "The law also gives you the nine rights below. "
    "Since 1 July 2023 they are set out in Article 154 of the Social Code."
)

HELP = _l(
    "If a right is not respected, ask the department for help. "
    "You can also turn to the prosecutor's office or the Commissioner for Human Rights (the Ombudsman), "
    "or complain online through eOtinish."
)

# In the order of the law (DOMAIN.md §1.9); the slugs are stable: never rename one.
RIGHTS: tuple[Right, ...] = (
    Right(
        slug="social_protection",
        title=_l("Social protection, rehabilitation and a full life in society"),
        meaning=_l(
            "The state supports you with payments, rehabilitation and social services. "
            "The aim is that you can take part in the life of society like everyone else. "
            "Your individual habilitation and rehabilitation programme lists the help you get."
        ),
        how_to_use=_l(
            "Ask about payments and social services at the department. "
            "Order the aids and services of your rehabilitation programme on the Social Services Portal. "
            "With a disability of group I or II, you can get free legal advice from a lawyer of the Bar."
        ),
    ),
    Right(
        slug="accessible_infrastructure",
        title=_l("Access to buildings, streets and transport"),
        meaning=_l(
            "You have the right to reach and use places that are open to the public. "
            "This includes offices, hospitals, schools, shops, streets and public transport. "
            "Ramps, lifts, handrails, clear signs and sound signals help make them accessible."
        ),
        how_to_use=_l(
            "If a place has no ramp or other access, tell its owner or manager. "
            "If nothing changes, write to your local akimat. "
            "Ask the department about a special taxi for persons with disabilities."
        ),
    ),
    Right(
        slug="access_to_information",
        title=_l("Access to information"),
        meaning=_l(
            "You have the right to get information in a form you can understand and use. "
            "This can be sign language, Braille, large print, sound recordings or easy-to-read text."
        ),
        how_to_use=_l(
            "Your rehabilitation programme can include a sign-language specialist or aids, "
            "such as a hearing aid or an audio book player. "
            "Order them on the Social Services Portal or at the department. "
            "For questions about state services, call the single contact centre 1414."
        ),
    ),
    Right(
        slug="education_and_occupation",
        title=_l("Education and free choice of occupation"),
        meaning=_l(
            "You can study at every level, from kindergarten to university, together with other people. "
            "You are free to choose what you do, including your work. "
            "No one may treat you worse because of your disability."
        ),
        how_to_use=_l(
            "If your child has a disability, the psychological, medical and pedagogical consultation "
            "advises how your child can best study. "
            "Ask the education department of your district or city where to find it. "
            "When you apply for a state education grant, ask about the quota for persons with disabilities."
        ),
    ),
    Right(
        slug="free_medical_care",
        title=_l("Free medical care"),
        meaning=_l(
            "The state pays for a set of medical services for you. "
            "This is called the guaranteed volume of free medical care. "
            "You also have the right to care under compulsory social health insurance."
        ),
        how_to_use=_l(
            "Go to the polyclinic where you are attached. "
            "Your doctor there refers you to specialists, tests and hospital treatment. "
            "If you are not attached to a polyclinic, you can choose one on egov.kz."
        ),
    ),
    Right(
        slug="vocational_training_and_employment",
        title=_l("Vocational training, return to work and a job"),
        meaning=_l(
            "You can learn a profession, or learn a new one. "
            "You can get help to restore your ability to work. "
            "You can get help to find a job that suits your health."
        ),
        how_to_use=_l(
            "Go to the employment centre (career centre) of your district or city. "
            "There you can ask about vocational training, job offers, "
            "and jobs that employers must keep for persons with disabilities. "
            "The vocational part of your rehabilitation programme shows what kind of work suits you."
        ),
    ),
    Right(
        slug="housing",
        title=_l("Housing"),
        meaning=_l(
            "You have the right to housing under the housing laws of Kazakhstan. "
            "If you have a disability of group I or II, you can ask for housing from the state housing fund. "
            "Families raising a child with a disability can ask too."
        ),
        how_to_use=_l(
            "To join the waiting list for housing, apply on egov.kz or at a Government for Citizens centre. "
            "The housing department of your local akimat decides and tells you which documents you need."
        ),
    ),
    Right(
        slug="priority_service",
        title=_l("Service without waiting in line"),
        meaning=_l(
            "You have the right to be served first, without waiting in line. "
            "This applies in state bodies and other organisations. "
            "It includes hospitals and polyclinics, theatres and museums, post offices, transport "
            "and service centres."
        ),
        how_to_use=_l(
            "Tell the staff that you have a disability and ask to be served first. "
            "Show your disability certificate if they ask for it. "
            "If you are refused, tell the manager; if a state body refuses you, complain through eOtinish."
        ),
    ),
    Right(
        slug="creative_abilities",
        title=_l("Support for your creative talents"),
        meaning=_l(
            "You have the right to support for your creative talents. "
            "This includes art, music, theatre, writing and crafts. "
            "You can take part in cultural events, festivals and competitions."
        ),
        how_to_use=_l(
            "Ask the department of culture of your local akimat about clubs, festivals and competitions "
            "for persons with disabilities. "
            "Public associations of persons with disabilities also run creative groups and events. "
            "For a child, ask the school or the local centre for children's creativity about clubs."
        ),
    ),
)


# The heading of each personal entitlement (portal/rights/services.py), as the pages show it.
ENTITLEMENT_TITLES = {
    "personal_assistant": _l("Individual assistant"),
    "sign_language": _l("Sign-language specialist"),
    "sanatorium": _l("Sanatorium and spa treatment"),
    "technical_aids": _l("Technical aids and means of mobility"),
    "home_social_services": _l("Social services at home"),
}
