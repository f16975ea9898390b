from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "止扰：案件与证据"

    def ready(self):
        # Connects the audit of lock-outs to django-axes' signal.
        from complaints import login_guard  # noqa: F401
