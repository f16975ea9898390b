"""Django's password rules with messages in our catalogue (Django's own Chinese catalogue lacks the length rule)."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("这个密码太短了，至少要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class StaffMinimumLengthValidator(MinimumLengthValidator):
    """The longer minimum for clinic staff and administrators (they reach many people's cases).

    Applies to a user who is staff, a superuser or a member of a clinic; borrowers pass. A staff
    account being created is known by `is_staff_candidate` (set by the service before validating)."""

    def validate(self, password, user=None):
        if user is not None and _is_staff(user):
            super().validate(password, user)

    def get_help_text(self):
        return _("工作人员的密码至少要 %(min_length)d 个字符。") % {"min_length": self.min_length}


def _is_staff(user) -> bool:
    if getattr(user, "is_staff_candidate", False) or user.is_staff or user.is_superuser:
        return True
    return user.pk is not None and user.clinic_memberships.exists()
