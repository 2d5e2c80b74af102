"""The pages, the downloads and the API of the open statistics show the published figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys

from portal import clock
from portal.statistics.indicators import Quarter
from portal.statistics import routes
from portal.statistics.publish import publish_all
from portal.statistics.suppression import THRESHOLD
from portal.demo.staff import load_demo_staff
from tests import factories
from tests.conftest import password_signed_in
from tests.pagecheck import text_of
from tests.statistics.population import dense, last_quarter_day, load, people

ON_TIME = dict(kind="mobility", status="provided", due_date=last_quarter_day(20), completed_on=last_quarter_day(25))


def test_pages_downloads_and_api_show_the_same_figures(session, client):
    counts = dense(session)
    publish_all(session, clock.today(), clock.utcnow())
    page = client.get("/ru/statistics/persons-by-age-sex")
    rows = list(csv.DictReader(io.StringIO(client.get("/ru/statistics/files/persons-by-age-sex.csv")
                                           .get_data(as_text=True).lstrip("\ufeff"))))
    # The page's table says, row by row, what the CSV file says.
    shown = {text_of(line.find("th")): [text_of(cell) for cell in line.findall("td")]
             for line in page.doc.findall(".//main//table//tbody/tr")}
    in_file = {}
    for row in rows:
        in_file.setdefault(row["row_label"], []).append(row["value"] or row["note"])
    assert shown == in_file
    assert shown["60 лет и старше"][:2] == [str(counts["60_plus", "male"]), str(counts["60_plus", "female"])]
    oldest = next(r for r in rows if r["row"] == "60_plus" and r["column"] == "male")
    assert oldest["value"] == str(counts["60_plus", "male"]) and oldest["column_label"] == "Мужской"
    by_group = list(csv.DictReader(io.StringIO(client.get("/ru/statistics/files/persons-by-region-group.csv")
                                               .get_data(as_text=True).lstrip("\ufeff"))))
    abai = next(r for r in by_group if r["row"] == "abai" and r["column"] == "II")
    assert abai["value"] == "" and abai["hidden"] == "primary" and abai["note"] == "менее 10"
    answer = client.get("/api/v1/statistics/persons-by-age-sex", headers={"Accept-Language": "kk"}).get_json()
    assert {(r["row"], r["column"], r["value"]) for r in answer["records"]} == {
        (r["row"], r["column"], int(r["value"]) if r["value"] else None) for r in rows}
    assert answer["suppression"]["threshold"] == THRESHOLD
    listed = client.get("/api/v1/statistics").get_json()["items"]
    assert "persons-by-region-group" in {item["code"] for item in listed}
    assert not any(item["code"].startswith("staff-") for item in listed)


def test_staff_tables_are_never_served_to_the_public(session, client):
    dense(session)
    publish_all(session, clock.today(), clock.utcnow())
    quarter = Quarter.of(clock.today()).previous().code
    assert client.get(f"/kk/statistics/files/staff-indicators-{quarter}.csv").status_code == 404
    assert client.get(f"/api/v1/statistics/staff-indicators-{quarter}").status_code == 404


def test_before_the_first_run_the_pages_say_so(client):
    for path in ("/kk/statistics/", "/ru/statistics/indicators", "/kk/statistics/open-data"):
        assert client.get(path).status_code == 200
    assert client.get("/kk/statistics/persons-by-region-group").status_code == 404


def staff_rows(client, path: str) -> list[str]:
    page = client.get(path)
    by_region = page.doc.findall(".//main//table")[0]
    return [text_of(line.find("th")) for line in by_region.findall(".//tbody/tr")]


def test_an_officer_sees_their_region_and_the_country_a_supervisor_every_region(app, session):
    load_demo_staff(session)
    load(session, people(12, region="astana", items=[factories.item(**ON_TIME)]))
    publish_all(session, clock.today(), clock.utcnow())
    officer = password_signed_in(app.test_client(), "staff", "astana.officer")
    assert staff_rows(officer, "/ru/staff/indicators/") == ["Астана", "Казахстан, все регионы"]
    page = text_of(officer.get("/ru/staff/indicators/").doc.find(".//main"))
    assert "12 из 12, 12 человек" in page  # each figure with what it was computed from
    supervisor = password_signed_in(app.test_client(), "staff", "astana.supervisor")
    assert len(staff_rows(supervisor, "/ru/staff/indicators/")) == 21
    # An officer cannot choose another region's measures by kind.
    assert officer.get("/ru/staff/indicators/?place=almaty").status_code == 200
    assert "Выберите регион из списка" in text_of(officer.get("/ru/staff/indicators/?place=almaty").doc.find(".//main"))


def test_a_visitor_reads_the_figures_published_last(app, session, monkeypatch):
    """The pages are kept for visitors, and rendered again once the job has published again (in a
    minute at most: when the tables were published is asked again after RECHECK_SECONDS)."""
    monkeypatch.setattr(routes, "RECHECK_SECONDS", 0)
    counts = dense(session)
    publish_all(session, clock.today(), clock.utcnow())
    visitor = app.test_client()

    def oldest_men() -> str:
        page = visitor.get("/kk/statistics/persons-by-age-sex")
        oldest = next(line for line in page.doc.findall(".//main//table//tbody/tr")
                      if text_of(line.find("th")) == "60 жас және одан үлкен")
        return text_of(oldest.find("td"))

    assert oldest_men() == oldest_men() == str(counts["60_plus", "male"])
    load(session, people(10, region="abai", sex="male", born=dt.date(clock.today().year - 70, 1, 15)))
    publish_all(session, clock.today(), clock.utcnow() + dt.timedelta(hours=1))
    assert oldest_men() == str(counts["60_plus", "male"] + 10)


def test_the_web_app_does_not_load_the_solver():
    """Only the nightly job checks tables for disclosure: scipy would cost every web process 1.3 s to
    start and about 60 MB (make bench's worker budget is 150 MB)."""
    found = subprocess.run([sys.executable, "-c", "import sys; from portal import create_app; "
                            "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://'}); "
                            "print(sorted(m for m in ('scipy', 'numpy') if m in sys.modules))"],
                           capture_output=True, text=True, check=True, env={**os.environ, "PORTAL_ENV": "testing"})
    assert found.stdout.strip().splitlines()[-1] == "[]"
