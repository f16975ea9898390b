"""Test data builders: one factory per model, realistic Chinese values."""

import datetime

import factory
from django.utils import timezone

from complaints.models import Case, CaseNumber, CaseShare, Clinic, ClinicMembership, LogEntry, ScreenshotProposal, User
from complaints.services.numbers import shared_numbers_sync


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "三"
    last_name = "张"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"第{n}法律援助工作站")
    phone = "020-12345678"
    address = "广东省广州市越秀区示例路1号"


class StaffFactory(UserFactory):
    @factory.post_generation
    def clinic(obj, create, extracted, **kwargs):
        if create:
            ClinicMembership.objects.create(user=obj, clinic=extracted or ClinicFactory(), role=ClinicMembership.Role.STAFF)


class ClinicAdminFactory(UserFactory):
    @factory.post_generation
    def clinic(obj, create, extracted, **kwargs):
        if create:
            ClinicMembership.objects.create(user=obj, clinic=extracted or ClinicFactory(), role=ClinicMembership.Role.CLINIC_ADMIN)


class BorrowerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"+86138{n:08d}")
    phone = factory.LazyAttribute(lambda user: user.username)


class CaseFactory(factory.django.DjangoModelFactory):
    """A borrower's case; `shared_with=clinic` also records the borrower's consent to that clinic, and
    `joint_consent=True` (with `shared_with`) their separate consent to that clinic's joint complaints."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    owner = factory.SubFactory(BorrowerFactory)
    borrower_name = "李四"
    borrower_phone = "+8613800138000"
    lender_name = "某某消费金融有限公司"
    lender_kind = "consumer_finance"
    data = factory.LazyAttribute(lambda case: {
        "spec": "zhirao-case/1",
        "borrower": {"name": case.borrower_name, "phone": case.borrower_phone},
        "lender": {"name": case.lender_name, "kind": case.lender_kind},
    })

    @factory.post_generation
    def shared_with(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            CaseShare.objects.create(case=obj, clinic=extracted, consented_by=obj.owner, consent_text="我同意该机构查看并处理我的案件。")
            shared_numbers_sync(obj)

    @factory.post_generation
    def joint_consent(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.shares.filter(withdrawn_at__isnull=True).update(
                joint_consented_at=timezone.now(), joint_consented_by=obj.owner, joint_consent_text="我同意纳入该机构的联合投诉材料。")
            shared_numbers_sync(obj)

    @factory.post_generation
    def numbers(obj, create, extracted, **kwargs):
        if create and extracted:
            CaseNumber.objects.bulk_create([CaseNumber(case=obj, number=number) for number in extracted])
            shared_numbers_sync(obj)


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    case = factory.SubFactory(CaseFactory)
    at = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 14, 10, 0, tzinfo=datetime.UTC))
    channel = LogEntry.Channel.SMS
    from_number = "+8617012345678"
    target = LogEntry.Target.SELF
    text = "再不还款就通知你全部联系人。"


class ScreenshotProposalFactory(factory.django.DjangoModelFactory):
    """A message read from a screenshot, as complaints.services.screenshots stores it; `evidence` is required."""

    class Meta:
        model = ScreenshotProposal

    case = factory.LazyAttribute(lambda proposal: proposal.evidence.case)
    position = factory.Sequence(lambda n: n)
    crop_left, crop_top, crop_right, crop_bottom = 0, 0, 20, 10
    at = factory.LazyFunction(lambda: datetime.datetime(2026, 12, 5, 14, 41, tzinfo=datetime.UTC))
    time_text = "昨天 22:41"
    from_number = "106901234567"
    text = "你这个老赖，再不还钱就爆通讯录"
    content = factory.LazyFunction(lambda: ["threat_exposure", "insult"])
