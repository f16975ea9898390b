"""A client takes over the case a clinic opened for them at the desk (/claim/)."""

from django.urls import path

from complaints.views import claim

app_name = "claim"

urlpatterns = [path("", claim.claim_case, name="claim")]
