"""User.must_change_password: a password a clinic admin set works once; the person then chooses their own.

Existing accounts keep their passwords (the flag starts off for everyone).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0009_case_borrower_phone'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='must_change_password',
            field=models.BooleanField(default=False, verbose_name='下次登录须设置新密码'),
        ),
    ]
