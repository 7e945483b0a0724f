"""The council's departments (담당 부서) and their reviewer accounts."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from council.access import get_council_for_staff
from council.category_views import rename_page
from proposals.forms import (
    DepartmentForm,
)
from proposals.models import Department, Reviewer


def departments(request: HttpRequest, council: str) -> HttpResponse:
    """The council's departments with their reviewer accounts; add one."""
    council_obj = get_council_for_staff(request.user, council)
    form = DepartmentForm(request.POST or None, instance=Department(council=council_obj))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("부서를 추가했습니다."))
        return redirect("proposals:departments", council=council_obj.slug)
    return render(
        request,
        "proposals/departments.html",
        {
            "council": council_obj,
            "departments": Department.objects.filter(council=council_obj).prefetch_related(
                Prefetch("reviewers", queryset=Reviewer.objects.select_related("user"))
            ),
            "form": form,
        },
    )


def department_edit(request: HttpRequest, council: str, department: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Department, council=council_obj, pk=department)
    return rename_page(
        request,
        council=council_obj,
        form=DepartmentForm(request.POST or None, instance=obj),
        title=_("부서 이름 바꾸기"),
        done=_("부서 이름을 바꿨습니다."),
        list_url="proposals:departments",
    )
