"""The real-browser suite: Debian's chromium, driven by selenium, against the app served on
127.0.0.1 with the demo data, audited by the vendored axe-core 4.x."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyotp
import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import select, update
from werkzeug.serving import make_server

from portal import clock
from portal.demo.personas import demo_people
from portal.cli import DEMO_DEPARTMENTS
from portal.demo.interpreters import load_demo_interpreters
from portal.departments.services import load as load_departments
from portal.demo.requests import load_demo_requests
from portal.demo.staff import DEMO_TOTP_SECRET, load_demo_staff
from portal.extensions import db
from portal.models import Interpreter, Mandate, StaffUser
from portal.registry.importer import import_people
from portal.statistics.publish import publish_all
from tests import summary
from tests.browser.checks import layout_problems, semantics_problems
from tests.conftest import BACKENDS, reset_database, support_app
from tests.registry_server import REGISTRY_MODE, RegistryServer

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.2 AA and best practice; no rule is disabled.
# The app behind each live server's address, for what a person receives outside the browser (a code by SMS).
LIVE_APPS: dict = {}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# The session-long crawls: every test that reads one runs in the test process that made it.
CRAWLS = {"crawl", "persona_crawls", "staff_crawl", "interpreter_crawl"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if CRAWLS & set(item.fixturenames):
                item.add_marker(pytest.mark.xdist_group(f"crawls-{item.callspec.params['live_server']}"))


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request, tmp_path_factory):
    """The portal with demo data and the test-only support pages, served on a free local port."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'portal.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_databases").own("live")
    registry_server = RegistryServer(url).start() if REGISTRY_MODE == "http" else None
    # Every journey signs the same personas in from 127.0.0.1, several times a minute: no cooldown
    # or cap on their codes here, nor a limit of attempts per address, nor of wrong second-factor
    # codes per account, shown on each language's page (tests/auth tests those).
    app = support_app(url, PROPAGATE_EXCEPTIONS=False, SIGN_IN_CODE_COOLDOWN_SECONDS=0, SIGN_IN_CODES_PER_HOUR=1000,
                      SIGN_IN_CODES_PER_ADDRESS_PER_HOUR=1000, SIGN_IN_LIMIT_PER_ADDRESS="1000 per hour",
                      SECOND_FACTOR_LIMIT_PER_ACCOUNT="1000 per hour",
                      **(registry_server.portal_config() if registry_server else {}))
    reset_database(app)
    with app.app_context():
        lines = [json.dumps(p, ensure_ascii=False) for p in demo_people(clock.today())]
        assert import_people(db.session, lines).errors == []
        load_demo_staff(db.session)
        load_demo_interpreters(db.session)
        load_demo_requests(db.session)
        with DEMO_DEPARTMENTS.open(encoding="utf-8", newline="") as lines:
            assert load_departments(db.session, lines).errors == []
        publish_all(db.session, clock.today(), clock.utcnow())
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    LIVE_APPS[base] = app
    yield base
    server.shutdown()
    with app.app_context():
        db.engine.dispose()
    if registry_server:
        registry_server.close()


@contextmanager
def mandate_in_force(base: str, carer_iin: str, person_iin: str, scopes: list[str]):
    """A mandate from the person to the carer, in force from today with these scopes, in the live
    server's database; ended (with any other of the carer's) when the block ends."""
    with LIVE_APPS[base].app_context():
        db.session.add(Mandate(carer_iin=carer_iin, person_iin=person_iin, status="active",
                               starts_on=clock.today(), ends_on=None, scopes=scopes))
        db.session.commit()
        db.session.remove()
    yield
    with LIVE_APPS[base].app_context():
        for row in db.session.scalars(select(Mandate).where(Mandate.carer_iin == carer_iin)):
            row.status = "ended"
        db.session.commit()
        db.session.remove()


def chromium(javascript: bool = True):
    """Debian's chromium, headless, with JavaScript on or off."""
    binary = shutil.which("chromium")
    chromedriver = shutil.which("chromedriver")
    assert binary and chromedriver, "install Debian's chromium and chromium-driver (make test does)"
    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    # Headless, and no background connections: the machine has no network beyond localhost.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--no-first-run", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    browser = webdriver.Chrome(options=options, service=Service(chromedriver))
    browser.set_page_load_timeout(30)
    return browser, profile


@pytest.fixture(scope="session")
def driver():
    browser, profile = chromium()
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def driver_without_javascript():
    """A browser with JavaScript turned off, as some people and some networks have it. (The test
    still runs its scripts through WebDriver; the page's own scripts do not run.)"""
    browser, profile = chromium(javascript=False)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


