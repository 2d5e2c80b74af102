"""The demo personas: seventeen people whose registry files show every case the portal handles.

`demo_people(today)` returns them as import records, one dict per person in the JSON Lines
format of the registry importer (portal/registry/importer.py), so `flask demo load` and the
tests load them the same way as a real registry file.

Birth dates are fixed (they are inside the IINs) and chosen so that the children stay in
their age bands for years: the young child turns 7 in April 2030, the older one 18 in March
2032. Every other date is counted in days from `today`, so the data does not rot: a term that
ends "in 20 days" ends in 20 days whenever the demo is loaded. Document numbers are fixed
too, so loading the demo again on a later day updates the same decisions and programmes
instead of adding new ones.

The people, names, phones and IINs are invented; the IINs are valid (right century, sex
and check digit) but are made here, never taken from a real person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal.demo.benefits import benefit, payments, months_paid, state_benefit
from portal.iin import make_iin

Days = Callable[[int], str]  # days(n): the ISO date n days after today (n < 0: before)

# IINs: birth date, sex and a serial distinct per person ------------------------------------

ALIYA = make_iin(dt.date(1992, 8, 9), "female", 1043)
NURISLAM = make_iin(dt.date(2023, 4, 18), "male", 2187)
IRINA = make_iin(dt.date(1983, 11, 2), "female", 3310)
ARTYOM = make_iin(dt.date(2014, 3, 27), "male", 4456)
ERLAN = make_iin(dt.date(1979, 6, 14), "male", 5521)
MOLDIR = make_iin(dt.date(1996, 2, 29), "female", 6034)
VALENTINA = make_iin(dt.date(1958, 10, 5), "female", 7102)
DAULET = make_iin(dt.date(1988, 1, 23), "male", 8219)
SERIK = make_iin(dt.date(1964, 9, 17), "male", 9305)
SERGEY = make_iin(dt.date(1962, 2, 11), "male", 417)
GULZHAN = make_iin(dt.date(1956, 12, 3), "female", 1528)
AKZHOL = make_iin(dt.date(2001, 7, 30), "male", 2639)
AIGERIM = make_iin(dt.date(1975, 5, 12), "female", 3746)
BAKYT = make_iin(dt.date(1985, 10, 4), "male", 4857)
NURLAN = make_iin(dt.date(1990, 11, 20), "male", 5968)
KULASH = make_iin(dt.date(1961, 6, 5), "female", 7079)
YERZHAN = make_iin(dt.date(1994, 9, 12), "male", 8180)

NURISLAM_TURNS_7 = "2030-04-18"  # a child's term "until the age of 7"

# Invented employers: at fault for a work injury and an occupational disease, and one not at fault.
COPPER_MINE = "«Жезқазған мыс кені» ЖШС"
POLYMETAL_PLANT = "«Алтай полиметалл» АҚ"
BUILDER = "«Павлодар Құрылыс» ЖШС"


# Builders for the repeated structures ------------------------------------------------------

def mse(serial: int) -> str:
    """A stable MSE decision number."""
    return f"MSE-DEMO-{serial:06d}"


def irp(serial: int) -> str:
    """A stable programme number."""
    return f"IRP-DEMO-{serial:06d}"


# A real district or city of regional significance of each persona's region, as the registry writes it.
DISTRICTS = {
    "almaty_region": "Қарасай ауданы",
    "karaganda": "Теміртау қаласы",
    "ulytau": "Жезқазған қаласы",
    "almaty": "Алмалы ауданы",
    "pavlodar": "Екібастұз қаласы",
    "astana": "Есіл ауданы",
    "east_kazakhstan": "Өскемен қаласы",
    "kostanay": "Рудный қаласы",
    "abai": "Семей қаласы",
    "north_kazakhstan": "Петропавл қаласы",
    "zhambyl": "Тараз қаласы",
    "shymkent": "Әл-Фараби ауданы",
}


def person(iin: str, surname: str, given_name: str, patronymic: str | None, *, region: str,
           phone: str | None, language: str = "kk", representative: str | None = None,
           carer_allowance: bool = False, lives_alone: bool = False, district: str | None = None,
           guardianship: tuple[str, str] | None = None,
           decisions: list[dict] | None = None, programmes: list[dict] | None = None,
           benefits: list[dict] | None = None) -> dict:
    """A person; `guardianship` is (court decision number, date) for an adult declared incapable,
    whose `representative` is the guardian. `district` defaults to a real one of the region."""
    court_decision, decided_on = guardianship or (None, None)
    return {
        "iin": iin,
        "surname": surname,
        "given_name": given_name,
        "patronymic": patronymic,
        "region": region,
        "district": district or DISTRICTS[region],
        "phone": phone,
        "preferred_language": language,
        "legal_representative_iin": representative,
        "carer_allowance_paid": carer_allowance,
        "lives_alone": lives_alone,
        "guardianship_court_decision": court_decision,
        "guardianship_decided_on": decided_on,
        "decisions": decisions or [],
        "programmes": programmes or [],
        "benefits": benefits or [],
    }


def decision(number: str, decided: str, group: str | None, cause: str, *, onset: str,
             valid_from: str, valid_until: str | None, child_category: str | None = None,
             general_loss: int | None = None, professional_loss: int | None = None,
             outside_care: bool = False, difficulty_moving: bool = False,
             employer: str | None = None, employer_liquidated: bool = False, at_fault: bool = False) -> dict:
    """An MSE decision; re-examination falls due when the term ends (never, if indefinite)."""
    return {
        "number": number,
        "decision_date": decided,
        "disability_group": group,
        "child_category": child_category,
        "cause": cause,
        "onset_date": onset,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "reexamination_date": valid_until,
        "general_capacity_loss": general_loss,
        "professional_capacity_loss": professional_loss,
        "needs_outside_care": outside_care,
        "difficulty_moving": difficulty_moving,
        "employer_name": employer,
        "employer_liquidated": employer_liquidated,
        "employer_at_fault": at_fault,
    }


def programme(number: str, decision_number: str, drawn_up_on: str, valid_until: str | None,
              items: list[dict]) -> dict:
    return {
        "number": number,
        "decision": decision_number,
        "drawn_up_on": drawn_up_on,
        "valid_until": valid_until,
        "items": items,
    }


# An item's status with the dates that status requires.

def planned(due: str) -> dict:
    return {"status": "planned", "due_date": due, "started_on": None, "completed_on": None}


def in_progress(started: str, due: str | None = None) -> dict:
    return {"status": "in_progress", "due_date": due, "started_on": started, "completed_on": None}


def provided(started: str, completed: str, due: str | None = None) -> dict:
    return {"status": "provided", "due_date": due, "started_on": started, "completed_on": completed}


def not_provided(completed: str, due: str | None = None) -> dict:
    """Found not provided on `completed` (by `due`, if given)."""
    return {"status": "not_provided", "due_date": due or completed, "started_on": None,
            "completed_on": completed}


def item(line: int, kind: str, state: dict, *, quantity: int | None = None,
         hours_per_year: int | None = None, provider: str | None = None, payer: str = "state") -> dict:
    return {
        "line": line,
        "kind": kind,
        "quantity": quantity,
        "hours_per_year": hours_per_year,
        **state,
        "provider": provider,
        "payer": payer,
    }


SARYAGASH = "«Сарыағаш» санаторийі"

# Benefits (issue #25; portal/demo/benefits.py) ------------------------------------------------

STATE_BENEFIT = "Social Code Art. 177"  # the state social disability benefit (BENEFITS.md §2.1)
CARER_BENEFIT = "Social Code Art. 187"
# The parent benefit's article is not confirmed (BENEFITS.md §10.1: "Art. 186?"): the code is named alone.
PARENT_BENEFIT = "Social Code of 20.04.2023 No. 224-VII"
INJURY_INSURANCE = "Law No. 30 of 07.02.2005 (compulsory accident insurance of employees), Art. 19"
# An invented insurer, paying the monthly insurance payment for the copper mine's employees.
INSURER = "«Сенім Өмір» өмірді сақтандыру компаниясы АҚ"


def today_of(days: Days) -> dt.date:
    return dt.date.fromisoformat(days(0))


# The personas, in import order: a legal representative comes before the person represented.

def mother_of_young_child(days: Days) -> dict:
    # A parent with no disability and no decisions: the legal representative of the next persona.
    # She receives the parent benefit for her son (BENEFITS.md §4), on top of his own benefit,
    # from the month his disability was set; both are paid into her account.
    return person(ALIYA, "Жұмабаева", "Әлия", "Серікқызы", region="almaty_region",
                  phone="+77015553412",
                  benefits=[state_benefit(today_of(days), "parent_benefit", "parent", region="Алматы облысы",
                                          legal_basis=PARENT_BENEFIT, valid_from=days(-160),
                                          valid_until=NURISLAM_TURNS_7, account="7314", for_person=NURISLAM)])


def young_child(days: Days) -> dict:
    # A child under 7: no group, cause child_under_7, term until the age of 7, mother represents.
    # Items not provided (a children's wheelchair) and one with no provider yet.
    return person(
        NURISLAM, "Жұмабаев", "Нұрислам", "Ерланұлы", region="almaty_region", phone=None,
        representative=ALIYA,
        # The child's own benefit is recorded on the child; his mother receives it (BENEFITS.md §1 row 2).
        benefits=[state_benefit(today_of(days), "disability_benefit", "child_under_7", region="Алматы облысы",
                                legal_basis=STATE_BENEFIT, valid_from=days(-160), valid_until=NURISLAM_TURNS_7,
                                account="7314")],
        decisions=[
            decision(mse(101), days(-160), None, "child_under_7", child_category="under_7",
                     onset="2023-04-18", valid_from=days(-160), valid_until=NURISLAM_TURNS_7,
                     outside_care=True),
        ],
        programmes=[
            programme(irp(101), mse(101), days(-158), NURISLAM_TURNS_7, [
                item(1, "restorative_therapy", in_progress(days(-120), due=days(60)),
                     provider="Алматы облысының балаларды оңалту орталығы"),
                item(2, "prosthetic_orthopaedic", provided(days(-130), days(-95)), quantity=2,
                     provider="Алматы облысының протездік-ортопедиялық орталығы"),  # orthoses
                item(3, "hygiene", provided(days(-150), days(-140)), quantity=1095,
                     provider="«Гигиена-Сервис» ЖШС"),  # nappies, three a day
                item(4, "sanatorium", planned(days(120)),
                     provider="«Балбұлақ» республикалық балаларды оңалту орталығы"),
                item(5, "mobility", not_provided(days(-20), due=days(-30)), quantity=1),
            ]),
        ],
    )


def mother_of_schoolboy(days: Days) -> dict:
    # A Russian-speaking parent with no decisions, legal representative of the next persona.
    return person(IRINA, "Ковальчук", "Ирина", "Викторовна", region="karaganda",
                  phone="+77752140987", language="ru")


def schoolboy(days: Days) -> dict:
    # A child aged 7 to 18 with group II, cause child_7_to_18, mother represents; Russian. His
    # first decision, of January 2022, was made under the rules before July 2023: a child under
    # 16, with no group.
    return person(
        ARTYOM, "Ковальчук", "Артём", "Сергеевич", region="karaganda", phone=None,
        language="ru", representative=IRINA,
        decisions=[
            decision(mse(200), "2022-01-20", None, "child_under_16", child_category="under_16",
                     onset="2021-10-12", valid_from="2022-01-20", valid_until="2024-01-20"),
            decision(mse(201), days(-75), "II", "child_7_to_18", child_category="7_to_18",
                     onset="2021-10-12", valid_from=days(-75), valid_until=days(290)),
        ],
        programmes=[
            programme(irp(201), mse(201), days(-70), days(290), [
                item(1, "sanatorium", provided(days(-60), days(-39)),
                     provider="«Қарқаралы» балалар санаторийі"),
                item(2, "social_skills", in_progress(days(-50), due=days(200)),
                     provider="Қарағанды қаласының мүгедектігі бар балаларды оңалту орталығы"),
                item(3, "restorative_therapy", planned(days(90)),
                     provider="Қарағанды облыстық көпбейінді балалар ауруханасы"),
                item(4, "legal_help", provided(days(-40), days(-40)),
                     provider="Қарағанды облыстық адвокаттар алқасы"),  # inclusive schooling
            ]),
        ],
    )


def miner_with_work_injury(days: Days) -> dict:
    # Work injury at a copper mine (leg amputation): employer-paid items, professional capacity
    # loss, and a history: group II a year after the accident, group III now.
    onset = days(-800)
    group_iii_from = dt.date.fromisoformat(days(-315))
    return person(
        ERLAN, "Сейітов", "Ерлан", "Болатұлы", region="ulytau", phone="+77712938461",
        benefits=[
            # The multiples for a work injury are not known (BENEFITS.md §1 row 4, open question
            # §10.1): the general-illness amount of his group is used, recalculated when it changed.
            state_benefit(today_of(days), "disability_benefit",
                          lambda month: "II" if month < group_iii_from else "III", region="Ұлытау облысы",
                          legal_basis=STATE_BENEFIT, valid_from=days(-680), valid_until=days(415), account="2290"),
            injury_insurance(days, group_iii_from),
        ],
        decisions=[
            decision(mse(301), days(-680), "II", "work_injury", onset=onset,
                     valid_from=days(-680), valid_until=days(-315),
                     general_loss=70, professional_loss=80, employer=COPPER_MINE, at_fault=True),
            decision(mse(302), days(-320), "III", "work_injury", onset=onset,
                     valid_from=days(-315), valid_until=days(415),
                     general_loss=40, professional_loss=60, employer=COPPER_MINE, at_fault=True),
        ],
        programmes=[
            programme(irp(301), mse(301), days(-680), days(-315), [
                item(1, "reconstructive_surgery", provided(days(-660), days(-640)),
                     provider="«Жезқазған Медикал» ЖШС", payer="employer"),  # stump revision
                item(2, "prosthetic_orthopaedic", provided(days(-600), days(-560)), quantity=1,
                     provider="«Ортопед-Сервис Қазақстан» ЖШС", payer="employer"),  # leg prosthesis
                item(3, "restorative_therapy", provided(days(-550), days(-530)),
                     provider="«Ұлытау Оңалту» ЖШС", payer="employer"),
            ]),
            programme(irp(302), mse(302), days(-318), days(415), [
                item(1, "prosthetic_orthopaedic", in_progress(days(-40), due=days(30)), quantity=1,
                     provider="«Ортопед-Сервис Қазақстан» ЖШС", payer="employer"),  # replacement
                item(2, "sanatorium", provided(days(-200), days(-179)), provider=SARYAGASH,
                     payer="employer"),
                item(3, "vocational_training", in_progress(days(-90), due=days(120)),
                     provider="Жезқазған политехникалық колледжі"),
                item(4, "job_placement", planned(days(150)),
                     provider="Ұлытау облысының халықты жұмыспен қамту орталығы"),
            ]),
        ],
    )


def injury_insurance(days: Days, lower_degree_from: dt.date) -> dict:
    """The insurer's monthly payment to the miner (BENEFITS.md §1 row 9): his lost earnings times
    his degree of lost professional capacity, 80% and then 60% (his decisions); individual amounts."""
    lost_earnings = 412_000
    start = dt.date.fromisoformat(days(-680))

    def amount_for(month: dt.date) -> tuple[int, str]:
        degree = 80 if month < lower_degree_from else 60
        return lost_earnings * degree // 100, str(degree)

    current = amount_for(today_of(days).replace(day=1))[0]
    return benefit("injury_insurance", legal_basis=INJURY_INSURANCE, assigned_on=days(-665), valid_from=days(-680),
                   valid_until=days(415), monthly_amount=current, assigned_by=INSURER, payer="insurer",
                   paid=payments(months_paid(today_of(days), start, dt.date.fromisoformat(days(415))), amount_for,
                                 "2290", start))


def deaf_woman(days: Days) -> dict:
    # Deaf since childhood (cause from_childhood), group III without a term (indefinite);
    # a sign-language specialist for 60 hours a year and surdo-technical aids.
    # The programme was drawn up again years after the decision.
    return person(
        MOLDIR, "Қасымова", "Мөлдір", "Нұрланқызы", region="almaty", phone="+77078812345",
        decisions=[
            decision(mse(401), days(-900), "III", "from_childhood", onset="1998-05-20",
                     valid_from=days(-900), valid_until=None),
        ],
        programmes=[
            programme(irp(401), mse(401), days(-120), None, [
                item(1, "sign_language", in_progress(days(-100)), hours_per_year=60,
                     provider="«Қазақ саңыраулар қоғамы» ҚБ Алматы филиалы"),
                item(2, "surdo_technical", provided(days(-110), days(-80)), quantity=2,
                     provider="«Есту Әлемі» ЖШС"),  # hearing aids
                item(3, "surdo_technical", planned(days(45)), quantity=1),  # signalling system
                item(4, "job_placement", provided(days(-90), days(-30)),
                     provider="Алматы қаласының халықты жұмыспен қамту орталығы"),
            ]),
        ],
    )


def blind_pensioner(days: Days) -> dict:
    # Blind after glaucoma (general illness): group III first, then group II without a term;
    # typhlo-technical aids; an old programme with an item not provided; Russian.
    onset = days(-1150)
    return person(
        VALENTINA, "Петренко", "Валентина", "Ивановна", region="pavlodar",
        phone="+77055557810", language="ru",
        decisions=[
            decision(mse(501), days(-1100), "III", "general_illness", onset=onset,
                     valid_from=days(-1100), valid_until=days(-735)),
            decision(mse(502), days(-740), "II", "general_illness", onset=onset,
                     valid_from=days(-735), valid_until=None),
        ],
        programmes=[
            programme(irp(501), mse(501), days(-1100), days(-735), [
                item(1, "typhlo_technical", provided(days(-1050), days(-1020)), quantity=1,
                     provider="«Тифлоцентр» ЖШС"),  # white cane
                item(2, "restorative_therapy", not_provided(days(-760), due=days(-800)),
                     provider="Павлодар облыстық көп бейінді ауруханасы"),
            ]),
            programme(irp(502), mse(502), days(-738), None, [
                item(1, "typhlo_technical", provided(days(-600), days(-570)), quantity=1,
                     provider="«Тифлоцентр» ЖШС"),  # talking watch
                item(2, "typhlo_technical", in_progress(days(-30), due=days(30)), quantity=1,
                     provider="«Тифлоцентр» ЖШС"),  # audiobook player
                item(3, "social_skills", provided(days(-500), days(-440)),
                     provider="«Қазақ зағиптар қоғамы» ҚБ Павлодар филиалы"),
                item(4, "home_social_services", in_progress(days(-300)),
                     provider="Павлодар қаласының үйде әлеуметтік қызмет көрсету бөлімшесі"),
                item(5, "legal_help", planned(days(20)),
                     provider="Павлодар облыстық адвокаттар алқасы"),
            ]),
        ],
    )


def wheelchair_user(days: Days) -> dict:
    # Group I after a spinal cord injury in a road accident (general illness), indefinite,
    # needs outside care: wheelchairs, a personal assistant and hygiene aids.
    return person(
        DAULET, "Оспанов", "Дәулет", "Қайратұлы", region="astana", phone="+77772345109",
        # No carer's benefit: he has an individual assistant, and the two exclude each other (Social
        # Code Art. 163 p.2); the carer's benefit is Күләш Сәрсенова's, for her son (group I too).
        benefits=[state_benefit(today_of(days), "disability_benefit", "I", region="Астана қаласы",
                                legal_basis=STATE_BENEFIT, valid_from=days(-500), valid_until=None, account="5562")],
        decisions=[
            decision(mse(601), days(-500), "I", "general_illness", onset=days(-980),
                     valid_from=days(-500), valid_until=None, general_loss=100,
                     outside_care=True, difficulty_moving=True),
        ],
        programmes=[
            programme(irp(601), mse(601), days(-495), None, [
                item(1, "mobility", provided(days(-480), days(-450)), quantity=1,
                     provider="«Мобилити Астана» ЖШС"),  # manual wheelchair
                item(2, "mobility", in_progress(days(-20), due=days(40)), quantity=1,
                     provider="«Мобилити Астана» ЖШС"),  # electric wheelchair
                item(3, "personal_assistant", in_progress(days(-480)),
                     provider="«Қамқорлық Астана» ЖШС"),
                item(4, "hygiene", provided(days(-470), days(-460)), quantity=730,
                     provider="«Медтехника Астана» ЖШС"),  # catheters
                # Late: the department follows it up (the staff programme list, issue #24).
                item(5, "restorative_therapy", planned(days(-45)),
                     provider="Астана қаласының көпбейінді оңалту орталығы"),
            ]),
        ],
    )


def miner_with_occupational_disease(days: Days) -> dict:
    # Occupational disease (vibration disease) with employer-paid items; the employer has since
    # been liquidated, so the state pays from now on; group III whose term ends in 20 days
    # (re-examination due soon); a course not provided.
    return person(
        SERIK, "Байжанов", "Серік", "Төлегенұлы", region="east_kazakhstan",
        phone="+77053047721",
        decisions=[
            decision(mse(701), days(-345), "III", "occupational_disease", onset=days(-1200),
                     valid_from=days(-345), valid_until=days(20), general_loss=50,
                     professional_loss=45, employer=POLYMETAL_PLANT, employer_liquidated=True, at_fault=True),
        ],
        programmes=[
            programme(irp(701), mse(701), days(-340), days(20), [
                item(1, "restorative_therapy", provided(days(-300), days(-286)),
                     provider="«Өскемен Кәсіби Денсаулық» ЖШС", payer="employer"),
                item(2, "sanatorium", provided(days(-250), days(-229)),
                     provider="«Рахман қайнары» санаторийі", payer="employer"),
                item(3, "vocational_training", not_provided(days(-10), due=days(-15)),
                     provider="Өскемен қаласының халықты жұмыспен қамту орталығы"),
            ]),
        ],
    )


def chernobyl_liquidator(days: Days) -> dict:
    # Cause nuclear_accident (work on the consequences of the Chernobyl accident), group II
    # indefinite since years; an item the person pays for himself; Russian.
    return person(
        SERGEY, "Павленко", "Сергей", "Николаевич", region="kostanay", phone="+77014402218",
        language="ru",
        # The multiples for radiation causes are not known (BENEFITS.md §1 row 4, open question
        # §10.1): the general-illness amount of group II is used.
        benefits=[state_benefit(today_of(days), "disability_benefit", "II", region="Қостанай облысы",
                                legal_basis=STATE_BENEFIT, valid_from=days(-2200), valid_until=None, account="0917")],
        decisions=[
            decision(mse(801), days(-2200), "II", "nuclear_accident", onset="1994-03-15",
                     valid_from=days(-2200), valid_until=None),
        ],
        programmes=[
            programme(irp(801), mse(801), days(-150), None, [
                item(1, "sanatorium", provided(days(-120), days(-99)), provider=SARYAGASH),
                item(2, "restorative_therapy", in_progress(days(-14), due=days(16)),
                     provider="«Денсаулық» медициналық орталығы ЖШС", payer="person"),  # massage
                item(3, "prosthetic_orthopaedic", planned(days(60)), quantity=2,
                     provider="Қостанай облысының протездік-ортопедиялық орталығы"),  # shoes
            ]),
        ],
    )


def semipalatinsk_survivor(days: Days) -> dict:
    # Cause ecological_disaster (the Semipalatinsk nuclear test site), group II for two years;
    # social services at home; lives alone; no phone.
    return person(
        GULZHAN, "Ахметова", "Гүлжан", "Қуанышқызы", region="abai", phone=None, lives_alone=True,
        # As for the Chernobyl liquidator: the multiple for the test site's consequences is an open
        # question (BENEFITS.md §10.1), the general-illness amount of group II is used.
        benefits=[state_benefit(today_of(days), "disability_benefit", "II", region="Абай облысы",
                                legal_basis=STATE_BENEFIT, valid_from=days(-200), valid_until=days(530),
                                account="3348")],
        decisions=[
            decision(mse(901), days(-200), "II", "ecological_disaster", onset=days(-560),
                     valid_from=days(-200), valid_until=days(530)),
        ],
        programmes=[
            programme(irp(901), mse(901), days(-195), days(530), [
                item(1, "restorative_therapy", provided(days(-180), days(-166)),
                     provider="Семей қаласының ядролық медицина және онкология орталығы"),
                item(2, "sanatorium", planned(days(100)), provider="«Мойылды» санаторийі"),
                item(3, "home_social_services", in_progress(days(-150)),
                     provider="Семей қаласының үйде әлеуметтік қызмет көрсету бөлімшесі"),
            ]),
        ],
    )


def young_kandas(days: Days) -> dict:
    # A young man with cerebral palsy since childhood, a kandas from Mongolia with no
    # patronymic: the vocational part (orientation, training, job placement) and legal help.
    employment_centre = "Петропавл қаласының халықты жұмыспен қамту орталығы"
    return person(
        AKZHOL, "Серікбай", "Ақжол", None, region="north_kazakhstan", phone="+77086661234",
        decisions=[
            # At 17, under the rules before July 2023: a child aged 16 to 18, with a group.
            decision(mse(1000), "2018-09-10", "III", "child_16_to_18", child_category="16_to_18",
                     onset="2003-01-15", valid_from="2018-09-10", valid_until="2019-07-30"),
            decision(mse(1001), days(-205), "III", "from_childhood", onset="2003-01-15",
                     valid_from=days(-205), valid_until=days(160)),
        ],
        programmes=[
            programme(irp(1001), mse(1001), days(-200), days(160), [
                item(1, "vocational_orientation", provided(days(-190), days(-176)),
                     provider=employment_centre),
                item(2, "vocational_training", in_progress(days(-150), due=days(120)),
                     provider="Петропавл жоғары колледжі"),
                item(3, "job_placement", planned(days(140)), provider=employment_centre),
                item(4, "legal_help", provided(days(-170), days(-160)),
                     provider="Солтүстік Қазақстан облыстық адвокаттар алқасы"),  # kandas papers
            ]),
        ],
    )


def veteran(days: Days) -> dict:
    # A former contract soldier wounded in service. His first decision found the injury not
    # connected with his duties (not_service_related, group III for two years); once the military
    # medical commission established the link, the next one gave service_duty, group II indefinite.
    return person(
        BAKYT, "Әбілов", "Бақыт", "Нұрланұлы", region="zhambyl", phone="+77079992211",
        decisions=[
            decision(mse(1200), days(-830), "III", "not_service_related", onset="2022-08-19",
                     valid_from=days(-830), valid_until=days(-100), general_loss=40),
            decision(mse(1201), days(-100), "II", "service_duty", onset="2022-08-19",
                     valid_from=days(-100), valid_until=None, general_loss=70),
        ],
        programmes=[
            programme(irp(1201), mse(1201), days(-95), None, [
                item(1, "prosthetic_orthopaedic", provided(days(-80), days(-40)), quantity=1,
                     provider="Тараз протездік-ортопедиялық орталығы"),
                item(2, "restorative_therapy", planned(days(45))),
            ]),
        ],
    )


def builder_not_at_fault(days: Days) -> dict:
    # A work injury (a fall from scaffolding) whose investigation found the employer not at fault:
    # the employer is named, and the state pays for his programme; group III for a year.
    return person(
        NURLAN, "Жақыпов", "Нұрлан", "Серікұлы", region="pavlodar", district="Павлодар қаласы", phone="+77182556677",
        decisions=[
            decision(mse(1301), days(-120), "III", "work_injury", onset=days(-200), valid_from=days(-120),
                     valid_until=days(245), general_loss=40, professional_loss=30, employer=BUILDER),
        ],
        programmes=[
            programme(irp(1301), mse(1301), days(-115), days(245), [
                item(1, "restorative_therapy", in_progress(days(-90), due=days(30)),
                     provider="Павлодар облыстық оңалту орталығы"),
                item(2, "sanatorium", planned(days(60))),
            ]),
        ],
    )


def term_ended(days: Days) -> dict:
    # Group III for two years after a stroke; the term ended 20 days ago and she has not been
    # examined again yet. Her decision and programme are shown, and grant nothing until then.
    return person(
        AIGERIM, "Тоқтарова", "Әйгерім", "Маратқызы", region="almaty", district="Бостандық ауданы",
        phone="+77015553322",
        # Her benefit is suspended the day after the term ended without a re-examination (Order
        # No. 257 grounds, BENEFITS.md §10.2); it resumes once she is examined again.
        benefits=[state_benefit(today_of(days), "disability_benefit", "III", region="Алматы қаласы",
                                legal_basis=STATE_BENEFIT, valid_from=days(-750), valid_until=days(-20),
                                account="6605", suspended=("missed_reexamination", days(-19)))],
        decisions=[
            decision(mse(1101), days(-750), "III", "general_illness", onset=days(-790),
                     valid_from=days(-750), valid_until=days(-20), general_loss=40),
        ],
        programmes=[
            programme(irp(1101), mse(1101), days(-745), days(-20), [
                item(1, "restorative_therapy", provided(days(-700), days(-680)),
                     provider="Алматы қалалық оңалту орталығы"),
                item(2, "sanatorium", planned(days(-60))),
            ]),
        ],
    )


def guardian_mother(days: Days) -> dict:
    # No disability and no decisions: the guardian a court appointed for her adult son (next).
    # She cares for him and receives the carer's benefit (Social Code Art. 187), hence his
    # carer_allowance_paid; it was extended to carers of adults disabled since childhood in 2018
    # (BENEFITS.md §3). Its 1.61 ПМ is inferred (BENEFITS.md §3, open question §10.1).
    return person(KULASH, "Сәрсенова", "Күләш", "Омарқызы", region="shymkent", phone="+77252554411",
                  benefits=[state_benefit(today_of(days), "carer_benefit", "carer", region="Шымкент қаласы",
                                          legal_basis=CARER_BENEFIT, assigned_on="2018-03-14",
                                          valid_from="2018-03-01", valid_until=None, account="8841",
                                          for_person=YERZHAN)])


def adult_under_guardianship(days: Days) -> dict:
    # An intellectual disability from birth: group I without a term (from_childhood), care from
    # another person; at 18 a court declared him incapable and appointed his mother guardian, so
    # she acts for him in everything with no age limit (issue #22, rule 9). No phone of his own.
    return person(
        YERZHAN, "Сәрсенов", "Ержан", "Асқарұлы", region="shymkent", phone=None,
        representative=KULASH, guardianship=("2-3187/2013", "2013-05-14"), carer_allowance=True,
        # Assigned at 18, and paid into his guardian's account.
        benefits=[state_benefit(today_of(days), "disability_benefit", "from_childhood_I", region="Шымкент қаласы",
                                legal_basis=STATE_BENEFIT, assigned_on="2012-09-25", valid_from="2012-09-12",
                                valid_until=None, account="8841")],
        decisions=[
            decision(mse(1401), days(-400), "I", "from_childhood", onset="1994-09-12",
                     valid_from=days(-400), valid_until=None, outside_care=True),
        ],
        programmes=[
            programme(irp(1401), mse(1401), days(-395), None, [
                item(1, "social_skills", in_progress(days(-200), due=days(60)),
                     provider="Шымкент қалалық оңалту орталығы"),
                item(2, "home_social_services", in_progress(days(-380)),
                     provider="Шымкент қаласының үйде әлеуметтік қызмет көрсету бөлімшесі"),
                item(3, "sanatorium", planned(days(150))),
            ]),
        ],
    )


PERSONAS = (
    mother_of_young_child,
    young_child,
    mother_of_schoolboy,
    schoolboy,
    miner_with_work_injury,
    deaf_woman,
    blind_pensioner,
    wheelchair_user,
    miner_with_occupational_disease,
    chernobyl_liquidator,
    semipalatinsk_survivor,
    young_kandas,
    veteran,
    builder_not_at_fault,
    term_ended,
    guardian_mother,
    adult_under_guardianship,
)


def demo_people(today: dt.date) -> list[dict]:
    """The demo personas as import records (the registry importer's JSON Lines format), dates relative to today."""

    def days(n: int) -> str:
        return (today + dt.timedelta(days=n)).isoformat()

    return [persona(days) for persona in PERSONAS]
