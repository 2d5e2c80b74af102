"""The registry API, /registry/v1, as a service holding a token reads it: the records the importer
loaded, in pages, with ETags, and errors in one JSON shape in the language asked for."""

import base64
import datetime as dt
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask_babel import force_locale

from portal.extensions import db
from portal.iin import parse_iin
from portal.jsonapi import MESSAGES
from portal.registry.importer import import_people
from tests import factories as f
from tests.conftest import persona

TOKEN = "a-service-token-of-the-registry-api-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UNKNOWN_IIN = f.iin()  # valid, and never imported


@pytest.fixture(autouse=True)
def service_token(app):
    app.config["REGISTRY_API_TOKENS"] = f"tests:{TOKEN}"


def read(client, url: str, query_string=None, **headers):
    return client.get(url, query_string=query_string, headers={**AUTH, **headers})


def load(*people) -> None:
    report = import_people(db.session, [json.dumps(p, ensure_ascii=False) for p in people])
    assert report.errors == []


def only_error(response, status: int) -> dict:
    """The one error of an error answer, after checking the shape every error has."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    (error,) = response.json["errors"]
    assert set(error) == {"code", "message", "field"}
    assert error["message"]
    return error


def every_item(client, url: str) -> list:
    """The items of every page of a list, following `next` links."""
    items = []
    while url:
        body = read(client, url).json
        items.extend(body["items"])
        url = body["next"]
    return items


def ever_decided(demo):
    """A persona with several decisions and programmes, so the order of the file shows."""
    return persona(demo, lambda p: len(p["decisions"]) >= 2 and len(p["programmes"]) >= 2)


# Who may read -------------------------------------------------------------------------------------

BASIC = "Basic " + base64.b64encode(f"tests:{TOKEN}".encode()).decode()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Bearer"},
                                     {"Authorization": BASIC}, {"Authorization": TOKEN}])
def test_without_the_service_token_the_answer_is_401(client, demo, headers):
    response = client.get(f"/registry/v1/persons/{next(iter(demo))}", headers=headers)
    error = only_error(response, 401)
    assert error["code"] == "unauthorised"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "surname" not in response.get_data(as_text=True)


def test_with_no_tokens_configured_nobody_reads(app, client, demo):
    app.config["REGISTRY_API_TOKENS"] = ""
    assert only_error(read(client, "/registry/v1/ping"), 401)["code"] == "unauthorised"


def test_the_token_lets_a_service_ping(client):
    response = read(client, "/registry/v1/ping")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_the_api_is_read_only(client, demo):
    iin = next(iter(demo))
    for path in ("/registry/v1/persons", f"/registry/v1/persons/{iin}", f"/registry/v1/persons/{iin}/file",
                 f"/registry/v1/persons/{iin}/benefits", "/registry/v1/decisions", "/registry/v1/changes"):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path, headers=AUTH, json={"iin": iin, "surname": "Басқа"})
            assert only_error(response, 405)["code"] == "method_not_allowed", (method, path)
    assert read(client, f"/registry/v1/persons/{iin}").json["surname"] == demo[iin]["surname"]


# Persons and their files ----------------------------------------------------------------------------

def test_a_person_is_what_the_importer_loaded(client, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    response = read(client, f"/registry/v1/persons/{child}")
    assert response.status_code == 200
    record = demo[child]
    expected = {key: record.get(key) for key in ("iin", "surname", "given_name", "patronymic", "region", "phone",
                                                 "preferred_language", "legal_representative_iin",
                                                 "carer_allowance_paid", "lives_alone", "guardianship_court_decision",
                                                 "guardianship_decided_on", "district")}
    identity = parse_iin(child)
    assert response.json == {**expected, "birth_date": identity.birth_date.isoformat(), "sex": identity.sex}


def test_a_file_holds_decisions_and_programmes_newest_first_with_their_items(client, demo):
    iin = ever_decided(demo)
    record = demo[iin]
    response = read(client, f"/registry/v1/persons/{iin}/file")
    assert response.status_code == 200
    file = response.json
    assert file["person"] == read(client, f"/registry/v1/persons/{iin}").json

    newest_first = sorted(record["decisions"], key=lambda d: d["decision_date"], reverse=True)
    assert [d["number"] for d in file["decisions"]] == [d["number"] for d in newest_first]
    for sent, loaded in zip(file["decisions"], newest_first):
        # Dates come back as the same ISO strings the registry file gave.
        assert {key: sent[key] for key in loaded} == loaded

    programmes = sorted(record["programmes"], key=lambda p: p["drawn_up_on"], reverse=True)
    assert [p["number"] for p in file["programmes"]] == [p["number"] for p in programmes]
    for sent, loaded in zip(file["programmes"], programmes):
        assert sent["decision_number"] == loaded["decision"]
        assert (sent["drawn_up_on"], sent["valid_until"]) == (loaded["drawn_up_on"], loaded["valid_until"])
        assert sent["items"] == sorted(loaded["items"], key=lambda item: item["line"])


def test_an_unknown_or_invalid_iin_is_404(client, demo):
    for iin in (UNKNOWN_IIN, "123456789012", "12345", "not-an-iin"):
        for path in (f"/registry/v1/persons/{iin}", f"/registry/v1/persons/{iin}/file",
                     f"/registry/v1/persons/{iin}/benefits"):
            assert only_error(read(client, path), 404)["code"] == "not_found", path


# Lists and their pages ------------------------------------------------------------------------------

def test_represented_by_lists_the_children_of_a_parent(client, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    parent = demo[child]["legal_representative_iin"]
    expected = sorted(iin for iin, p in demo.items() if p["legal_representative_iin"] == parent)
    body = read(client, f"/registry/v1/persons?represented_by={parent}").json
    assert sorted(p["iin"] for p in body["items"]) == expected
    assert all(p["legal_representative_iin"] == parent for p in body["items"])
    assert body["next"] is None


def test_someone_representing_nobody_gets_an_empty_list(client, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    body = read(client, f"/registry/v1/persons?represented_by={child}").json
    assert body == {"items": [], "next": None}


def test_turning_18_on_lists_the_represented_child_born_18_years_before(client, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    born = parse_iin(child).birth_date
    body = read(client, f"/registry/v1/persons?turning_18_on={born.replace(year=born.year + 18).isoformat()}").json
    assert [p["iin"] for p in body["items"]] == [child]


def test_a_list_of_persons_needs_to_say_which(client, demo):
    assert only_error(read(client, "/registry/v1/persons"), 400)["field"] == "represented_by"
    assert only_error(read(client, "/registry/v1/persons?turning_18_on=18.03.2032"), 400)["field"] == "turning_18_on"


def test_a_limit_of_one_pages_through_every_child(client, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    parent = demo[child]["legal_representative_iin"]
    siblings = [f.person(legal_representative_iin=parent) for _ in range(2)]
    load(*siblings)
    first = read(client, f"/registry/v1/persons?represented_by={parent}&limit=1").json
    assert len(first["items"]) == 1 and first["next"]
    assert parse_qs(urlsplit(first["next"]).query)["limit"] == ["1"]
    rest = every_item(client, first["next"])
    listed = [p["iin"] for p in first["items"] + rest]
    assert sorted(listed) == sorted([child] + [s["iin"] for s in siblings])
    assert len(listed) == len(set(listed)) == 3


def test_pages_of_changes_hold_every_person_once(client, demo):
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    url = "/registry/v1/changes?" + urlencode({"since": since, "limit": 5})
    assert sorted(p["iin"] for p in every_item(client, url)) == sorted(demo)
    assert read(client, url).json["next"]


def tampered(cursor_key) -> str:
    return base64.urlsafe_b64encode(json.dumps(cursor_key).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["not-a-cursor", "%%%", tampered({"id": 1}), tampered(["one"]), tampered(7)])
def test_a_tampered_cursor_is_400(client, demo, cursor):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    parent = demo[child]["legal_representative_iin"]
    error = only_error(read(client, f"/registry/v1/persons?represented_by={parent}&cursor={cursor}"), 400)
    assert error["field"] == "cursor"


@pytest.mark.parametrize("cursor", [tampered(["yesterday", 1]), tampered([1]), tampered(["2026-01-01T00:00:00", 1]),
                                    tampered([1, "2026-01-01T00:00:00+00:00"])])
def test_a_tampered_cursor_of_changes_is_400(client, demo, cursor):
    url = f"/registry/v1/changes?since=2020-01-01T00:00:00%2B05:00&cursor={cursor}"
    assert only_error(read(client, url), 400)["field"] == "cursor"


@pytest.mark.parametrize("limit", ["0", "abc", "-1", "501", "1.5", "٣"])
def test_a_limit_outside_1_to_500_is_400(client, demo, limit):
    parent = demo[persona(demo, lambda p: p["legal_representative_iin"])]["legal_representative_iin"]
    error = only_error(read(client, "/registry/v1/persons?" + urlencode({"represented_by": parent, "limit": limit})),
                       400)
    assert (error["code"], error["field"]) == ("invalid", "limit")


# ETags ----------------------------------------------------------------------------------------------

def test_an_unchanged_person_is_304_and_a_changed_one_has_a_new_etag(client, demo):
    iin = ever_decided(demo)
    for path in (f"/registry/v1/persons/{iin}", f"/registry/v1/persons/{iin}/file"):
        first = read(client, path)
        etag = first.headers["ETag"]
        again = read(client, path, **{"If-None-Match": etag})
        assert again.status_code == 304
        assert again.get_data() == b""
        assert again.headers["ETag"] == etag
    etags = {path: read(client, path).headers["ETag"]
             for path in (f"/registry/v1/persons/{iin}", f"/registry/v1/persons/{iin}/file")}

    load({**demo[iin], "phone": "+77001112233"})
    for path, etag in etags.items():
        changed = read(client, path, **{"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["ETag"] != etag
    assert read(client, f"/registry/v1/persons/{iin}").json["phone"] == "+77001112233"


def test_lists_carry_etags_too(client, demo):
    parent = demo[persona(demo, lambda p: p["legal_representative_iin"])]["legal_representative_iin"]
    path = f"/registry/v1/persons?represented_by={parent}"
    etag = read(client, path).headers["ETag"]
    assert read(client, path, **{"If-None-Match": etag}).status_code == 304


# Changes since a time -------------------------------------------------------------------------------

def test_changes_list_only_persons_changed_since(client, demo):
    iin = ever_decided(demo)
    before_the_change = dt.datetime.now(dt.UTC)
    load({**demo[iin], "phone": "+77001112233"})
    # The same moment written in Kazakhstan time: any zone may be given.
    since = before_the_change.astimezone(dt.timezone(dt.timedelta(hours=5))).isoformat()
    body = read(client, "/registry/v1/changes", query_string={"since": since}).json
    assert [change["iin"] for change in body["items"]] == [iin]
    changed_at = dt.datetime.fromisoformat(body["items"][0]["changed_at"])
    assert changed_at >= before_the_change
    assert body["next"] is None


def test_re_importing_the_same_file_is_no_change(client, demo):
    iin = ever_decided(demo)
    since = dt.datetime.now(dt.UTC).isoformat()
    load(demo[iin])
    assert read(client, "/registry/v1/changes", query_string={"since": since}).json["items"] == []


@pytest.mark.parametrize("since", ["2026-11-24T09:00:00", "2026-11-24", "yesterday", ""])
def test_since_needs_a_time_with_a_zone(client, demo, since):
    error = only_error(read(client, "/registry/v1/changes", query_string={"since": since}), 400)
    assert (error["code"], error["field"]) == ("invalid", "since")


# Decisions whose term ends ----------------------------------------------------------------------------

def test_decisions_list_current_terms_ending_in_the_range(client, demo):
    iin = persona(demo, lambda p: len(p["decisions"]) >= 2
                  and max(p["decisions"], key=lambda d: d["decision_date"])["valid_until"])
    record = demo[iin]
    current = max(record["decisions"], key=lambda d: d["decision_date"])
    older = min(record["decisions"], key=lambda d: d["decision_date"])
    ends = dt.date.fromisoformat(current["valid_until"])
    body = read(client, "/registry/v1/decisions", query_string={
        "term_ends_from": (ends - dt.timedelta(days=1)).isoformat(),
        "term_ends_to": ends.isoformat()}).json
    mine = [row for row in body["items"] if row["person"]["iin"] == iin]
    assert [row["decision"]["number"] for row in mine] == [current["number"]]
    assert mine[0]["decision"]["valid_until"] == current["valid_until"]
    assert all(row["decision"]["valid_until"] in ((ends - dt.timedelta(days=1)).isoformat(), ends.isoformat())
               for row in body["items"])

    # A replaced decision's term is not a term that ends: the person is on the newer one.
    old_end = older["valid_until"]
    body = read(client, "/registry/v1/decisions",
                query_string={"term_ends_from": old_end, "term_ends_to": old_end}).json
    assert iin not in [row["person"]["iin"] for row in body["items"]]


@pytest.mark.parametrize("query", [{"term_ends_from": "2026-01-01"}, {"term_ends_from": "2026-01-01",
                                                                      "term_ends_to": "31.12.2026"}])
def test_decisions_need_both_dates(client, demo, query):
    error = only_error(read(client, "/registry/v1/decisions", query_string=query), 400)
    assert error["field"] == "term_ends_to"


# Languages ---------------------------------------------------------------------------------------------

def translated(lang: str, message) -> str:
    with force_locale(lang):
        return str(message)


def test_error_messages_follow_accept_language(client):
    answers = {lang: only_error(client.get("/registry/v1/ping", headers={"Accept-Language": header}), 401)
               for lang, header in (("kk", "kk"), ("ru", "ru-RU,ru;q=0.9"), ("default", "en"))}
    assert answers["kk"]["code"] == answers["ru"]["code"] == "unauthorised"
    # Each message is the catalogue's translation for the language asked for; Kazakh by default.
    # (While the catalogues lack this message, both are the English source text.)
    assert answers["kk"]["message"] == translated("kk", MESSAGES[401][1])
    assert answers["ru"]["message"] == translated("ru", MESSAGES[401][1])
    assert answers["default"]["message"] == answers["kk"]["message"]
