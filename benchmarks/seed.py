"""Synthetic persons at national scale for the performance benchmark, written with COPY.

    python -m benchmarks.seed --database-url postgresql://postgres@127.0.0.1:5432/DB --persons 1000000 [--start 0]

The schema and the demo must be there first (`flask db upgrade`, `flask demo load`). Person number n
is always the same person, however the numbers are split between runs: its IIN, its row ids and the
time of its interpreter booking are computed from n, and everything else comes from a random stream
seeded by n's block of BLOCK_SIZE persons. So seeding 0–999 and then 1000–999 999 writes the same
database as seeding 0–999 999 at once; seeding a number twice is refused by the primary keys.

Each person gets a decision and a programme of three items; one in five a past service request; one in
ten is deaf, with a sign-language item and a past interpreter booking with the benchmark's own
interpreters, whose half hours never collide. The rows obey the importer's rules and every constraint
of the models: the database checks the CHECK and UNIQUE constraints row by row, and the foreign keys of
each chunk before committing it.

Speed: a million persons are seven million rows, on a small machine, so every CPU is kept busy: one
worker per CPU generates a chunk of persons and copies it in its own transaction, checking the chunk's
foreign keys in one query each rather than row by row (as a superuser; see start_worker). Dates are day
numbers and values are written as text, because making and dumping datetime objects cost more than the
rest of the work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
import uuid
from bisect import bisect_right
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

import psycopg

from portal import vocabulary as v
from portal.auth.passwords import hash_password
from portal.demo import benefits
from portal.demo.staff import DEMO_STAFF_PASSWORD
from portal.iin import check_digit
from portal.registry.rules import RegistryRules
from portal.requests.kinds import AIDS, OPEN_ITEM_STATUSES

# A deaf person's programme gives the configured default (portal/registry/rules.py).
SIGN_LANGUAGE_HOURS = RegistryRules().sign_language_hours_default

# Row ids are computed from the person number, so no run needs to ask the database for them: person n's k-th
# row of a table has the id ID_BASE + spacing * n + k, far above the demo's and the portal's own rows.
ID_BASE = 100_000_000
BENEFIT_MONTHS = 12  # payments of a benefit: the months the payments page shows (issue #25)
ID_SPACING = {"person": 1, "mse_decision": 1, "rehabilitation_programme": 1, "programme_item": 3,
              "service_request": 1, "request_event": 4, "booking": 1, "interpreter_slot": 4,
              "benefit": 1, "benefit_payment": BENEFIT_MONTHS}
CHUNK_SIZE = 25_000  # persons per transaction
BLOCK_SIZE = 1_000  # persons per random stream: seeding a stream costs 13 µs, too much for every person

# Which tables are filled and with which columns, parents first.
COLUMNS = {
    "person": ("id", "iin", "surname", "given_name", "patronymic", "birth_date", "sex", "region", "district",
               "phone", "preferred_language", "carer_allowance_paid", "updated_at"),
    "mse_decision": ("id", "number", "person_id", "decision_date", "disability_group", "child_category", "cause",
                     "onset_date", "valid_from", "valid_until", "reexamination_date", "general_capacity_loss",
                     "professional_capacity_loss", "needs_outside_care", "difficulty_moving", "employer_name",
                     "employer_liquidated", "employer_at_fault"),
    "rehabilitation_programme": ("id", "number", "person_id", "decision_id", "drawn_up_on", "valid_until"),
    "programme_item": ("id", "programme_id", "line", "kind", "quantity", "hours_per_year", "status", "due_date",
                       "started_on", "completed_on", "provider", "payer", "region", "district", "newest"),
    "service_request": ("id", "reference", "submission_id", "person_iin", "submitted_by_iin", "region", "kind",
                        "answers", "status", "submitted_at", "updated_at"),
    "request_event": ("id", "request_id", "at", "status", "message", "actor_iin", "staff_id"),
    "booking": ("id", "reference", "person_iin", "booked_by_iin", "region", "interpreter_id", "mode", "purpose",
                "address", "starts_at", "minutes", "status", "reason", "video_link", "created_at"),
    "interpreter_slot": ("id", "interpreter_id", "starts_at", "booking_id"),
    "interpreter_quota": ("person_iin", "year", "granted_minutes", "charged_minutes"),
    "benefit": ("id", "person_id", "kind", "legal_basis", "assigned_on", "valid_from", "valid_until", "monthly_amount",
                "status", "status_reason", "status_since", "assigned_by", "payer", "for_person_id"),
    "benefit_payment": ("id", "benefit_id", "month", "amount", "paid_on", "account_last4", "change_note",
                        "previous_amount"),
}


@dataclass(frozen=True)
class SeedReport:
    persons: int
    rows: int  # over all tables
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (f"seeded {self.persons:,} persons: {self.rows:,} rows in {self.seconds:.1f} s"
                f" ({self.rows_per_second:,.0f} rows/s)")


def row_id(table: str, n: int, k: int = 0) -> int:
    return ID_BASE + ID_SPACING[table] * n + k


# Days and draws ---------------------------------------------------------------------------------

# Dates are day numbers (date.toordinal) and become text through a table; "no date" stays None.
ISO = {day: dt.date.fromordinal(day).isoformat()
       for day in range(dt.date(1936, 1, 1).toordinal(), dt.date(2046, 1, 1).toordinal())} | {None: None}
# The synthetic "today": fixed rather than the day of the run, so that a run next month writes the same persons.
ANCHOR = dt.date(2026, 11, 1).toordinal()
SECONDS_A_DAY = 86_400


def timestamp(seconds: int) -> str:
    """An aware UTC time as PostgreSQL reads it, from seconds since the start of day number 0."""
    day, second = divmod(seconds, SECONDS_A_DAY)
    return f"{ISO[day]} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}+00"


def anniversary(day: int, years: int) -> int:
    """The same day `years` later; 29 February falls on 1 March, as for coming of age."""
    date = dt.date.fromordinal(day)
    try:
        return date.replace(year=date.year + years).toordinal()
    except ValueError:
        return dt.date(date.year + years, 3, 1).toordinal()


class Weights(NamedTuple):
    values: list
    cumulative: list


def weights(table: dict) -> Weights:
    return Weights(list(table), list(accumulate(table.values())))


class Dice(random.Random):
    """random.Random with quicker draws: randint and choices take a microsecond each here, and a million
    persons make thirty million draws."""

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick(self, values):
        return values[int(self.random() * len(values))]

    def weighted(self, table: Weights):
        return table.values[bisect_right(table.cumulative, self.random() * table.cumulative[-1])]

    def chance(self, probability: float) -> bool:
        return self.random() < probability


# Who the persons are ----------------------------------------------------------------------------

# Birth dates, serials and sex are a one-to-one function of the person number, so IINs never collide:
# each round of BIRTH_DAYS persons takes every birth date once, in an order scattered by the stride
# (coprime with BIRTH_DAYS), and the round gives the sex and the serial. Serials are even and below 400:
# the demo personas use 417 and up; an even serial with no check digit gives way to the odd one after it,
# as in make_iin, which nobody else has (the last serial digit weighs 11 ≡ 0 in the first sum, 2 in the second).
BIRTH_FIRST = dt.date(1936, 1, 1).toordinal()
BIRTH_DAYS = dt.date(2024, 12, 31).toordinal() - BIRTH_FIRST + 1
BIRTH_STRIDE = 7919
SERIALS = 200
CAPACITY = BIRTH_DAYS * 2 * SERIALS  # 13 million persons
CENTURY_DIGITS = {("19", "male"): "3", ("19", "female"): "4", ("20", "male"): "5", ("20", "female"): "6"}
# The first seven digits of an IIN, by birth day and sex: YYMMDD and the century-and-sex digit.
IIN_DATES = {(day, sex): dt.date.fromordinal(day).strftime("%y%m%d") + CENTURY_DIGITS[ISO[day][:2], sex]
             for day in range(BIRTH_FIRST, BIRTH_FIRST + BIRTH_DAYS) for sex in ("male", "female")}

# Population in hundreds of thousands (2024, rounded): persons and interpreters are spread in proportion.
REGION_POPULATION = {
    "abai": 6, "akmola": 8, "aktobe": 9, "almaty_region": 15, "atyrau": 7, "west_kazakhstan": 7, "zhambyl": 12,
    "zhetisu": 7, "karaganda": 11, "kostanay": 8, "kyzylorda": 8, "mangystau": 8, "pavlodar": 7,
    "north_kazakhstan": 5, "turkistan": 21, "ulytau": 2, "east_kazakhstan": 7, "astana": 15, "almaty": 23,
    "shymkent": 12,
}
REGIONS = weights(REGION_POPULATION)
# Districts and cities of regional significance of each region, as the registry writes them: the staff
# programme list filters by them (issue #24). Person n lives in the n-th, round the list.
DISTRICTS = {
    "abai": ["Семей қаласы", "Аягөз ауданы", "Бородулиха ауданы"],
    "akmola": ["Көкшетау қаласы", "Степногор қаласы", "Целиноград ауданы"],
    "aktobe": ["Ақтөбе қаласы", "Хромтау ауданы", "Мұғалжар ауданы"],
    "almaty_region": ["Қонаев қаласы", "Қарасай ауданы", "Талғар ауданы", "Еңбекшіқазақ ауданы"],
    "atyrau": ["Атырау қаласы", "Жылыой ауданы", "Мақат ауданы"],
    "west_kazakhstan": ["Орал қаласы", "Бөрлі ауданы", "Теректі ауданы"],
    "zhambyl": ["Тараз қаласы", "Шу ауданы", "Жамбыл ауданы"],
    "zhetisu": ["Талдықорған қаласы", "Текелі қаласы", "Қаратал ауданы"],
    "karaganda": ["Қарағанды қаласы", "Теміртау қаласы", "Бұқар жырау ауданы"],
    "kostanay": ["Қостанай қаласы", "Рудный қаласы", "Қостанай ауданы"],
    "kyzylorda": ["Қызылорда қаласы", "Арал ауданы", "Қазалы ауданы"],
    "mangystau": ["Ақтау қаласы", "Жаңаөзен қаласы", "Маңғыстау ауданы"],
    "pavlodar": ["Павлодар қаласы", "Екібастұз қаласы", "Ақсу қаласы"],
    "north_kazakhstan": ["Петропавл қаласы", "Айыртау ауданы", "Есіл ауданы"],
    "turkistan": ["Түркістан қаласы", "Кентау қаласы", "Сайрам ауданы", "Сарыағаш ауданы"],
    "ulytau": ["Жезқазған қаласы", "Сәтбаев қаласы", "Ұлытау ауданы"],
    "east_kazakhstan": ["Өскемен қаласы", "Риддер қаласы", "Алтай ауданы"],
    "astana": ["Алматы ауданы", "Есіл ауданы", "Сарыарқа ауданы", "Байқоңыр ауданы", "Нұра ауданы"],
    "almaty": ["Алмалы ауданы", "Бостандық ауданы", "Әуезов ауданы", "Медеу ауданы", "Алатау ауданы"],
    "shymkent": ["Әл-Фараби ауданы", "Абай ауданы", "Еңбекші ауданы", "Қаратау ауданы"],
}

KAZAKH_SURNAMES = [("Жұмабаев", "Жұмабаева"), ("Сейітов", "Сейітова"), ("Қасымов", "Қасымова"),
                   ("Оспанов", "Оспанова"), ("Байжанов", "Байжанова"), ("Ахметов", "Ахметова"),
                   ("Нұрланов", "Нұрланова"), ("Тоқтаров", "Тоқтарова"), ("Сәрсенбаев", "Сәрсенбаева"),
                   ("Омаров", "Омарова"), ("Бекмұхамедов", "Бекмұхамедова"), ("Серікбай", "Серікбай"),
                   ("Әбдірахманов", "Әбдірахманова"), ("Құдайбергенов", "Құдайбергенова")]
KAZAKH_NAMES = {"male": ["Ерлан", "Нұрлан", "Асхат", "Дәулет", "Серік", "Ержан", "Бауыржан", "Айдос", "Арман",
                         "Қайрат", "Мұрат", "Жандос", "Ақжол", "Әлихан", "Нұрислам", "Талғат"],
                "female": ["Әлия", "Айгерім", "Мөлдір", "Гүлжан", "Динара", "Сәуле", "Жанар", "Ақмарал", "Аружан",
                           "Айжан", "Гүлнара", "Құралай", "Маржан", "Назерке", "Раушан", "Жазира"]}
KAZAKH_PATRONYMIC_ENDINGS = {"male": "ұлы", "female": "қызы"}
RUSSIAN_SURNAMES = [("Иванов", "Иванова"), ("Петренко", "Петренко"), ("Ковальчук", "Ковальчук"), ("Ким", "Ким"),
                    ("Шевченко", "Шевченко"), ("Мельник", "Мельник"), ("Смирнов", "Смирнова"),
                    ("Кузнецов", "Кузнецова"), ("Попов", "Попова"), ("Павленко", "Павленко"),
                    ("Волков", "Волкова"), ("Пак", "Пак")]
RUSSIAN_NAMES = {"male": ["Сергей", "Андрей", "Дмитрий", "Александр", "Владимир", "Николай", "Игорь", "Виктор",
                          "Алексей", "Михаил", "Артём", "Евгений"],
                 "female": ["Ирина", "Ольга", "Елена", "Валентина", "Наталья", "Татьяна", "Светлана", "Людмила",
                            "Анна", "Марина", "Екатерина", "Юлия"]}
RUSSIAN_PATRONYMICS = [("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"), ("Викторович", "Викторовна"),
                       ("Николаевич", "Николаевна"), ("Иванович", "Ивановна"), ("Петрович", "Петровна"),
                       ("Александрович", "Александровна"), ("Владимирович", "Владимировна")]
MOBILE_CODES = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]


def identity(n: int) -> tuple[str, int, str]:
    """IIN, birth day and sex of person n."""
    round_, offset = divmod(n, BIRTH_DAYS)
    birth = BIRTH_FIRST + offset * BIRTH_STRIDE % BIRTH_DAYS
    sex = "male" if round_ % 2 == 0 else "female"
    serial = 2 * (round_ // 2)
    while True:
        first = f"{IIN_DATES[birth, sex]}{serial:04d}"
        check = check_digit(first)
        if check is not None:
            return f"{first}{check}", birth, sex
        serial += 1


def names(dice: Dice, sex: str) -> tuple[str, str, str | None, str]:
    """Surname, given name, patronymic (none for some kandas) and preferred language."""
    female = sex == "female"
    if dice.chance(0.7):
        surname, given = dice.pick(KAZAKH_SURNAMES)[female], dice.pick(KAZAKH_NAMES[sex])
        patronymic = dice.pick(KAZAKH_NAMES["male"]) + KAZAKH_PATRONYMIC_ENDINGS[sex]
        language = "kk" if dice.chance(0.85) else "ru"
    else:
        surname, given = dice.pick(RUSSIAN_SURNAMES)[female], dice.pick(RUSSIAN_NAMES[sex])
        patronymic, language = dice.pick(RUSSIAN_PATRONYMICS)[female], "ru"
    return surname, given, None if dice.chance(0.03) else patronymic, language


def mobile(dice: Dice) -> str:
    """A mobile number as the importer and the phone form accept it."""
    return f"+7{dice.pick(MOBILE_CODES)}{dice.between(0, 9_999_999):07d}"


# The decision and the programme --------------------------------------------------------------------

class Decision(NamedTuple):
    decided: int
    valid_until: int | None
    child: bool
    employer_pays: bool  # a work injury or occupational disease whose employer still exists
    group: str | None = None


ADULT_CAUSES = weights({"general_illness": 60, "from_childhood": 15, "work_injury": 7, "occupational_disease": 5,
                        "service_duty": 3, "nuclear_accident": 1, "not_service_related": 1, "ecological_disaster": 8})
GROUPS = weights({"I": 15, "II": 40, "III": 45})
CAPACITY_LOSS = {"I": (80, 100), "II": (60, 79), "III": (30, 59)}  # % of general working capacity, by group
TERMS = weights({1: 50, 2: 20, None: 30})  # years; None: without a term
EMPLOYERS = ["«Жезқазған мыс кені» ЖШС", "«Алтай полиметалл» АҚ", "«Қарағанды көмір» АҚ", "«Павлодар алюминий» АҚ",
             "«Атырау мұнай сервис» ЖШС", "«Ақтөбе хром» АҚ"]


def add_decision(rows: dict, n: int, dice: Dice, birth: int, latest: int, deaf: bool) -> Decision:
    """The person's decision, made within its term before `latest`, obeying Order No. 260 by age."""
    term = None if deaf else dice.weighted(TERMS)
    decided = max(latest - dice.between(10, 365 * (term or 10)), birth + 60)
    group = general_loss = professional_loss = employer = None
    if decided < anniversary(birth, 18):
        if decided < anniversary(birth, 7):
            category, cause, valid_until = "under_7", "child_under_7", anniversary(birth, 7)
        else:
            category, cause, valid_until = "7_to_18", "child_7_to_18", anniversary(birth, 18)
            group = dice.weighted(GROUPS)
    else:
        category, valid_until = None, decided + 365 * term if term else None
        cause = "from_childhood" if deaf else dice.weighted(ADULT_CAUSES)
        group = "III" if deaf else dice.weighted(GROUPS)
        general_loss = dice.between(*CAPACITY_LOSS[group])
        if cause in v.EMPLOYER_LIABLE_CAUSES:
            professional_loss, employer = dice.between(30, 90), dice.pick(EMPLOYERS)
    liquidated = employer is not None and dice.chance(0.1)
    rows["mse_decision"].append((
        row_id("mse_decision", n), f"MSE-B-{n:09d}", row_id("person", n), ISO[decided], group, category, cause,
        ISO[onset_day(dice, birth, decided, cause)], ISO[decided], ISO[valid_until], ISO[valid_until], general_loss,
        professional_loss, group == "I" and dice.chance(0.7), dice.chance(0.2), employer, liquidated,
        employer is not None,  # the employers the seed names are the ones at fault
    ))
    return Decision(decided, valid_until, category is not None, employer is not None and not liquidated, group)


