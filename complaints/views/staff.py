"""Clinic staff pages: thin views over complaints.selectors.staff_* (reads) and complaints.services.staff (writes).

Every view goes through `staff_view`: anonymous visitors are sent to the login page, signed-in users
who are not clinic staff get 403 (complaints.selectors.access.clinic_access), and a case is reached only
through case_access(as_=CaseAs.STAFF), so a case that is not shared with the clinic the user works for is a
404 whatever the user's other rights.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.database_ids import database_id
from complaints.forms.accounts import validation_error_to_form
from complaints.forms.staff import AssignForm, NoteForm, QueueFilterForm, RoleForm, StaffAddForm, StatusForm, WalkInForm
from complaints.models import ClinicMembership
from complaints.presenters.staff_queue import queue_rows
from complaints.selectors import staff_cases, staff_queue
from complaints.selectors.access import CaseAs, case_access, clinic_access, clinic_membership_access
from complaints.selectors.check_ins import check_in_question
from complaints.selectors.letters import mailed_letters_for_case
from complaints.selectors.pagination import CappedPaginator
from complaints.selectors.staff_clinic import clinic_case_total, clinic_members, clinic_memberships
from complaints.services import staff as staff_services
from complaints.services.letter_bundle import CASES_LETTERS_MAX
from complaints.services.second_factor import clinic_staff_otp_reset
from guidance import clock

AUDIT_PAGE_SIZE = 50


# The clinic a member of several clinics chose to work for (clinic_switch); checked again on every request.
CLINIC_SESSION_KEY = "staff_clinic_id"


def staff_clinic_current(request):
    """The clinic the user works for: the one chosen in this session if they are still its member, else their
    first clinic by id. PermissionDenied (403) for anyone who is not clinic staff."""
    chosen = request.session.get(CLINIC_SESSION_KEY)
    if chosen is not None:
        try:
            return clinic_access(user=request.user, clinic_id=chosen)
        except PermissionDenied:
            del request.session[CLINIC_SESSION_KEY]  # no longer a member there: back to the default
    return clinic_access(user=request.user)


def staff_view(view):
    """Signed-in clinic staff only; passes the clinic the user works for as `clinic` (also `request.staff_clinic`,
    for the header's clinic choice)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.staff_clinic = staff_clinic_current(request)
        return view(request, *args, clinic=request.staff_clinic, **kwargs)

    return wrapped


@require_POST
@staff_view
def clinic_switch(request, clinic):
    """Work for another of the user's clinics (the header's select; a plain form, no JavaScript needed).
    A clinic they are not a member of is refused (403) and the choice stays as it was; none chosen means the
    default (their first clinic)."""
    chosen = request.POST.get("clinic", "").strip()
    if not chosen:
        request.session.pop(CLINIC_SESSION_KEY, None)
        return redirect("staff:queue")
    clinic_id = database_id(chosen)
    if clinic_id is None:
        raise PermissionDenied
    chosen_clinic = clinic_access(user=request.user, clinic_id=clinic_id)
    request.session[CLINIC_SESSION_KEY] = chosen_clinic.pk
    messages.success(request, _("现在为“%(clinic)s”工作。") % {"clinic": chosen_clinic.name})
    return redirect("staff:queue")


# --- the queue ---

@require_GET
@staff_view
def queue(request, clinic):
    clinic_ids = [clinic.pk]
    members = list(clinic_members(clinic_ids))
    form = QueueFilterForm(request.GET or None, members=members)
    filters = form.cleaned_data if form.is_valid() else {}
    priority = filters.get("priority")
    cases = staff_queue.queue_cases(
        clinic_ids=clinic_ids, today=clock.today(), me=request.user,
        status=filters.get("status", ""), assignee=filters.get("assignee", ""),
        priority_level=int(priority) if priority else None, lender=filters.get("lender", ""),
        deadline=filters.get("deadline", ""), query=filters.get("q", ""),
    )
    filtered = any(filters.get(name) for name in ("q", "status", "assignee", "priority", "lender", "deadline"))
    paginator = CappedPaginator(cases, staff_queue.QUEUE_PAGE_SIZE, cap=staff_queue.QUEUE_LIST_CAP,
                                total=None if filtered else clinic_case_total(clinic_ids))
    page = paginator.get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    # The letters form sends the queue's query back, so a refused selection returns to the queue as it was.
    context = {"form": form, "page": page, "rows": queue_rows(page.object_list, today=clock.today()),
               "query_string": query_string.urlencode(), "queue_query": request.GET.urlencode(),
               "cases_letters_max": CASES_LETTERS_MAX}
    template = "staff/queue.html#results" if request.htmx else "staff/queue.html"
    return render(request, template, context)


# --- one case ---

def _case_page(request, clinic, case, *, status=200, **forms):
    clinic_ids = [clinic.pk]
    members = list(clinic_members(clinic_ids))
    collectors = staff_cases.case_collector_counts(case=case, clinic_id=clinic.pk)
    context = {
        "case": case,
        "note_form": forms.get("note_form") or NoteForm(),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": case.assignee_id}, members=members),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": case.status}),
        "notes": staff_cases.case_notes(case),
        "log_entries": staff_cases.case_log_entries(case, limit=50),
        "mailed_letters": mailed_letters_for_case(case),
        "number_counts": collectors["numbers"],
        "lender_counts": collectors["lender"],
        "claim_code": forms.get("claim_code"),
        "joint_consent": staff_cases.case_joint_consent(case=case, clinic_ids=clinic_ids),
        "check_in": check_in_question(case),
    }
    return render(request, "staff/case.html", context, status=status)


