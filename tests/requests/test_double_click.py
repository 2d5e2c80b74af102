"""A double click sends the check page twice, both times with the cookies the page came with; the
answer that comes last is the one the browser keeps. Found by `make loadtest` (loadtest/)."""

from sqlalchemy import func, select

from portal.models import ServiceRequest
from tests.conftest import signed_in
from tests.requests.journey import complete_journey, send

CHECK = "/kk/requests/new/contact_details/check"


def test_after_a_double_click_the_next_request_of_the_kind_is_a_new_one(client, demo, session):
    signed_in(client, next(iter(demo)))  # anyone may ask to change their contact details
    complete_journey(client, "contact_details")
    page = client.get(CHECK)
    body = {"csrf_token": page.doc.find(".//input[@name='csrf_token']").get("value"), "declaration": "y",
            "submission_id": page.doc.find(".//input[@name='submission_id']").get("value")}
    with_the_page = client.get_cookie("session").value
    first = client.post(CHECK, data=body)
    client.set_cookie("session", with_the_page)  # the second click, whose answer comes last
    second = client.post(CHECK, data=body)
    assert second.headers["Location"] == first.headers["Location"]

    complete_journey(client, "contact_details")
    again, _, _ = send(client, "contact_details")
    assert again.headers["Location"] != first.headers["Location"]
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 2