def onset_day(dice: Dice, birth: int, decided: int, cause: str) -> int:
    """When the disability began: before 18 for one "since childhood", within five years of the decision otherwise."""
    if cause == "from_childhood":
        return birth + dice.between(0, min(decided - birth, 17 * 365))
    return decided - dice.between(0, min(decided - birth, 5 * 365))


# Programme items: kinds a child is never given, the aids counted in pieces, and who provides each kind.
ADULT_ONLY_KINDS = {"vocational_orientation", "vocational_training", "job_placement"}
ADULT_KINDS = [kind for kind in v.IRP_ITEM_KINDS if kind != "sign_language"]
CHILD_KINDS = [kind for kind in ADULT_KINDS if kind not in ADULT_ONLY_KINDS]
DEAF_THIRD_KINDS = [kind for kind in CHILD_KINDS if kind != "surdo_technical"]
QUANTITIES = {"prosthetic_orthopaedic": (1, 2), "surdo_technical": (1, 2), "typhlo_technical": (1, 3),
              "mobility": (1, 1), "hygiene": (365, 1095)}
PROVIDERS = {
    "restorative_therapy": "Облыстық көпбейінді оңалту орталығы",
    "reconstructive_surgery": "Облыстық көпбейінді аурухана",
    "prosthetic_orthopaedic": "Протездік-ортопедиялық орталық",
    "sanatorium": "«Сарыағаш» санаторийі",
    "surdo_technical": "«Есту Әлемі» ЖШС",
    "typhlo_technical": "«Тифлоцентр» ЖШС",
    "hygiene": "«Гигиена-Сервис» ЖШС",
    "mobility": "«Мобилити» ЖШС",
    "personal_assistant": "«Қамқорлық» ЖШС",
    "sign_language": "«Қазақ саңыраулар қоғамы» ҚБ",
    "social_skills": "Мүгедектігі бар адамдарды оңалту орталығы",
    "legal_help": "Облыстық адвокаттар алқасы",
    "home_social_services": "Үйде әлеуметтік қызмет көрсету бөлімшесі",
    "vocational_orientation": "Халықты жұмыспен қамту орталығы",
    "vocational_training": "Политехникалық колледж",
    "job_placement": "Халықты жұмыспен қамту орталығы",
}
# An item's status by whether its due date has passed.
OVERDUE_STATUSES = weights({"provided": 60, "not_provided": 10, "in_progress": 20, "planned": 10})
COMING_STATUSES = weights({"planned": 50, "in_progress": 40, "provided": 10})


