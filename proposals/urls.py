from django.urls import path

from proposals import views

app_name = "proposals"

P = "meetings/<slug:meeting>/proposals/<int:number>/"

urlpatterns = [
    path("review/", views.review_home, name="review_home"),
    path("categories/", views.categories, name="categories"),
    path("categories/<int:category>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:category>/move/", views.category_move, name="category_move"),
    path("departments/", views.departments, name="departments"),
    path("departments/<int:department>/edit/", views.department_edit, name="department_edit"),
    path("meetings/<slug:meeting>/aggregate/", views.aggregate, name="aggregate"),
    path(
        "meetings/<slug:meeting>/aggregate/action/",
        views.aggregate_action,
        name="aggregate_action",
    ),
    path("meetings/<slug:meeting>/responses/", views.response_list, name="response_list"),
    path(
        "meetings/<slug:meeting>/responses/export/<int:department>/",
        views.export_xlsx,
        name="export_xlsx",
    ),
    path("meetings/<slug:meeting>/responses/import/", views.import_xlsx, name="import_xlsx"),
    path(
        "meetings/<slug:meeting>/responses/import/apply/",
        views.import_apply,
        name="import_apply",
    ),
    path(P, views.proposal_detail, name="proposal_detail"),
    path(P + "edit/", views.proposal_edit, name="proposal_edit"),
    path(P + "move/", views.proposal_move, name="proposal_move"),
    path(P + "delete/", views.proposal_delete, name="proposal_delete"),
    path(P + "history/", views.proposal_history, name="proposal_history"),
    path(P + "response/", views.response_edit, name="response_edit"),
    path(P + "response/return/", views.response_return, name="response_return"),
]
