from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("audit/", __import__("council.audit_views").audit_views.audit_log, name="audit_log"),
    path("meetings/<slug:meeting>/", views.meeting_detail, name="meeting_detail"),
]
