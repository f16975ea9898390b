import json
from io import StringIO

import pytest
from django.core.management import call_command


def test_readable_output_in_chinese(capsys):
    call_command("phone_info", "+86 138-0013-8000")
    out = capsys.readouterr().out
    assert "+8613800138000" in out
    assert "手机号码" in out
    assert "中国移动" in out
    assert "10086" in out
    assert "北京市" in out


def test_json_output():
    buffer = StringIO()
    call_command("phone_info", "10690000123456", "--json", stdout=buffer)
    data = json.loads(buffer.getvalue())
    assert data["kind"] == "sms_port"
    assert data["carrier"] == "unknown"
    assert data["normalized"] == "10690000123456"
    assert data["complain_to"] == {"name": "12321网络不良与垃圾信息举报受理中心", "name_en": "12321 spam and harmful-information reporting centre",
                                   "hotline": "12321"}
    assert len(data["caveats_en"]) == len(data["caveats"]) == 2
    assert data["caveats_en"][0].startswith("Numbers starting with 106 are SMS ports")
    assert "cross-network" in data["caveats_en"][1]


def test_readable_output_keeps_the_chinese_caveats_only(capsys):
    call_command("phone_info", "10690000123456")
    out = capsys.readouterr().out
    assert "注意：106开头的是短信端口号" in out
    assert "SMS port" not in out


def test_emergency_and_public_numbers_name_no_one_to_complain_to(capsys):
    for number in ("110", "12345"):
        call_command("phone_info", number)
        out = capsys.readouterr().out
        assert "向谁投诉" not in out and "12321网络不良" not in out
        assert f"注意：{number}是" in out and "不是催收方的号码" in out
    buffer = StringIO()
    call_command("phone_info", "120", "--json", stdout=buffer)
    data = json.loads(buffer.getvalue())
    assert (data["kind"], data["complain_to"]) == ("service_number", None)


def test_invalid_number_exits_with_status_2_and_one_chinese_line(capsys):
    with pytest.raises(SystemExit) as raised:
        call_command("phone_info", "12345abc")
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("“12345abc”不是有效的电话号码：") and err.count("\n") == 1


def test_invalid_number_exit_status_from_the_shell():
    import subprocess
    import sys
    from pathlib import Path

    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run([sys.executable, str(manage), "phone_info", "1380013"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("“1380013”不是有效的电话号码：") and result.stderr.count("\n") == 1
    assert "CommandError" not in result.stderr
    ok = subprocess.run([sys.executable, str(manage), "phone_info", "95588"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0
    assert "服务号码" in ok.stdout
