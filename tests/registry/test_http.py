"""HttpRegistry over real HTTP: the same records as the registry tables, the copy shown "as of" its
time when the registry cannot be reached, 304s for unchanged answers, retries, timeouts and the
short memory cache. Every portal here reads through HttpRegistry, whatever TEST_REGISTRY says."""

import datetime as dt
import json
import threading
import time

import pytest
from babel.dates import format_datetime, get_timezone
from flask_babel import force_locale, gettext
from prometheus_client import REGISTRY as METRICS
from sqlalchemy import func, select
from werkzeug.serving import make_server

from portal import clock, moments
from portal import create_app
from portal.demo.personas import demo_people
from portal.extensions import db
from portal.models import RegistryCopy, Statement
from portal.registry import RegistryUnavailable, registry
from portal.registry.importer import import_people
from portal.registry.local import LocalRegistry
from tests import factories as f
from tests.conftest import PageCheckingClient, csrf_token, persona, signed_in
from tests.pagecheck import text_of

FAST = {"REGISTRY_RETRIES": 1}  # one immediate retry: a second attempt with no backoff to wait for


class RecordingRegistry:
    """The registry API behind a switch, served on its own address: it records every request, and
    can answer 503 to the next few or keep a caller waiting."""

    def __init__(self, registry_app):
        self.registry_app = registry_app
        self.seen: list[tuple[str, str | None, int]] = []  # (path, If-None-Match, status)
        self.failures = 0
        self.delay = 0.0
        self.released = threading.Event()
        self.server = make_server("127.0.0.1", 0, self, threaded=True)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/registry/v1"

    def __call__(self, environ, start_response):
        path, tag = environ["PATH_INFO"], environ.get("HTTP_IF_NONE_MATCH")
        if self.delay:
            self.released.wait(self.delay)
            return self.answer(start_response, path, tag, "504 Gateway Timeout")
        if self.failures:
            self.failures -= 1
            return self.answer(start_response, path, tag, "503 Service Unavailable")

        def recording_start(status, headers, exc_info=None):
            self.seen.append((path, tag, int(status.split()[0])))
            return start_response(status, headers, exc_info)

        return self.registry_app(environ, recording_start)

    def answer(self, start_response, path, tag, status):
        self.seen.append((path, tag, int(status.split()[0])))
        start_response(status, [("Content-Type", "application/json")])
        return [b'{"errors": []}']

    def statuses(self, path: str) -> list[tuple[str | None, int]]:
        return [(tag, status) for seen_path, tag, status in self.seen if seen_path == "/registry/v1" + path]

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal(database_url, registry_server):
    """make(**config): a portal reading the registry through HttpRegistry (registry_server unless
    REGISTRY_URL says otherwise), on a fresh database, its app context pushed for the test."""
    pushed = []

    def make(**config):
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url,
                          **registry_server.portal_config(**{**FAST, **config})})
        app.test_client_class = PageCheckingClient
        context = app.app_context()
        context.push()
        pushed.append(context)
        return app

    yield make
    for context in pushed:
        db.session.remove()
        db.engine.dispose()
        context.pop()


@pytest.fixture
def recording(registry_server):
    proxy = RecordingRegistry(registry_server.app)
    yield proxy
    proxy.close()


def load_demo() -> dict:
    people = demo_people(clock.today())
    report = import_people(db.session, [json.dumps(p, ensure_ascii=False) for p in people])
    assert report.errors == []
    return {p["iin"]: p for p in people}


def current_decision(record) -> dict:
    return max(record["decisions"], key=lambda d: d["decision_date"])


def injured(demo) -> str:
    """A persona whose status page names the employer at fault: registry data plain on the page."""
    return persona(demo, lambda p: not p["legal_representative_iin"] and p["decisions"]
                   and current_decision(p)["employer_name"])


def employer(demo, iin) -> str:
    return current_decision(demo[iin])["employer_name"]


def another_adult(demo, *taken) -> str:
    """Another adult persona with a decision, who represents nobody (signs in straight to the cabinet)."""
    parents = {p["legal_representative_iin"] for p in demo.values()}
    return persona(demo, lambda p: p["iin"] not in taken and p["iin"] not in parents
                   and not p["legal_representative_iin"] and p["decisions"])


def status_page(client, lang="kk"):
    return client.get(f"/{lang}/cabinet/status")


def copy_notice(response):
    return response.doc.find(".//*[@class='registry-copy']")


def status_sentence(response) -> str:
    return text_of(response.doc.find(".//main//p[@class='lead']"))


def heading(response) -> str:
    return text_of(response.doc.find(".//h1"))


def main_text(response) -> str:
    return text_of(response.doc.find(".//main"))


