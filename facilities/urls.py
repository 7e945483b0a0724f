from django.urls import include, path

from facilities import views

app_name = "facilities"

# Fixed segments come before <code>; facilities.rules.RESERVED_CODES keeps codes off them.
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_create, name="create"),
    path("report/", views.facility_report, name="report"),
    path("report/xlsx/", views.facility_report_xlsx, name="report_xlsx"),
    path("export/", views.facility_export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("", include("facilities.gap_urls")),
    path("<slug:code>/", views.facility_detail, name="detail"),
    path("<slug:code>/edit/", views.facility_edit, name="edit"),
    path("<slug:code>/figures/new/", views.figures_create, name="figures_create"),
]
