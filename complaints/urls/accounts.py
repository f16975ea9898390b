"""Accounts: sign-up, login by number, recovery. Names are global (LOGIN_URL = "login")."""

from django.contrib.auth import views as auth_views
from django.urls import path

from complaints.views import accounts, second_factor

urlpatterns = [
    path("signup/", accounts.sign_up, name="signup"),
    path("recovery-code/", accounts.recovery_code, name="recovery_code"),
    path("recovery/", accounts.recovery, name="recovery"),
    path("new-password/", accounts.password_choose, name="password_choose"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("delete/", accounts.account_delete, name="account_delete"),
    path("two-step/setup/", second_factor.otp_setup, name="otp_setup"),
    path("two-step/recovery-codes/", second_factor.otp_recovery_codes, name="otp_recovery_codes"),
    path("two-step/", second_factor.otp_verify, name="otp_verify"),
    path("logout/", auth_views.LogoutView.as_view(next_page="home"), name="logout"),
]
