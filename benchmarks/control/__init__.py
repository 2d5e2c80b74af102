"""The control of the benchmark: a bare Flask app that renders a page of the same shape as the
portal's from one primary-key query, with nothing else (no sessions, translations, forms, audit or
security headers). The portal's pages are measured as a ratio to it, in the same run, so that the
budgets hold whatever the speed of the machine."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, abort, render_template
from sqlalchemy import create_engine, text

from portal.config import database_url

PERSON = text("SELECT iin, surname, given_name, patronymic, region, phone, preferred_language "
              "FROM person WHERE id = :id")


def create_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).parent))
    engine = create_engine(database_url(os.environ["DATABASE_URL"]), pool_pre_ping=True)

    @app.get("/person/<int:person_id>")
    def person(person_id: int):
        with engine.connect() as connection:
            row = connection.execute(PERSON, {"id": person_id}).mappings().first()
        if row is None:
            abort(404)
        return render_template("page.html", person=row)

    return app
