"""Sign-up, log-in (Django's view with our form, the session's lifetime and the lock-out), the recovery
code, password reset with it, replacing a one-time password. Logout is Django's view."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from complaints.forms.accounts import (
    AccountDeleteForm,
    LoginForm,
    PasswordChooseForm,
    RecoveryForm,
    SignUpForm,
    validation_error_to_form,
)
from complaints.login_guard import attempt_allowed, attempt_failed, lockout_response
from complaints.selectors.access import clinic_ids_for_staff
from complaints.services.accounts import (
    borrower_account_delete,
    borrower_sign_up,
    login_name,
    password_reset_with_recovery_code,
    user_password_change,
)
from complaints.sessions import session_start

# The recovery code waits in the session between the POST and the page that shows it, once.
_CODE_SESSION_KEY = "recovery_code_to_show"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return ""


class LoginView(auth_views.LoginView):
    """Django's log-in with our form; the session then lasts as long as complaints.sessions says."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        session_start(self.request, form.get_user(), remember=form.cleaned_data.get("remember", False))
        return response

    def get_default_redirect_url(self):
        # Without a `next`, a borrower lands on her cases (not the home page's start); clinic staff on the queue.
        if clinic_ids_for_staff(self.request.user):
            return reverse("staff:queue")
        return reverse("cases:list")


@never_cache
@sensitive_post_parameters("password1", "password2")
def sign_up(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        # HttpResponseRedirect, not redirect(): a `next` such as "a:b" must not be taken for a view's name.
        return HttpResponseRedirect(next_url or reverse("cases:list"))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, code = borrower_sign_up(username=form.cleaned_data["username"], phone=form.cleaned_data["phone"],
                                          name=form.cleaned_data["name"], password=form.cleaned_data["password1"])
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            session_start(request, user)
            request.session[_CODE_SESSION_KEY] = code
            return redirect(_with_next(reverse("recovery_code"), next_url))
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


@never_cache
def recovery_code(request):
    """Shows the recovery code exactly once; reloading the page does not show it again."""
    code = request.session.pop(_CODE_SESSION_KEY, None)
    if code is None:
        return HttpResponseRedirect(_next_url(request) or reverse("cases:list"))
    return render(request, "accounts/recovery_code.html", {"code": code, "next": _next_url(request) or reverse("cases:list")})


@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def recovery(request):
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Recovery codes are guessed like passwords: the same counters and lock-out (complaints.login_guard).
        username = login_name(form.cleaned_data["username"])
        if not attempt_allowed(request, username=username):
            return lockout_response(request)
        try:
            user, code = password_reset_with_recovery_code(
                username=username, code=form.cleaned_data["code"], new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as error:
            if "code" in error.message_dict:
                attempt_failed(request, username=username)
            validation_error_to_form(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            session_start(request, user)
            request.session[_CODE_SESSION_KEY] = code
            return redirect("recovery_code")
    return render(request, "accounts/recovery.html", {"form": form})


@never_cache
@login_required
@sensitive_post_parameters("new_password1", "new_password2")
def password_choose(request):
    """Where complaints.middleware sends someone whose password a clinic admin set, until they choose their own."""
    if not request.user.must_change_password:
        return redirect("home")
    form = PasswordChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            update_session_auth_hash(request, user)
            return redirect("staff:queue")
    return render(request, "accounts/password_choose.html", {"form": form}, status=400 if form.errors else 200)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@never_cache
@login_required
@sensitive_post_parameters("password")
def account_delete(request):
    """A borrower deletes her account, her cases and every file in them, after typing her password."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = borrower_account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            logout(request)
            messages.success(request, _("你的账号和 %(count)s 个案件（连同全部证据文件）已永久删除。") % {"count": count})
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form, "cases": request.user.cases.all()},
                  status=400 if form.errors else 200)
