from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Borrowers sign in with their mobile number (kept in E.164); clinic staff with a username."""

    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)
    # There is no SMS gateway: the one-time code shown at sign-up is how a borrower resets a
    # forgotten password. Only its hash is kept (Django's password hashers), like the password.
    recovery_code = models.CharField(max_length=128, blank=True)
    # Set when someone else chose the password (a clinic admin creating or resetting a staff login):
    # whoever set it knows it, so it works once. Until the person picks their own, every page sends
    # them to the choose-a-new-password page (complaints.middleware).
    must_change_password = models.BooleanField(_("下次登录须设置新密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class Clinic(models.Model):
    """A legal-aid clinic; borrowers share cases with one, its staff work them."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    hours = models.CharField(_("接待时间"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("法律援助机构")
        verbose_name_plural = _("法律援助机构")

    def __str__(self):
        return self.name


class ClinicMembership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("工作人员")
        CLINIC_ADMIN = "clinic_admin", _("机构管理员")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="clinic_memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "clinic"], name="one_membership_per_clinic")]

    def __str__(self):
        return f"{self.user} @ {self.clinic} ({self.role})"