def translated(lang, message) -> str:
    with force_locale(lang):
        return gettext(message)


def as_shown(moment: dt.datetime, lang: str) -> str:
    """A time as the notice writes it: in Kazakhstan time, in the page's language."""
    shown = format_datetime(moment, moments.WHEN[lang], tzinfo=get_timezone("Asia/Almaty"), locale=lang)
    return " ".join(shown.split())


def copy_of(path: str) -> RegistryCopy | None:
    db.session.expire_all()
    return db.session.get(RegistryCopy, path)


def make_statement(client):
    token = csrf_token(client, "/kk/cabinet/status")
    return client.post("/kk/cabinet/statements", data={"csrf_token": token})


def statements() -> int:
    return db.session.scalar(select(func.count()).select_from(Statement))


# The same records as the registry tables ---------------------------------------------------------------

def test_http_registry_gives_the_records_the_registry_tables_hold(portal):
    portal()
    demo = load_demo()
    remote, local = registry(), LocalRegistry(lambda: db.session)
    for iin in demo:
        assert remote.find_person(iin) == local.find_person(iin)
        assert remote.person_file(iin) == local.person_file(iin)
        assert remote.represented_by(iin) == local.represented_by(iin)
        assert remote.benefits(iin) == local.benefits(iin)
        assert remote.benefits_for(iin) == local.benefits_for(iin)
    assert any(local.represented_by(iin) for iin in demo)
    assert any(local.benefits_for(iin) for iin in demo)  # the carer's benefit for the guardian's son

    children = [iin for iin, p in demo.items() if p["legal_representative_iin"]]
    for child in children:
        born = local.find_person(child).birth_date
        day = born.replace(year=born.year + 18)
        assert remote.turning_18_on(day) == local.turning_18_on(day) != []
    assert remote.turning_18_on(dt.date(2040, 1, 1)) == local.turning_18_on(dt.date(2040, 1, 1)) == []

    today = clock.today()
    for first, last in ((today - dt.timedelta(days=3650), today + dt.timedelta(days=3650)),
                        (today, today + dt.timedelta(days=30))):
        assert remote.terms_ending(first, last) == local.terms_ending(first, last) != []

    unknown = f.iin()
    assert remote.find_person(unknown) is None and remote.person_file(unknown) is None
    assert remote.benefits(unknown) is None
    assert remote.benefits_for(unknown) == []


def test_a_long_list_is_read_page_by_page(portal):
    portal()
    load_demo()
    today = clock.today()
    window = {"term_ends_from": (today - dt.timedelta(days=3650)).isoformat(),
              "term_ends_to": (today + dt.timedelta(days=3650)).isoformat()}
    in_one_page = registry().fetch_all("/decisions", {**window, "limit": 500})
    assert len(in_one_page) > 2
    assert registry().fetch_all("/decisions", {**window, "limit": 2}) == in_one_page


# When the registry cannot be reached -----------------------------------------------------------------------

def test_the_copy_is_shown_with_its_date_and_actions_wait_for_the_registry(portal, registry_server):
    app = portal()
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)

    live = status_page(client)
    assert live.status_code == 200
    assert copy_notice(live) is None
    assert employer(demo, iin) in main_text(live)
    kept = copy_of(f"/persons/{iin}/file")
    assert kept is not None and kept.etag
    assert kept.body["person"]["iin"] == iin

    copies_shown = METRICS.get_sample_value("portal_registry_copies_total")
    registry_server.stop()
    for lang in ("kk", "ru"):
        from_copy = status_page(client, lang)
        assert from_copy.status_code == 200
        assert employer(demo, iin) in main_text(from_copy)
        if lang == "kk":
            assert status_sentence(from_copy) == status_sentence(live) != ""
        notice = copy_notice(from_copy)
        assert notice is not None
        assert as_shown(kept.checked_at, lang) in text_of(notice)
    # Operators see the outage in /metrics as answers given from a copy (portal/metrics.py).
    assert METRICS.get_sample_value("portal_registry_copies_total") - copies_shown == 2

    refused = make_statement(client)
    assert refused.status_code == 503
    assert heading(refused) == translated("kk", "This cannot be done right now")
    assert statements() == 0

    registry_server.start()
    again = status_page(client)
    assert again.status_code == 200 and copy_notice(again) is None
    made = make_statement(client)
    assert made.status_code == 302
    assert statements() == 1


