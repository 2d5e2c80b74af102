from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy.exc import OperationalError
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from portal import vocabulary as v
from portal.extensions import limiter

bp = Blueprint("support", __name__, url_prefix="/<lang>/test-support", template_folder="templates")
AXE_SOURCE = (Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe.min.js").read_bytes()


class ExampleForm(FlaskForm):
    name = StringField(
        "Full name",
        description="As on your identity card",
        validators=[DataRequired("Enter your full name"), Length(max=100, message="Full name must be 100 characters or fewer")],
    )
    region = SelectField("Region", choices=[SelectChoice("", "Choose a region")] + [SelectChoice(code, label) for code, label in v.REGIONS.items()],
                         validators=[DataRequired("Choose your region")])
    contact = RadioField("How should we contact you?", choices=[SelectChoice("sms", "Text message"), SelectChoice("email", "Email")],
                         description="Choose one", validators=[InputRequired("Choose how we should contact you")])
    agree = BooleanField("I have read the privacy page", validators=[DataRequired("Confirm you have read the privacy page")])


@bp.route("/form", methods=["GET", "POST"])
def form():
    form = ExampleForm()
    submitted = form.validate_on_submit()
    return render_template("support/form.html", form=form, submitted=submitted)


@bp.get("/boom")
def boom():
    raise RuntimeError("a failure on purpose")


@bp.get("/forbidden")
def forbidden():
    abort(403)


@bp.get("/bad")
def bad():
    abort(400)


@bp.get("/busy")
@limiter.limit("1 per day", key_func=lambda: "test-support-busy")
def busy():
    """Answers once; every later visit gets the "too much sent" page (Retry-After included)."""
    return render_template("support/upload.html")


@bp.get("/database-down")
def database_down():
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("the database went away on purpose"))


@bp.route("/upload", methods=["GET", "POST"])
def upload():
    """A file field; a file over MAX_CONTENT_LENGTH gets the "file too large" page."""
    if request.method == "POST":
        request.files.get("file")  # reading the body is what refuses it
    return render_template("support/upload.html")


@bp.get("/axe.min.js")
def axe_script():
    """The vendored axe-core, which the browser suite has a page load as one of its own scripts: the
    browser then keeps it compiled from one audit to the next (tests/browser/conftest.py)."""
    return Response(AXE_SOURCE, mimetype="text/javascript", headers={"Cache-Control": "max-age=3600"})
