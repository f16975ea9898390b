"""The borrower question flow."""

app_name = "guidance"
urlpatterns = []
