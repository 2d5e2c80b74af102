"""The real-browser suite: Debian's chromium, driven by selenium, against the app served on
127.0.0.1 with the demo data, audited by the vendored axe-core 4.x."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from portal.demo.personas import demo_people
from portal.extensions import db
from portal.registry.importer import import_people
from tests.conftest import BACKENDS, postgresql_url, reset_database, support_app

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.2 AA and best practice; no rule is disabled.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request, tmp_path_factory):
    """The portal with demo data and the test-only support pages, served on a free local port."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'portal.sqlite3'}"
    else:
        url = postgresql_url()
    app = support_app(url, PROPAGATE_EXCEPTIONS=False)
    reset_database(app)
    with app.app_context():
        lines = [json.dumps(p, ensure_ascii=False) for p in demo_people(dt.date.today())]
        assert import_people(db.session, lines).errors == []
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def driver():
    chromium = shutil.which("chromium")
    chromedriver = shutil.which("chromedriver")
    assert chromium and chromedriver, "install Debian's chromium and chromium-driver (make test does)"
    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    # Headless, and no background connections: the machine has no network beyond localhost.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--no-first-run", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(chromedriver))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


def axe_violations(driver) -> list[dict]:
    """Run axe-core on the page the browser shows; return its violations."""
    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    axe.inject()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return axe.run(options=json.dumps(options))["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)
