"""The rights of persons with disabilities: public, and personal once signed in."""

from flask import Blueprint, render_template

from portal import access, clock
from portal.auth.session import current_iin
from portal.carers import acting
from portal.kept_pages import kept_for_visitors
from portal.rights.catalogue import HELP, INTRODUCTION, RIGHTS
from portal.rights.services import personal_entitlements

bp = Blueprint("rights", __name__, url_prefix="/<lang>")


@bp.get("/rights")
@kept_for_visitors
def rights():
    iin = current_iin()
    file = None
    if iin:
        try:
            file = access.person_file(acting.authorise("view", "rights"), "rights")
        except access.NotAllowed:
            file = None  # acting for someone without a mandate to view: the public page only
    return render_template("rights/rights.html", rights=RIGHTS, introduction=INTRODUCTION, help=HELP,
                           signed_in=bool(iin), entitlements=personal_entitlements(file, clock.today()) if file else [],
                           term_ended_on=file.term_ended_on(clock.today()) if file else None)
