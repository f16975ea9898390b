"""complaints.selectors.access, branch by branch: who reaches a case, an evidence file, a clinic, a clinic's member.

The URL-level tests (test_case_access.py, test_staff_permissions.py) check every view goes through the gate;
these check the gate itself.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from complaints.models import ClinicMembership
from complaints.selectors.access import (
    CaseAs,
    case_access,
    case_visible_to_staff,
    clinic_access,
    clinic_ids_for_staff,
    clinic_membership_access,
)
from tests.factories import CaseFactory, ClinicAdminFactory, ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clinic):
    return CaseFactory(shared_with=clinic)


def test_the_owner_reaches_their_case_as_owner_and_as_owner_or_staff(case):
    assert case_access(user=case.owner, case_id=case.pk, as_=CaseAs.OWNER) == case
    assert case_access(user=case.owner, case_id=case.pk) == case


def test_staff_of_the_sharing_clinic_reach_the_case_but_not_as_owner(case, clinic):
    staff = StaffFactory(clinic=clinic)
    assert case_access(user=staff, case_id=case.pk) == case
    assert case_access(user=staff, case_id=case.pk, as_=CaseAs.STAFF, clinic=clinic) == case
    with pytest.raises(Http404):
        case_access(user=staff, case_id=case.pk, as_=CaseAs.OWNER)


def test_missing_and_forbidden_cases_are_the_same_404(case):
    stranger = UserFactory()
    for user, case_id in [(stranger, case.pk), (stranger, case.pk + 1000), (AnonymousUser(), case.pk)]:
        with pytest.raises(Http404):
            case_access(user=user, case_id=case_id)


def test_a_withdrawn_share_ends_staff_access(case, clinic):
    staff = StaffFactory(clinic=clinic)
    case.shares.update(withdrawn_at=timezone.now())
    with pytest.raises(Http404):
        case_access(user=staff, case_id=case.pk)
    with pytest.raises(Http404):
        case_access(user=staff, case_id=case.pk, as_=CaseAs.STAFF, clinic=clinic)


def test_as_staff_the_case_must_be_shared_with_the_clinic_worked_for_and_owning_it_gives_nothing(case, clinic):
    other = ClinicFactory()
    staff = StaffFactory(clinic=other)
    ClinicMembership.objects.create(user=staff, clinic=clinic)
    with pytest.raises(Http404):
        case_access(user=staff, case_id=case.pk, as_=CaseAs.STAFF, clinic=other)
    assert case_access(user=staff, case_id=case.pk, as_=CaseAs.STAFF, clinic=clinic) == case
    with pytest.raises(Http404):
        case_access(user=case.owner, case_id=case.pk, as_=CaseAs.STAFF, clinic=clinic)


def test_as_staff_the_gate_checks_membership_itself(case, clinic):
    # A caller that passes a clinic the user does not belong to gets nothing.
    with pytest.raises(Http404):
        case_access(user=StaffFactory(), case_id=case.pk, as_=CaseAs.STAFF, clinic=clinic)
    with pytest.raises(TypeError):
        case_access(user=StaffFactory(clinic=clinic), case_id=case.pk, as_=CaseAs.STAFF)


def test_case_visible_to_staff_checks_both_not_owner_and_staff_of_a_sharing_clinic(case, clinic):
    assert case_visible_to_staff(user=StaffFactory(clinic=clinic), case=case)
    assert not case_visible_to_staff(user=case.owner, case=case)
    # Not the owner is not enough: someone with no share to their clinic is not reading as staff.
    assert not case_visible_to_staff(user=StaffFactory(), case=case)
    assert not case_visible_to_staff(user=UserFactory(), case=case)


def test_clinic_access_defaults_to_the_first_clinic_by_id_and_refuses_others_with_403():
    first, second, foreign = ClinicFactory(), ClinicFactory(), ClinicFactory()
    staff = StaffFactory(clinic=second)
    ClinicMembership.objects.create(user=staff, clinic=first)
    assert clinic_ids_for_staff(staff) == [first.pk, second.pk]
    assert clinic_access(user=staff) == first
    assert clinic_access(user=staff, clinic_id=second.pk) == second
    for clinic_id in (foreign.pk, foreign.pk + 1000):
        with pytest.raises(PermissionDenied):
            clinic_access(user=staff, clinic_id=clinic_id)
    with pytest.raises(PermissionDenied):
        clinic_access(user=UserFactory())
    with pytest.raises(PermissionDenied):
        clinic_access(user=AnonymousUser())


def test_clinic_access_as_admin_and_for_inactive_users():
    staff_clinic, admin_clinic = ClinicFactory(), ClinicFactory()
    user = StaffFactory(clinic=staff_clinic)
    ClinicMembership.objects.create(user=user, clinic=admin_clinic, role=ClinicMembership.Role.CLINIC_ADMIN)
    assert clinic_access(user=user, as_admin=True) == admin_clinic
    with pytest.raises(PermissionDenied):
        clinic_access(user=user, clinic_id=staff_clinic.pk, as_admin=True)
    user.is_active = False
    with pytest.raises(PermissionDenied):
        clinic_access(user=user)


def test_clinic_membership_access_reaches_only_the_administered_clinics_members(clinic):
    admin = ClinicAdminFactory(clinic=clinic)
    colleague = ClinicMembership.objects.get(user=StaffFactory(clinic=clinic))
    elsewhere = ClinicMembership.objects.get(user=StaffFactory())
    assert clinic_membership_access(user=admin, membership_id=colleague.pk) == colleague
    with pytest.raises(Http404):
        clinic_membership_access(user=admin, membership_id=elsewhere.pk)
    with pytest.raises(PermissionDenied):
        clinic_membership_access(user=colleague.user, membership_id=colleague.pk)