class Item(NamedTuple):
    line: int
    kind: str
    status: str


def add_programme(rows: dict, n: int, dice: Dice, decision: Decision, deaf: bool,
                  place: tuple[str, str]) -> tuple[int, list[Item]]:
    """The programme drawn up after the decision, with three items; return the day it was drawn up, and its items.
    `place` is the person's region and district, which the items copy (the importer's refresh_item_copies)."""
    drawn_up = decision.decided + dice.between(0, 10)
    rows["rehabilitation_programme"].append(
        (row_id("rehabilitation_programme", n), f"IRP-B-{n:09d}", row_id("person", n), row_id("mse_decision", n),
         ISO[drawn_up], ISO[decision.valid_until]))
    if deaf:
        kinds = ["sign_language", "surdo_technical", dice.pick(DEAF_THIRD_KINDS)]
    else:
        kinds = dice.sample(CHILD_KINDS if decision.child else ADULT_KINDS, 3)
    items = []
    for line, kind in enumerate(kinds, start=1):
        status = add_item(rows, row_id("programme_item", n, line - 1), row_id("rehabilitation_programme", n), line,
                          kind, dice, drawn_up, decision, place)
        items.append(Item(line, kind, status))
    return drawn_up, items


def add_item(rows: dict, item_id: int, programme_id: int, line: int, kind: str, dice: Dice, drawn_up: int,
             decision: Decision, place: tuple[str, str]) -> str:
    """One item with the dates its status requires (the importer's rules); return its status."""
    if kind == "sign_language":  # the entitlement to interpreter hours runs for as long as the programme
        status, due, started, completed = "in_progress", None, drawn_up + dice.between(1, 7), None
    else:
        status, due, started, completed = item_days(dice, drawn_up)
    quantity = dice.between(*QUANTITIES[kind]) if kind in QUANTITIES else None
    hours = SIGN_LANGUAGE_HOURS if kind == "sign_language" else None
    payer = "employer" if decision.employer_pays and v.irp_part(kind) == "medical" else "state"
    rows["programme_item"].append((item_id, programme_id, line, kind, quantity, hours, status, ISO[due], ISO[started],
                                   ISO[completed], PROVIDERS[kind], payer, *place, True))  # a person's one programme
    return status


