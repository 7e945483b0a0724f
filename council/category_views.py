"""The council's proposal categories (분야): add, rename, reorder.

Categories belong to the council: members tag their opinion points with one,
and the result document counts proposals in this order.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.access import get_council_for_staff
from council.categories import delete_category
from council.forms import CategoryForm
from council.models import Category, Council
from council.services import agenda as agenda_services
from lib.errors import Refused
from lib.ordering import move_page


def categories(request: HttpRequest, council: str) -> HttpResponse:
    """The council's ordered categories: add one, rename, move up/down."""
    council_obj = get_council_for_staff(request.user, council)
    form = CategoryForm(request.POST or None, instance=Category(council=council_obj))
    if request.method == "POST" and form.is_valid():
        agenda_services.add_category(council=council_obj, name=form.cleaned_data["name"])
        messages.success(request, _("분야를 추가했습니다."))
        return redirect("council:categories", council=council_obj.slug)
    return render(
        request,
        "council/categories.html",
        {
            "council": council_obj,
            "categories": Category.objects.filter(council=council_obj),
            "form": form,
        },
    )


def rename_page(
    request: HttpRequest,
    *,
    council: Council,
    form: forms.ModelForm,
    title: str,
    done: str,
    list_url: str,
) -> HttpResponse:
    """The rename page shared by categories and departments (proposals)."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect(list_url, council=council.slug)
    back = reverse(list_url, kwargs={"council": council.slug})
    context = {"council": council, "form": form, "title": title, "back": back}
    return render(request, "council/name_form.html", context)


def category_edit(request: HttpRequest, council: str, category: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Category, council=council_obj, pk=category)
    return rename_page(
        request,
        council=council_obj,
        form=CategoryForm(request.POST or None, instance=obj),
        title=_("분야 이름 바꾸기"),
        done=_("분야 이름을 바꿨습니다."),
        list_url="council:categories",
    )


@require_POST
def category_move(request: HttpRequest, council: str, category: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Category, council=council_obj, pk=category)
    return move_page(
        request,
        lambda direction: agenda_services.move_category(category=obj, direction=direction),
        done=_("분야 순서를 바꿨습니다."),
        back=reverse("council:categories", kwargs={"council": council_obj.slug}),
    )


@require_POST
def category_delete(request: HttpRequest, council: str, category: int) -> HttpResponse:
    """Remove a category nothing uses (council.categories.delete_category says why not)."""
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Category, council=council_obj, pk=category)
    try:
        delete_category(category=obj)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("‘%(name)s’ 분야를 지웠습니다.") % {"name": obj.name})
    return redirect("council:categories", council=council_obj.slug)
