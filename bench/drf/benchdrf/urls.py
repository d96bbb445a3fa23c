from django.urls import path

from benchdrf.views import HealthView, PingView

urlpatterns = [
    path("api/ping/", PingView.as_view()),
    path("health/", HealthView.as_view()),
]
