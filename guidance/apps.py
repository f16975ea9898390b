from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "止扰：指引"

    def ready(self):
        from guidance import guide_state  # noqa: F401  (logging out clears the guide's answers: its receiver)
