"""URLs of this area; config/urls.py mounts it."""

urlpatterns = []
app_name = "letters"
