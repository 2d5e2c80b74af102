"""Staff keep the contact details of their region's departments up to date."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from portal.departments import services
from portal.departments.forms import DepartmentForm
from portal.extensions import db
from portal.models import Department
from portal.staff.session import current_staff, staff_required

bp = Blueprint("departments", __name__, url_prefix="/<lang>/staff/departments")


@bp.get("/")
@staff_required
def index():
    staff = current_staff()
    return render_template("departments/index.html", staff=staff, departments=services.in_region(db.session, staff.region),
                           done=request.args.get("done"))


@bp.route("/<int:department_id>", methods=["GET", "POST"])
@staff_required
def edit(department_id: int):
    staff = current_staff()
    department = db.session.get(Department, department_id)
    if department is None or department.region != staff.region:
        abort(404)  # another region's department is not theirs to see or change
    form = DepartmentForm(obj=department)
    if request.method == "GET":
        form.step_free.data = "yes" if department.step_free else "no"
        form.checked_on.data = department.checked_on.strftime("%d.%m.%Y")
    if form.validate_on_submit():
        services.update(db.session, department, staff, form.values())
        return redirect(url_for("departments.index", done=department.code))
    return render_template("departments/edit.html", staff=staff, department=department, form=form)
