from django.contrib import admin
from django.urls import include, path

from complaints.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("readyz", pages.readyz, name="readyz"),
    path("clinics/", pages.clinics, name="clinics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("guide/", include("guidance.urls")),
    path("accounts/", include("complaints.urls.accounts")),
    path("cases/", include("complaints.urls.cases")),
    path("cases/<int:case_id>/evidence/", include("complaints.urls.evidence")),
    path("cases/<int:case_id>/log/", include("complaints.urls.log")),
    path("cases/<int:case_id>/letters/", include("complaints.urls.letters")),
    path("staff/", include("complaints.urls.staff")),
    path("claim/", include("complaints.urls.claim")),
    path("jobs/", include("complaints.urls.jobs")),
    path("give/", include("complaints.urls.third_party")),
    path("admin/", admin.site.urls),
]

handler404 = "complaints.views.pages.not_found"
handler500 = "complaints.views.pages.server_error"
