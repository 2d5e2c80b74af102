"""/metrics (portal/metrics.py): Prometheus's text for operators with METRICS_TOKEN, and no one else."""

import os
import subprocess
import sys

import pytest
from prometheus_client.parser import text_string_to_metric_families

from portal.config import ROOT

TOKEN = "metrics-token-of-the-tests-0123456789abcdef"


def scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for sample in family.samples}


@pytest.fixture
def metrics_on(app):
    app.config["METRICS_TOKEN"] = TOKEN


def test_metrics_are_off_without_a_token_and_refused_without_the_right_one(app, client):
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = TOKEN
    for wrong in ({}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}):
        assert client.get("/metrics", headers=wrong).status_code == 401


def test_answers_are_counted_by_route_and_status_and_timed(metrics_on, client):
    home = ("portal_requests_total", (("endpoint", "pages.home"), ("method", "GET"), ("status", "200")))
    missing = ("portal_requests_total", (("endpoint", "unmatched"), ("method", "GET"), ("status", "404")))
    timed = ("portal_request_seconds_count", (("endpoint", "pages.home"),))
    before = scrape(client)
    for _ in range(3):
        client.get("/kk/")
    client.get("/kk/no-such-page")
    after = scrape(client)
    assert after[home] - before.get(home, 0) == 3
    assert after[missing] - before.get(missing, 0) == 1
    assert after[timed] - before.get(timed, 0) == 3


def test_the_outbox_the_jobs_and_the_pool_are_read_when_scraped(app, metrics_on, client):
    assert app.test_cli_runner().invoke(args=["outbox", "deliver"]).exit_code == 0
    figures = scrape(client)
    assert {("portal_outbox_messages", (("state", state),)) for state in ("due", "waiting", "failed", "no_phone")} <= set(figures)
    assert figures[("portal_job_last_success_timestamp_seconds", (("job", "outbox deliver"),))] > 0
    assert any(name == "portal_db_pool_connections" for name, _ in figures)


def test_a_request_stopped_by_a_limit_is_counted(app, metrics_on, client):
    app.config["VERIFY_LIMIT"] = "1 per hour"
    hits = ("portal_rate_limit_hits_total", (("limit", "request_limit"),))
    before = scrape(client).get(hits, 0)
    statuses = [client.get("/kk/verify", query_string={"reference": f"ST-2026-00000{n}"}).status_code for n in (1, 2)]
    assert statuses[-1] == 429
    assert scrape(client)[hits] - before == 1


def test_with_a_multiprocess_directory_every_worker_answers_for_all(tmp_path):
    # gunicorn's workers write their counts to PROMETHEUS_MULTIPROC_DIR; here two processes, one
    # after the other, each answering two pages: the second's /metrics counts all four.
    script = """
import sys
from portal import create_app
from portal.extensions import db
app = create_app({"METRICS_TOKEN": sys.argv[1], "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[2]})
with app.app_context():
    db.create_all()
client = app.test_client()
for _ in range(2):
    assert client.get("/kk/").status_code == 200
print(client.get("/metrics", headers={"Authorization": "Bearer " + sys.argv[1]}).get_data(as_text=True))
"""
    (tmp_path / "metrics").mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "PORTAL_ENV": "testing"}
    database = str(tmp_path / "portal.sqlite3")
    runs = [subprocess.run([sys.executable, "-c", script, TOKEN, database], env=env, capture_output=True, text=True,
                           check=True, cwd=ROOT) for _ in range(2)]
    counted = {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
               for family in text_string_to_metric_families(runs[-1].stdout) for sample in family.samples}
    assert counted[("portal_requests_total", (("endpoint", "pages.home"), ("method", "GET"), ("status", "200")))] == 4