def _staff_case(request, clinic, case_id):
    return case_access(user=request.user, case_id=case_id, as_=CaseAs.STAFF, clinic=clinic)


@require_GET
@staff_view
def case_detail(request, case_id, clinic):
    case = _staff_case(request, clinic, case_id)
    staff_services.case_staff_view_record(actor=request.user, case=case, page="staff:case")
    return _case_page(request, clinic, case)


def _case_form_post(request, clinic, case_id, *, form_name, form, save, done):
    """The shape the note, assignee and status forms share: the case through the gate, the form checked, the
    service called (a ValidationError it raises shown on the form), back to the case page with `done`; the case
    page with the form's errors and 400 otherwise."""
    case = _staff_case(request, clinic, case_id)
    if form.is_valid():
        try:
            save(case, form.cleaned_data)
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:case", case_id=case.pk)
    return _case_page(request, clinic, case, status=400, **{form_name: form})


@require_POST
@staff_view
def case_note_add(request, case_id, clinic):
    return _case_form_post(
        request, clinic, case_id, form_name="note_form", form=NoteForm(request.POST), done=_("备注已保存。"),
        save=lambda case, data: staff_services.case_note_add(actor=request.user, case=case, text=data["text"]))


@require_POST
@staff_view
def case_assign(request, case_id, clinic):
    members = list(clinic_members([clinic.pk]))

    def save(case, data):
        assignee = next((member for member in members if str(member.pk) == data["assignee"]), None)
        staff_services.case_assign(actor=request.user, case=case, assignee=assignee, clinic_ids=[clinic.pk])

    return _case_form_post(request, clinic, case_id, form_name="assign_form", form=AssignForm(request.POST, members=members),
                           save=save, done=_("负责人已更新。"))


@require_POST
@staff_view
def case_status(request, case_id, clinic):
    return _case_form_post(
        request, clinic, case_id, form_name="status_form", form=StatusForm(request.POST), done=_("状态已更新。"),
        save=lambda case, data: staff_services.case_status_change(actor=request.user, case=case, status=data["status"]))


