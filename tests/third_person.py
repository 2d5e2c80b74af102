"""Acting for someone, a page speaks about that person in the third person, by name, and never
says "you" of them (issue #23, point 1).

`second_person(response, lang)` lists the words of a page's main text that address the reader as
the person the page is about. The notice of whose matters are handled, which speaks to the carer,
is left out. Words that speak to the carer as the one who acts ("choose", "send") are allowed:
they are polite imperatives, and Kazakh writes them with the same ending as "your".
"""

from __future__ import annotations

import re

from portal import clock
from portal.models import Mandate
from portal.registry import registry
from tests.conftest import csrf_token, persona
from tests.pagecheck import text_of

# Pronouns and possessives of the person addressed, and "me" and "my" of a page titled as the
# reader's own ("My entitlements"). "You" as the one who acts (ru «вы», kk «сіз», «өзіңіз») is
# the carer reading, and is allowed.
WORDS = {
    "ru": r"ваш\w*|вам|вами|вас|мой|моя|моё|мое|мои|моего|моей|моему|моим|моих|мне|меня|мной",
    "kk": r"сізге|сізде|сізді|сізден|сіздің|сізбен|маған|менің|мені|менде|менен",
}
# Kazakh "your" is an ending: -ңыз/-ңіз, then maybe a case ending. With a case ending after it,
# the word is a noun ("бағдарламаңызды", "your programme" as an object); bare, it is either a
# noun ("бағдарламаңыз") or a polite imperative ("таңдаңыз", "choose"), told apart below.
KK_YOUR = re.compile(r"\w+(?:ңыз|ңіз)(?:ға|ге|ды|ді|дың|дің|да|де|дан|ден|бен|мен|ша|ше)?\b", re.IGNORECASE)
KK_CASE_AFTER_YOUR = re.compile(r"(?:ңыз|ңіз)(?:ға|ге|ды|ді|дың|дің|да|де|дан|ден|бен|мен|ша|ше)$", re.IGNORECASE)
# Polite imperatives and other verb forms a page may say to the carer who acts.
KK_VERBS = {
    "алыңыз", "беріңіз", "біліңіз", "болыңыз", "бастаңыз", "жазыңыз", "жалғастырыңыз", "жіберіңіз",
    "жүктеңіз", "көріңіз", "кіріңіз", "оқыңыз", "өтіңіз", "растаңыз", "сақтаңыз", "сұраңыз",
    "таңдаңыз", "тексеріңіз", "толтырыңыз", "түзетіңіз", "шығыңыз", "қайталаңыз", "қосыңыз",
    "қараңыз", "хабарласыңыз", "жүгініңіз", "келіңіз", "ауыстырыңыз", "басыңыз", "күтіңіз",
    "енгізіңіз", "жабыңыз", "ашыңыз", "жойыңыз", "өзгертіңіз", "бас тартыңыз", "қабылдаңыз",
    "тіркеліңіз", "көрсетіңіз", "айтыңыз", "ұсыныңыз", "әкеліңіз", "жетіңіз", "барыңыз",
    "қоңырау шалыңыз", "шалыңыз", "жүктеп алыңыз", "басып шығарыңыз", "шығарыңыз", "тапсырыңыз",
    "қойыңыз", "хабарлаңыз",
    "өзіңіз",  # "you yourself": the reader, as «сіз»
}


def addressed_to_them(response, region: str | None = None) -> str:
    """The page's main text without the notice of whose matters are handled; only the element
    with the id `region`, where the rest of the page speaks to every reader."""
    main = response.doc.find(".//main") if region is None else response.doc.find(f".//*[@id='{region}']")
    for element in main.iter():
        if element.get("class") == "acting-for":
            element.clear()
    return text_of(main)


def second_person(response, lang: str, region: str | None = None) -> list[str]:
    """The words of the page that say "you" or "my" of the person the page is about."""
    text = addressed_to_them(response, region)
    found = re.findall(rf"(?<!\w)(?:{WORDS[lang]})(?!\w)", text, re.IGNORECASE)
    if lang == "kk":
        for word in KK_YOUR.findall(text):
            if KK_CASE_AFTER_YOUR.search(word) or word.lower() not in KK_VERBS:
                found.append(word)
    return found


# Acting for someone in a test ---------------------------------------------------------------------

def a_child(demo) -> tuple[str, str]:
    """A parent and their child with a decision and a programme: (the parent's IIN, the child's)."""
    iin = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] and p["programmes"])
    return demo[iin]["legal_representative_iin"], iin


def mandate_for(session, demo, person: str, scopes=("view", "requests", "bookings")) -> str:
    """A demo persona who represents no one, with a mandate in force from `person`: their IIN."""
    carer = persona(demo, lambda p: p["iin"] != person and not p["legal_representative_iin"]
                    and not any(q["legal_representative_iin"] == p["iin"] for q in demo.values()))
    session.add(Mandate(carer_iin=carer, person_iin=person, status="active", starts_on=clock.today(), ends_on=None,
                        scopes=list(scopes)))
    session.commit()
    return carer


def act_for(client, iin: str, lang: str) -> None:
    response = client.post(f"/{lang}/acting-for",
                           data={"subject": iin, "csrf_token": csrf_token(client, f"/{lang}/acting-for")})
    assert response.headers["Location"] == f"/{lang}/cabinet/"


def name_in_text(whom: str, iin: str) -> str:
    """The name the pages use: a child's given name, an adult's surname and given name."""
    record = registry().find_person(iin)
    return record.given_name if whom == "child" else f"{record.surname} {record.given_name}"
