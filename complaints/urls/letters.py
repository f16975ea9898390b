"""URLs of this area; config/urls.py mounts it at /cases/<case_id>/letters/."""

from django.urls import path

from complaints.views import letters

app_name = "letters"
urlpatterns = [
    path("", letters.index, name="list"),
    path("sent/<int:letter_id>/", letters.sent, name="sent"),
    path("sent/<int:letter_id>/letter.pdf", letters.download, name="download"),
    path("sent/<int:letter_id>/envelope.pdf", letters.envelope, name="envelope"),
    path("sent/<int:letter_id>/mailing", letters.mailing, name="mailing"),
    path("sent/<int:letter_id>/reply", letters.reply, name="reply"),
    path("all", letters.bundle, name="bundle"),
    path("<str:kind>/", letters.preview, name="preview"),
    path("<str:kind>/generate", letters.generate, name="generate"),
]