# axe-core loaded by the page as one of its own scripts, from the support pages (the page's
# Content-Security-Policy allows its own site's scripts): the browser keeps it compiled, where
# injecting its 500 KB through WebDriver costs about 0.04 s more at every audit.
LOAD_AXE = """
const [source, done] = arguments;
if (window.axe) return done(true);
const script = document.createElement('script');
script.src = source;
script.onload = () => done(true);
script.onerror = () => done(false);
setTimeout(() => done(false), 2000);  // a browser that runs no page scripts never loads it
document.head.appendChild(script);
"""


def axe_violations(driver, rules: dict | None = None) -> list[dict]:
    """Run axe-core on the page the browser shows, with `rules` turned on beside the tags' own;
    return its violations."""
    summary.counted(summary.AUDITED)
    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    # Without the page's scripts (the browser without JavaScript) it is injected as axe-selenium does.
    if not driver.execute_async_script(LOAD_AXE, "/kk/test-support/axe.min.js"):
        axe.inject()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"], "rules": rules or {}}
    return axe.run(options=json.dumps(options))["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def same_site_pages(driver, base: str) -> set[str]:
    """Paths of the links on the page that lead to another page of the portal."""
    found = set()
    # One script for all the links (their resolved addresses), not a WebDriver call for each.
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]:not([download])'), a => a.href);")  # a file is not a page
    for href in hrefs:
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" == base and url.path.split("/")[1:2] in (["kk"], ["ru"]):
            # "Come back here afterwards" (the display settings link on every page) is the same page.
            query = urlencode([(k, v) for k, v in parse_qsl(url.query) if k != "next"])
            found.add(url.path + (f"?{query}" if query else ""))
    return found


def page_problems(driver) -> list[str]:
    """Everything the suite checks on the page the browser shows: axe-core, what a screen reader
    is told, and the layout at 320 CSS px with and without WCAG text spacing."""
    lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    axe = describe(axe_violations(driver))
    return ([axe] if axe else []) + semantics_problems(driver, lang) + layout_problems(driver)


# Pages the same for everyone but the header, which the public crawl and their own tests audit: a
# signed-in crawl leaves them out (the open statistics: some twenty pages, for every persona).
PUBLIC_ONLY = ("/kk/statistics/", "/ru/statistics/")


def crawl_from(driver, base: str, starts: list[str], leave_out: tuple[str, ...] = (),
               audited: set[str] = frozenset()) -> dict[str, list[str]]:
    """Visit every page reachable from `starts` but those under `leave_out` and those `audited`
    already, checking each; {path: problems}."""
    results, queue = {}, list(starts)
    while queue:
        path = queue.pop(0)
        if path in results or path in audited or path.startswith(leave_out):
            continue
        driver.get(base + path)
        results[path] = page_problems(driver)
        queue.extend(sorted(same_site_pages(driver, base) - set(results)))
    return results


def report(results: dict[str, list[str]]) -> str:
    """The problems a crawl found, one line each, for the failure message."""
    return "\n".join(f"{path}: {problem}" for path, problems in results.items() for problem in problems)


@pytest.fixture(scope="session")
def crawl(live_server, driver):
    """Every page reachable from both home pages without signing in; {path: problems}."""
    driver.delete_all_cookies()
    return crawl_from(driver, live_server, ["/kk/", "/ru/"])


def replaced(driver, page) -> bool:
    """Another document than `page` (the old one's html element) is shown, and loaded. Between the
    two the browser answers with errors, and a transient error does not mean the old page is gone:
    taking it so read the old page again."""
    try:
        return (driver.find_element(By.TAG_NAME, "html").id != page.id
                and driver.execute_script("return document.readyState") == "complete")
    except WebDriverException:
        return False


def follow(driver, element):
    """Activate a link or button that leads to another page, and wait for that page."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 10).until(lambda d: replaced(d, page))


def submit(driver):
    """Send the page's form and wait until the browser shows the answer."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: replaced(d, page))


def app_code(base: str, role: str, username: str) -> str:
    """The code the demo authenticator key gives now, for a demo account of the live server whose
    last code is forgotten first: the browser tests sign one account in several times within one
    30-second step, and the portal accepts each code once."""
    model = StaffUser if role == "staff" else Interpreter
    with LIVE_APPS[base].app_context():
        db.session.execute(update(model).where(model.username == username).values(totp_last_step=None))
        db.session.commit()
        db.session.remove()
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def second_factor(driver, base: str, role: str, username: str):
    """On the page after the password: the demo authenticator app's code, sent."""
    assert urlsplit(driver.current_url).path.endswith(f"/{role}/login/code")
    driver.find_element(By.ID, "code").send_keys(app_code(base, role, username))
    submit(driver)


def audit(driver):
    violations = axe_violations(driver)
    assert violations == [], describe(violations)
