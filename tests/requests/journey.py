"""Driving the request journey through the real routes, as a person's browser would."""

from __future__ import annotations

import io

from tests.conftest import csrf_token

# Answers that make each kind complete, posted in the order the journey asks.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def answers_for(kind: str, client, lang: str = "kk") -> list[tuple[str, dict]]:
    steps = {
        "technical_aid": [("item", None), ("note", {"note": "Зарядтау құрылғысы да керек."})],
        "prosthetic": [("item", None), ("note", {"note": ""})],
        "sanatorium": [("season", {"season": "summer"}),
                       *([("companion", {"companion": "Сейітова Гүлнар"})]
                         if asked(client, "sanatorium", "companion", lang) else []),
                       ("note", {"note": ""})],
        "personal_assistant": [("hours", {"hours": "6"}), ("note", {"note": ""})],
        "home_social_services": [("help_with", {"help_with": ["shopping", "cleaning"]}), ("note", {"note": ""})],
        "aid_replacement": [("item", None), ("problem", {"problem": "broken"}), ("proof", {"proof": "photo"}),
                            ("evidence", {"evidence": (io.BytesIO(PNG), "арба.png")}), ("note", {"note": ""})],
        "contact_details": [("phone", {"phone": "8 701 555 44 33"})],
    }[kind]
    return [(question, data if data is not None else {"item": first_choice(client, kind, question, lang)})
            for question, data in steps]


def asked(client, kind, question, lang) -> bool:
    """Whether the journey asks this person the question (a companion only where the law allows one)."""
    return client.get(f"/{lang}/requests/new/{kind}/{question}").status_code == 200


def first_choice(client, kind, question, lang) -> str:
    page = client.get(f"/{lang}/requests/new/{kind}/{question}")
    return page.doc.find(".//input[@name='item']").get("value")


def answer(client, kind: str, question: str, data: dict, lang: str = "kk"):
    url = f"/{lang}/requests/new/{kind}/{question}"
    payload = {**data, "csrf_token": csrf_token(client, url)}
    if "evidence" in data:
        payload["evidence"] = (io.BytesIO(data["evidence"][0].getvalue()), data["evidence"][1])
    return client.post(url, data=payload, content_type="multipart/form-data" if "evidence" in data else None)


def complete_journey(client, kind: str, lang: str = "kk"):
    """Answer every question and reach the check page; return its response."""
    for question, data in answers_for(kind, client, lang):
        response = answer(client, kind, question, data, lang)
        assert response.status_code == 302, (question, response.get_data(as_text=True)[:3000])
    return client.get(f"/{lang}/requests/new/{kind}/check")


def send(client, kind: str, lang: str = "kk"):
    check = client.get(f"/{lang}/requests/new/{kind}/check")
    submission_id = check.doc.find(".//input[@name='submission_id']").get("value")
    token = check.doc.find(".//input[@name='csrf_token']").get("value")
    return client.post(f"/{lang}/requests/new/{kind}/check",
                       data={"csrf_token": token, "submission_id": submission_id, "declaration": "y"}), submission_id, token