@require_POST
@staff_view
def case_claim_code(request, case_id, clinic):
    case = _staff_case(request, clinic, case_id)
    try:
        code = staff_services.claim_code_issue(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("staff:case", case_id=case.pk)
    return _case_page(request, clinic, case, claim_code=code)


@require_GET
@staff_view
def case_audit(request, case_id, clinic):
    case = _staff_case(request, clinic, case_id)
    page = Paginator(staff_cases.case_audit_events(case), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/case_audit.html", {"case": case, "page": page})


@require_http_methods(["GET", "POST"])
@staff_view
def walk_in(request, clinic):
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case, code = staff_services.walk_in_case_open(actor=request.user, clinic=clinic, **form.cleaned_data)
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            return render(request, "staff/walk_in_done.html",
                          {"case": case, "claim_code": code, "joint_consent": form.cleaned_data["joint_consent"]})
    return render(request, "staff/walk_in.html", {"form": form, "joint_consent_text": staff_services.WALK_IN_JOINT_CONSENT},
                  status=400 if form.errors else 200)


# --- the team ---

def _team_page(request, clinic_id, *, add_form=None, status=200, one_time_password=None):
    memberships = clinic_memberships(clinic_id)
    return render(request, "staff/team.html", {"memberships": memberships, "add_form": add_form or StaffAddForm(),
                                               "role_choices": ClinicMembership.Role.choices,
                                               "one_time_password": one_time_password}, status=status)


@require_GET
@staff_view
def team(request, clinic):
    return _team_page(request, clinic_access(user=request.user, clinic_id=clinic.pk, as_admin=True).pk)


@require_POST
@staff_view
def team_add(request, clinic):
    clinic_id = clinic_access(user=request.user, clinic_id=clinic.pk, as_admin=True).pk
    form = StaffAddForm(request.POST)
    if form.is_valid():
        try:
            staff_services.clinic_staff_add(actor=request.user, clinic_id=clinic_id, **form.cleaned_data)
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            messages.success(request, _("已添加工作人员 %(username)s。") % {"username": form.cleaned_data["username"]})
            return redirect("staff:team")
    return _team_page(request, clinic_id, add_form=form, status=400)


@require_POST
@staff_view
def team_role(request, membership_id, clinic):
    membership = clinic_membership_access(user=request.user, membership_id=membership_id, clinic_id=clinic.pk)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["role"][0])
        staff_services.clinic_staff_set_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("角色已更新。"))
    return redirect("staff:team")


@never_cache
@require_POST
@staff_view
def team_password_reset(request, membership_id, clinic):
    """Shows the new one-time password in this response only: it is stored nowhere but as a hash."""
    membership = clinic_membership_access(user=request.user, membership_id=membership_id, clinic_id=clinic.pk)
    try:
        password = staff_services.clinic_staff_password_reset(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("staff:team")
    return _team_page(request, membership.clinic_id,
                      one_time_password={"username": membership.user.username, "password": password})


def _team_member_action(request, membership_id, clinic, *, act, done: str):
    """One POST on a member of the team (a clinic admin's): the member through the gate, the service, its refusal
    or `done` (with %(username)s) as a message, back to the team page."""
    membership = clinic_membership_access(user=request.user, membership_id=membership_id, clinic_id=clinic.pk)
    try:
        act(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done % {"username": membership.user.username})
    return redirect("staff:team")


@require_POST
@staff_view
def team_deactivate(request, membership_id, clinic):
    return _team_member_action(request, membership_id, clinic, act=staff_services.clinic_staff_deactivate,
                               done=_("已停用 %(username)s。"))


@require_POST
@staff_view
def team_unlock(request, membership_id, clinic):
    """A clinic admin lifts a colleague's log-in lock-out (too many wrong passwords)."""
    return _team_member_action(request, membership_id, clinic, act=staff_services.clinic_staff_login_unlock,
                               done=_("已解除 %(username)s 的登录锁定。"))


@require_POST
@staff_view
def team_otp_reset(request, membership_id, clinic):
    """A clinic admin removes a colleague's authenticator (a lost phone); they enrol again at their next log-in."""
    return _team_member_action(request, membership_id, clinic, act=clinic_staff_otp_reset,
                               done=_("已重置 %(username)s 的两步验证：下次登录时重新设置。"))