def item_days(dice: Dice, drawn_up: int) -> tuple[str, int, int | None, int | None]:
    """Status, due, started and completed days, none of them after ANCHOR but the coming due dates."""
    due = drawn_up + dice.between(30, 365)
    status = dice.weighted(OVERDUE_STATUSES if due <= ANCHOR else COMING_STATUSES)
    if status == "planned":
        return status, due, None, None
    if status == "not_provided":
        return status, due, None, due
    started = drawn_up + dice.between(1, ANCHOR - drawn_up)
    if status == "in_progress":
        return status, due, started, None
    return status, due, started, started + dice.between(0, min(60, ANCHOR - started))


# Service requests -----------------------------------------------------------------------------------

# The statuses a request went through to reach its status (portal/requests/services.py's transitions).
REQUEST_PATHS = {
    "submitted": ("submitted",),
    "in_review": ("submitted", "in_review"),
    "more_info_needed": ("submitted", "in_review", "more_info_needed"),
    "approved": ("submitted", "in_review", "approved"),
    "rejected": ("submitted", "in_review", "rejected"),
    "provided": ("submitted", "in_review", "approved", "provided"),
    "cancelled": ("submitted", "cancelled"),
}
REQUEST_STATUSES = weights({"submitted": 10, "in_review": 10, "more_info_needed": 5, "approved": 10, "rejected": 15,
                            "provided": 40, "cancelled": 10})
