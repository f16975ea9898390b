"""Django's password rules with messages in our catalogue (Django's own Chinese catalogue lacks the length rule)."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("这个密码太短了，至少要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少要 %(min_length)d 个字符。") % {"min_length": self.min_length}
