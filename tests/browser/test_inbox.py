"""The inbox in a real browser, in both languages, with a message put into words in the page's
language, an officer's words in their own language inside it, and a message stored in words
before (issue #23, point 11): each in its own language, so a screen reader switches voice."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from portal.extensions import db
from portal.models import Message
from tests.browser.conftest import LIVE_APPS, page_problems
from tests.browser.test_signed_in import PERSONAS, sign_in_as

LANGS = ["kk", "ru"]
PERSON = PERSONAS["parent"]  # no other browser test reads their header or inbox


@pytest.fixture(scope="module")
def inbox(live_server):
    with LIVE_APPS[live_server].app_context():
        db.session.add_all([
            Message(recipient_iin=PERSON, kind="reexamination_reminder", language="kk", subject="Қайта куәландыру",
                    body="Мерзіміңіз 20 күннен кейін бітеді.\n\nЕмханаға барыңыз."),
            Message(recipient_iin=PERSON, kind="request_status", about="KZ-2026-000999", language="kk", params={
                "reference": "KZ-2026-000999", "status": "more_info_needed",
                "message": "Пришлите, пожалуйста, фото коляски.", "message_lang": "ru"}),
        ])
        db.session.commit()
        db.session.remove()
    return live_server


@pytest.mark.parametrize("lang", LANGS)
def test_the_inbox_with_messages_in_the_page_s_language_and_in_their_own(inbox, driver, lang):
    sign_in_as(driver, inbox, PERSON, lang)
    driver.get(f"{inbox}/{lang}/cabinet/messages")
    said = driver.find_element(By.CSS_SELECTOR, ".message p span[lang='ru']")
    assert said.text == "Пришлите, пожалуйста, фото коляски."
    assert driver.find_elements(By.CSS_SELECTOR, ".message h2[lang='kk']")  # the one stored in words
    assert page_problems(driver) == []