BY_THE_PERSON = {"submitted", "cancelled"}
# What staff wrote to the person, in the person's language, where the status needs a message.
STAFF_MESSAGES = {
    ("more_info_needed", "kk"): "Дәрігердің соңғы қорытындысының көшірмесін жіберіңіз.",
    ("more_info_needed", "ru"): "Пришлите, пожалуйста, копию последнего заключения врача.",
    ("rejected", "kk"): "Бағдарламаңызда бұл қызмет жоқ.",
    ("rejected", "ru"): "Этой услуги нет в вашей программе.",
}
SEASONS = ["spring", "summer", "autumn", "winter"]


class Person(NamedTuple):
    iin: str
    region: str
    language: str


def request_answers(dice: Dice, items: list[Item]) -> tuple[str, dict]:
    """A kind the person could ask for with their programme, and answers as the forms store them."""
    choices = [("contact_details", {"phone": mobile(dice)})]
    for item in items:
        if item.kind in AIDS and item.status in OPEN_ITEM_STATUSES:
            choices.append(("technical_aid", {"item": str(item.line), "note": ""}))
        elif item.kind == "prosthetic_orthopaedic" and item.status in OPEN_ITEM_STATUSES:
            choices.append(("prosthetic", {"item": str(item.line), "note": ""}))
        elif item.kind == "sanatorium":
            choices.append(("sanatorium", {"season": dice.pick(SEASONS), "note": ""}))
    return dice.pick(choices)


def add_request(rows: dict, n: int, dice: Dice, person: Person, drawn_up: int, items: list[Item],
                officers: dict[str, int]) -> None:
    """A request sent after the programme was drawn up, with one event for each status it went through."""
    kind, answers = request_answers(dice, items)
    status = dice.weighted(REQUEST_STATUSES)
    # Sent in working hours, Kazakhstan time (03:00–13:00 UTC).
    at = submitted_at = (drawn_up + dice.between(1, ANCHOR - drawn_up)) * SECONDS_A_DAY + 3 * 3600 + dice.between(
        0, 36_000)
    request_id = row_id("service_request", n)
    for step, event_status in enumerate(REQUEST_PATHS[status]):
        if step:
            at += dice.between(2, 120) * 3600
        by_person = event_status in BY_THE_PERSON
        rows["request_event"].append((
            row_id("request_event", n, step), request_id, timestamp(at), event_status,
            STAFF_MESSAGES.get((event_status, person.language)), person.iin if by_person else None,
            None if by_person else officers.get(person.region),
        ))
    sent = timestamp(submitted_at)
    rows["service_request"].append((
        request_id, f"KZ-{sent[:4]}-{request_id:06d}", str(uuid.UUID(int=dice.getrandbits(128), version=4)),
        person.iin, person.iin, person.region, kind, json.dumps(answers, ensure_ascii=False), status, sent,
        timestamp(at),
    ))


