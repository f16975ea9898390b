from django.contrib import admin
from django.urls import include, path

from complaints.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "complaints.views.pages.not_found"
handler500 = "complaints.views.pages.server_error"