def test_a_person_never_read_before_gets_the_unavailable_page(portal, registry_server):
    app = portal()
    demo = load_demo()
    first = injured(demo)
    status_page(signed_in(app.test_client(), first))
    client = signed_in(app.test_client(), another_adult(demo, first))

    registry_server.stop()
    response = status_page(client)
    assert response.status_code == 503
    assert heading(response) == translated("kk", "Your details cannot be shown right now")
    assert copy_notice(response) is None
    # The person read before is still shown, from the copy.
    assert copy_notice(status_page(signed_in(app.test_client(), first))) is not None


def test_readyz_stays_ready_and_the_details_say_degraded_while_the_registry_cannot_be_reached(portal, registry_server):
    token = "health-details-token-of-the-tests-0123456789"
    client = portal(HEALTH_DETAILS_TOKEN=token).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/healthz/details", headers=headers).json["status"] == "ok"
    registry_server.stop()
    assert client.get("/readyz").status_code == 200
    response = client.get("/healthz/details", headers=headers)
    assert (response.status_code, response.json) == (
        200, {"status": "degraded", "checks": {"database": "ok", "registry": "unavailable"}})
    registry_server.start()
    assert client.get("/healthz/details", headers=headers).json["status"] == "ok"


# ETags, retries and timeouts -------------------------------------------------------------------------------

def test_an_unchanged_answer_is_confirmed_with_a_304(portal, recording):
    app = portal(REGISTRY_URL=recording.url)
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)
    path = f"/persons/{iin}/file"

    status_page(client)
    first = copy_of(path)
    etag, checked_at = first.etag, first.checked_at
    status_page(client)
    confirmed = copy_of(path)
    assert recording.statuses(path) == [(None, 200), (etag, 304)]
    assert confirmed.etag == etag
    assert confirmed.checked_at > checked_at

    # A changed file is a full answer, with a new tag.
    import_people(db.session, [json.dumps({**demo[iin], "phone": "+77001112233"}, ensure_ascii=False)])
    status_page(client)
    assert recording.statuses(path)[-1] == (etag, 200)
    changed = copy_of(path)
    assert changed.etag != etag and changed.body["person"]["phone"] == "+77001112233"


def test_a_503_is_retried_and_then_answered(portal, recording):
    app = portal(REGISTRY_URL=recording.url, REGISTRY_RETRIES=1)
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)
    recording.seen.clear()

    recording.failures = 1
    response = status_page(client)
    assert response.status_code == 200 and copy_notice(response) is None
    (failed_path, _, failed), (retried_path, _, answered), *_ = recording.seen
    assert (failed, answered) == (503, 200) and failed_path == retried_path
    assert employer(demo, iin) in main_text(response)

    # More failures than retries: the page falls back to the copy it now holds.
    start = len(recording.seen)
    recording.failures = 2
    response = status_page(client)
    assert response.status_code == 200 and copy_notice(response) is not None
    (first_path, _, first), (second_path, _, second), *_ = recording.seen[start:]
    assert (first, second) == (503, 503) and first_path == second_path
    assert employer(demo, iin) in main_text(response)


def test_a_registry_slower_than_the_timeout_is_not_waited_for(portal, recording):
    app = portal(REGISTRY_URL=recording.url, REGISTRY_RETRIES=0)
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)
    never_read = another_adult(demo, iin)
    # The first read, which keeps the copy, waits as long as it needs: the registry's first answer
    # on a busy machine (a new database connection) took longer than the short timeout below.
    assert status_page(client).status_code == 200

    registry().timeout = (0.3, 0.3)  # (connect, read), as REGISTRY_TIMEOUT_SECONDS=0.3 sets it
    recording.delay = 10
    started = time.monotonic()
    response = status_page(client)
    assert time.monotonic() - started < 3
    assert response.status_code == 200 and copy_notice(response) is not None
    with pytest.raises(RegistryUnavailable):
        registry().person_file(never_read)


# The memory cache ---------------------------------------------------------------------------------------

def test_a_cached_answer_is_current_and_shown_without_a_notice(portal, registry_server):
    app = portal(REGISTRY_CACHE_SECONDS=60)
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)
    status_page(client)

    registry_server.stop()
    response = status_page(client)
    assert response.status_code == 200
    assert copy_notice(response) is None
    assert employer(demo, iin) in main_text(response)


def test_a_copy_read_while_the_registry_is_down_is_never_cached_as_current(portal, registry_server):
    app = portal(REGISTRY_CACHE_SECONDS=60)
    demo = load_demo()
    iin = injured(demo)
    client = signed_in(app.test_client(), iin)
    status_page(client)

    registry_server.stop()
    registry().cache.clear()  # as when the cached answers have expired
    for _ in range(2):
        response = status_page(client)
        assert response.status_code == 200 and copy_notice(response) is not None
    assert make_statement(client).status_code == 503
    assert statements() == 0