# Interpreter bookings ------------------------------------------------------------------------------

DEAF_EVERY = 10  # person n is deaf when n % DEAF_EVERY == DEAF_REMAINDER: n // DEAF_EVERY numbers the bookings
DEAF_REMAINDER = 7
# Each interpreter's working day (9:00–18:00, Monday to Friday) holds four windows of up to two hours; booking
# number b takes interpreter b % len(seats) in window b // len(seats), counted back over working days from
# ANCHOR, so no two bookings hold the same half hour of an interpreter.
WINDOWS = (9 * 60, 11 * 60, 13 * 60, 15 * 60)  # minutes after midnight
BOOKING_MINUTES = [30, 60, 60, 90, 120]
BOOKING_STATUSES = weights({"completed": 75, "no_show": 5, "cancelled": 10, "late_cancelled": 5, "no_interpreter": 5})
HOLDS_SLOTS = {"completed", "no_show"}  # cancelling or declining releases the half hours
CHARGED = {"completed", "no_show", "late_cancelled"}  # the others gave the minutes back
ACCEPTED = {"completed", "no_show", "late_cancelled"}  # an interpreter accepted: a video booking got its room
PURPOSES = list(v.BOOKING_PURPOSES)
STREETS = ["Абай даңғылы", "Достық даңғылы", "Төле би көшесі", "Сейфуллин көшесі", "Республика даңғылы",
           "Назарбаев даңғылы", "Құнаев көшесі", "Жамбыл көшесі"]
NO_INTERPRETER = {"kk": "Бұл уақытта барлық аудармашылар бос емес.", "ru": "В это время все переводчики заняты."}
KAZAKHSTAN_OFFSET = 5 * 3600  # bookings keep Kazakhstan wall-clock time, UTC+5
# The Friday of the week before ANCHOR's, where the bookings start counting back.
LAST_FRIDAY = ANCHOR - dt.date.fromordinal(ANCHOR).weekday() - 3


class Seat(NamedTuple):
    interpreter_id: int
    region: str


