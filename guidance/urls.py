"""The borrower question flow, mounted at /guide/."""

from django.urls import path

from guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.start, name="start"),
    path("restart/", views.restart, name="restart"),
    path("q/<slug:node_id>/", views.question, name="question"),
    path("review/", views.review, name="review"),
    path("plan/", views.plan, name="plan"),
]
