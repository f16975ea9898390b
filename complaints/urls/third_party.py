"""The page a third party's upload link opens (no account: the link's secret is the permission), at /give/<token>/."""

from django.urls import path

from complaints.views import third_party as views

app_name = "third_party"
urlpatterns = [
    path("<str:token>/", views.third_party_upload_page, name="upload"),
]
