"""Test data builders: one factory per model, realistic Chinese values."""

import factory

from complaints.models import Clinic, ClinicMembership, User


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