def booking_slot(n: int, seats: list[Seat]) -> tuple[Seat, int, int]:
    """The interpreter, day and minute of the day of deaf person n's booking."""
    booking, seat = divmod(n // DEAF_EVERY, len(seats))
    day, window = divmod(booking, len(WINDOWS))
    weeks, weekday = divmod(day, 5)
    return seats[seat], LAST_FRIDAY - 7 * weeks - weekday, WINDOWS[window]


def local_time(day: int, minute: int) -> str:
    return f"{ISO[day]} {minute // 60:02d}:{minute % 60:02d}:00"


def add_booking(rows: dict, n: int, dice: Dice, person: Person, seat: Seat, day: int, minute: int) -> None:
    """A past booking with its held half hours and the year's quota, as the booking pages leave them."""
    booking_id, minutes = row_id("booking", n), dice.pick(BOOKING_MINUTES)
    status = dice.weighted(BOOKING_STATUSES)
    mode = "in_person" if dice.chance(0.7) else "video"
    address = f"{dice.pick(STREETS)}, {dice.between(1, 200)}" if mode == "in_person" else None
    video_link = (f"https://video.qoljetimdi.example/{dice.getrandbits(64):016x}"
                  if mode == "video" and status in ACCEPTED else None)
    created_at = (day - dice.between(2, 14)) * SECONDS_A_DAY + minute * 60 - KAZAKHSTAN_OFFSET
    year, declined = ISO[day][:4], status == "no_interpreter"
    rows["booking"].append((
        booking_id, f"SL-{year}-{booking_id:06d}", person.iin, person.iin, person.region,
        None if declined else seat.interpreter_id, mode, dice.pick(PURPOSES), address, local_time(day, minute), minutes,
        status, NO_INTERPRETER[person.language] if declined else None, video_link, timestamp(created_at),
    ))
    if status in HOLDS_SLOTS:
        for half_hour in range(minutes // 30):
            rows["interpreter_slot"].append((row_id("interpreter_slot", n, half_hour), seat.interpreter_id,
                                             local_time(day, minute + 30 * half_hour), booking_id))
    rows["interpreter_quota"].append((person.iin, int(year), SIGN_LANGUAGE_HOURS * 60,
                                      minutes if status in CHARGED else 0))


# One person -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """What the persons refer to in the database: the benchmark's interpreters and each region's officer."""

    seats: list[Seat]
    officers: dict[str, int]


# Benefits (issue #25): three persons in four whose decision is in force at ANCHOR receive the state
# social disability benefit (about 546 of 743 thousand, BENEFITS.md §2.2 and [B42]), with its last
# BENEFIT_MONTHS payments before ANCHOR, indexed in January. Chosen by n, so the random stream and
# every other row stay as they were. Amounts are the demo's (portal/demo/benefits.py): by group, a
# child under 7's for a child without one.
BENEFIT_WITHOUT_EVERY = 4
BENEFIT_PAY_DAY = 10
ANCHOR_MONTH = dt.date.fromordinal(ANCHOR).replace(day=1)
ASSIGNED_BY = "Әлеуметтік қорғау саласындағы реттеу және бақылау комитетінің өңірлік департаменті"


def month_before(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def add_benefit(rows: dict, n: int, decision: Decision) -> None:
    if n % BENEFIT_WITHOUT_EVERY == BENEFIT_WITHOUT_EVERY - 1 or not (
            decision.valid_until is None or decision.valid_until >= ANCHOR):
        return
    category = decision.group or "child_under_7"
    first = dt.date.fromordinal(decision.decided).replace(day=1)
    months = [m for m in (month_before(ANCHOR_MONTH, k) for k in range(1, BENEFIT_MONTHS + 1)) if m >= first]
    benefit_id = row_id("benefit", n)
    rows["benefit"].append((
        benefit_id, row_id("person", n), "disability_benefit", "Social Code Art. 177", ISO[decision.decided + 7],
        ISO[decision.decided], ISO[decision.valid_until], benefits.amount(category, ANCHOR_MONTH), "assigned", None,
        None, ASSIGNED_BY, "state_corporation", None,
    ))
    account = f"{n % 10_000:04d}"
    for k, month in enumerate(months):
        amount, before = benefits.amount(category, month), benefits.amount(category, month_before(month, 1))
        indexed = amount != before and month > first
        rows["benefit_payment"].append((
            row_id("benefit_payment", n, k), benefit_id, month.isoformat(), amount,
            month.replace(day=BENEFIT_PAY_DAY).isoformat(), account, "indexation" if indexed else None,
            before if indexed else None,
        ))


def add_person(rows: dict, n: int, dice: Dice, setting: Setting) -> None:
    iin, birth, sex = identity(n)
    deaf = n % DEAF_EVERY == DEAF_REMAINDER
    seat = day = minute = None
    if deaf:
        seat, day, minute = booking_slot(n, setting.seats)
        if day < anniversary(birth, 1):
            seat = None  # only when bookings reach back years: no booking before the baby's programme
    # A deaf person lives where their interpreter works, so the interpreters' regions spread them.
    region = seat.region if seat else dice.weighted(REGIONS)
    surname, given, patronymic, language = names(dice, sex)
    # The programme is drawn up (at most ten days after the decision) before the booking, or before ANCHOR.
    decision = add_decision(rows, n, dice, birth, day - 14 if seat else ANCHOR - 7, deaf)
    district = DISTRICTS[region][n % len(DISTRICTS[region])]
    drawn_up, items = add_programme(rows, n, dice, decision, deaf, (region, district))
    rows["person"].append((
        row_id("person", n), iin, surname, given, patronymic, ISO[birth], sex, region,
        district,
        None if dice.chance(0.1) else mobile(dice), language, decision.child and dice.chance(0.3),
        timestamp(drawn_up * SECONDS_A_DAY + 6 * 3600),
    ))
    add_benefit(rows, n, decision)
    person = Person(iin, region, language)
    if dice.chance(0.2):
        add_request(rows, n, dice, person, drawn_up, items, setting.officers)
    if seat:
        add_booking(rows, n, dice, person, seat, day, minute)


def empty_rows() -> dict[str, list[tuple]]:
    return {table: [] for table in COLUMNS}


def dice_at(n: int, setting: Setting) -> Dice:
    """n's block's random stream, moved on past the persons of the block before n (made and dropped)."""
    first = n - n % BLOCK_SIZE
    dice, dropped = Dice(first // BLOCK_SIZE), empty_rows()
    for earlier in range(first, n):
        add_person(dropped, earlier, dice, setting)
    return dice


def chunk_rows(first: int, stop: int, setting: Setting) -> dict[str, list[tuple]]:
    """The rows of persons first..stop-1, table by table."""
    dice, rows = dice_at(first, setting), empty_rows()
    for n in range(first, stop):
        if n % BLOCK_SIZE == 0:
            dice = Dice(n // BLOCK_SIZE)
        add_person(rows, n, dice, setting)
    return rows


def chunk_ranges(start: int, stop: int) -> list[tuple[int, int]]:
    """start..stop cut at multiples of CHUNK_SIZE, so that only the first chunk may begin inside a block."""
    cuts = [start, *range((start // CHUNK_SIZE + 1) * CHUNK_SIZE, stop, CHUNK_SIZE), stop]
    return [(first, last) for first, last in zip(cuts, cuts[1:]) if first < last]


# The database -----------------------------------------------------------------------------------

INTERPRETER_LANGUAGES = json.dumps(list(v.INTERPRETER_LANGUAGES))


def benchmark_interpreters(conn: psycopg.Connection) -> list[Seat]:
    """The benchmark's interpreters, one per 100 000 people of each region, created on the first run.

    The three demo interpreters could hold the bookings of a million persons only over decades; these
    work in person and by video and sign in with the demo staff password.
    """
    usernames = [f"bench.{region}.{k:02d}" for region, count in REGION_POPULATION.items() for k in range(1, count + 1)]
    existing = {row[0] for row in conn.execute("SELECT username FROM interpreter WHERE username LIKE 'bench.%'")}
    missing = [(i, username) for i, username in enumerate(usernames) if username not in existing]
    if missing:
        password_hash = hash_password(DEMO_STAFF_PASSWORD)
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO interpreter (username, password_hash, full_name, region, languages, in_person, video,"
                " work_starts, work_ends, active, session_generation)"
                " VALUES (%s, %s, %s, %s, %s, true, true, '09:00', '18:00', true, 0)",
                [(username, password_hash, interpreter_name(i), username.split(".")[1], INTERPRETER_LANGUAGES)
                 for i, username in missing])
    rows = conn.execute("SELECT id, region FROM interpreter WHERE username LIKE 'bench.%' ORDER BY username")
    return [Seat(*row) for row in rows]


def interpreter_name(i: int) -> str:
    sex = "female" if i % 3 else "male"  # most interpreters are women
    surname = KAZAKH_SURNAMES[i % len(KAZAKH_SURNAMES)][sex == "female"]
    return f"{surname} {KAZAKH_NAMES[sex][i % len(KAZAKH_NAMES[sex])]}"


def regional_officers(conn: psycopg.Connection) -> dict[str, int]:
    """The demo officer of each region that has one: staff events of requests name them."""
    rows = conn.execute("SELECT region, min(id) FROM staff_user WHERE role = 'officer' GROUP BY region")
    return dict(rows.fetchall())


def foreign_keys(conn: psycopg.Connection) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of each foreign key of the tables given ids here
    (all of them on one column)."""
    return conn.execute(
        "SELECT child.relname, a.attname, parent.relname, pa.attname FROM pg_constraint c"
        " JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]"
        " WHERE c.contype = 'f' AND child.relname = ANY(%s)", [list(ID_SPACING)]).fetchall()


# Each worker process keeps one connection and what the persons refer to, given once when the pool starts it.
worker: dict = {}


def start_worker(database_url: str, setting: Setting, keys: list[tuple[str, str, str, str]]) -> None:
    conn = psycopg.connect(database_url, autocommit=True)
    conn.execute("SET synchronous_commit TO off")  # a chunk lost in a crash is simply seeded again
    # The foreign-key triggers check each row with a query of its own, and double the database's work: they
    # are skipped for this session (rows stay checked against every CHECK and UNIQUE constraint), and
    # check_references does their work for the whole chunk at once before it is committed.
    try:
        conn.execute("SET session_replication_role = replica")
    except psycopg.errors.InsufficientPrivilege:
        pass  # only a superuser may skip them: the triggers check each row then, slower and as safely
    worker.update(conn=conn, setting=setting, keys=keys)


def load_chunk(persons: tuple[int, int]) -> int:
    """Generate a chunk of persons and write it in one transaction, table after table; return the rows written."""
    rows = chunk_rows(*persons, worker["setting"])
    with worker["conn"].transaction(), worker["conn"].cursor() as cursor:
        for table, columns in COLUMNS.items():
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows[table]:
                    copy.write_row(row)
        check_references(cursor, worker["keys"], *persons)
    return sum(len(table_rows) for table_rows in rows.values())


def check_references(cursor: psycopg.Cursor, keys: list[tuple[str, str, str, str]], first: int, stop: int) -> None:
    """Refuse the chunk, as the foreign keys would, if any of its rows refers to a row that does not exist."""
    for table, column, parent, parent_column in keys:
        cursor.execute(
            f"SELECT count(*) FROM {table} c WHERE c.id >= %s AND c.id < %s AND c.{column} IS NOT NULL"
            f" AND NOT EXISTS (SELECT FROM {parent} p WHERE p.{parent_column} = c.{column})",
            (row_id(table, first), row_id(table, stop)))
        missing = cursor.fetchone()[0]
        if missing:
            raise psycopg.errors.ForeignKeyViolation(f"{missing} rows of {table}.{column} refer to no {parent}")


def move_sequences(conn: psycopg.Connection) -> None:
    """Let the portal's own inserts continue above every id a seeded person could ever take, so
    that rows the portal writes between two seedings (a benchmark's submissions) never stand in
    the way of the persons seeded next."""
    for table, spacing in ID_SPACING.items():
        above = ID_BASE + spacing * CAPACITY
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"GREATEST((SELECT max(id) FROM {table}), {above}))")


def seed(database_url: str, persons: int, start: int = 0) -> SeedReport:
    """Write persons start..start+persons-1 and everything that belongs to them."""
    if start < 0 or persons < 0 or start + persons > CAPACITY:
        raise ValueError(f"persons are numbered from 0 to {CAPACITY - 1:,}")
    began = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as conn:
        setting, keys = Setting(benchmark_interpreters(conn), regional_officers(conn)), foreign_keys(conn)
    with ProcessPoolExecutor(os.cpu_count(), initializer=start_worker, initargs=(database_url, setting, keys)) as pool:
        written = sum(pool.map(load_chunk, chunk_ranges(start, start + persons)))
    with psycopg.connect(database_url, autocommit=True) as conn:
        move_sequences(conn)
        conn.execute(f"ANALYZE interpreter, {', '.join(COLUMNS)}")
    return SeedReport(persons, written, time.perf_counter() - began)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="postgresql://user@host:port/database")
    parser.add_argument("--persons", type=int, required=True, help="how many persons to write")
    parser.add_argument("--start", type=int, default=0, help="number of the first person (default 0)")
    args = parser.parse_args(argv)
    print(seed(args.database_url, args.persons, args.start))


if __name__ == "__main__":
    main()
