from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("review/", views.review_home, name="review_home"),
]
