import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_readable_output_in_chinese(capsys):
    call_command("phone_info", "+86 138-0013-8000")
    out = capsys.readouterr().out
    assert "+8613800138000" in out
    assert "手机号码" in out
    assert "中国移动" in out
    assert "10086" in out
    assert "北京市" in out


def test_json_output():
    from io import StringIO

    buffer = StringIO()
    call_command("phone_info", "10690000123456", "--json", stdout=buffer)
    data = json.loads(buffer.getvalue())
    assert data["kind"] == "sms_port"
    assert data["carrier"] == "unknown"
    assert data["normalized"] == "10690000123456"
    assert data["complain_to"] == {"name": "12321网络不良与垃圾信息举报受理中心", "hotline": "12321"}


def test_invalid_number_exits_with_status_2():
    with pytest.raises(CommandError) as raised:
        call_command("phone_info", "12345abc")
    assert raised.value.returncode == 2
    assert "不是有效的电话号码" in str(raised.value)


def test_invalid_number_exit_status_from_the_shell():
    import subprocess
    import sys
    from pathlib import Path

    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run([sys.executable, str(manage), "phone_info", "1380013"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "不是有效的电话号码" in result.stderr
    ok = subprocess.run([sys.executable, str(manage), "phone_info", "95588"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0
    assert "服务号码" in ok.stdout
