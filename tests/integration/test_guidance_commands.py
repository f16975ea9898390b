import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from guidance import export, ladder

SCENARIOS = Path(__file__).resolve().parents[1] / "guidance" / "scenarios"


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _case_file(tmp_path, data) -> str:
    path = tmp_path / "case.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_plan_json_is_the_engine_plan(tmp_path):
    scenario = json.loads((SCENARIOS / "bank_day_15_still_waiting.json").read_text(encoding="utf-8"))
    code, out, _ = _run("plan", "--case", _case_file(tmp_path, scenario["case"]), "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["spec"] == "zhirao-plan/1"
    regulator = next(entry for entry in plan["actions"] if entry["action"] == "complain_regulator")
    assert (regulator["status"], regulator["until"]) == ("waiting", "2026-03-16")


def test_plan_today_option_moves_the_day(tmp_path):
    scenario = json.loads((SCENARIOS / "bank_day_15_still_waiting.json").read_text(encoding="utf-8"))
    code, out, _ = _run("plan", "--case", _case_file(tmp_path, scenario["case"]), "--json", "--today", "2026-03-17")
    regulator = next(entry for entry in json.loads(out)["actions"] if entry["action"] == "complain_regulator")
    assert code == 0 and regulator["status"] == "do_now"


def test_plan_summary_is_readable_chinese(tmp_path):
    scenario = json.loads((SCENARIOS / "danger_now_police_first.json").read_text(encoding="utf-8"))
    code, out, _ = _run("plan", "--case", _case_file(tmp_path, scenario["case"]))
    assert code == 0
    assert out.startswith("行动计划（2026年3月20日")
    assert "【紧急】立即报警（110）" in out
    assert "下一步：保全证据" in out
    assert "以后再做：" in out and "需要先：向放贷机构投诉" in out
    assert "《电信用户申诉处理办法》第十条（二手文本）" in out


def test_plan_summary_shows_days_left(tmp_path):
    scenario = json.loads((SCENARIOS / "carrier_day_15_still_waiting.json").read_text(encoding="utf-8"))
    _, out, _ = _run("plan", "--case", _case_file(tmp_path, scenario["case"]), "--today", "2026-03-10")
    assert "（等到2026年3月16日，还剩6天）" in out


BAD_FILES = [
    ("malformed_json", '{"spec": "zhirao-case/1", "lender": }', "不是有效的 JSON"),
    ("wrong_spec", {"spec": "zhirao-plan/1"}, 'spec: 应为 "zhirao-case/1"'),
    ("unknown_field", {"borrower": {"nickname": "小张"}}, 'borrower.nickname: 不认识的字段 "nickname"'),
    ("bad_lender_kind", {"lender": {"kind": "bankk"}}, 'lender.kind: 不认识的取值 "bankk"，可选：bank、consumer_finance'),
    ("impossible_date", {"today": "2026-02-30"}, "today: 日期不存在：2026-02-30"),
    ("wrong_type", {"harassment": {"night_contact": "sometimes"}}, "harassment.night_contact: 应为布尔值"),
    ("future_step", {"today": "2026-03-01", "steps_taken": [{"action": "complain_lender", "on": "2026-03-02"}]}, "steps_taken[0].on: 日期 2026-03-02 晚于今天"),
    ("unknown_action", {"steps_taken": [{"action": "sue_lender", "on": "2026-03-02"}]}, 'steps_taken[0].action: 不认识的取值 "sue_lender"'),
    ("unknown_result", {"steps_taken": [{"action": "complain_lender", "on": "2026-03-02", "result": "ok"}]}, 'steps_taken[0].result: 不认识的取值 "ok"'),
    ("bad_phone", {"collector": {"numbers": ["13800138000", "call me"]}}, 'collector.numbers[1]: 不是电话号码："call me"'),
    ("bad_postcode", {"borrower": {"address": {"postcode": "5180000"}}}, "borrower.address.postcode: 邮政编码应为 6 位数字"),
    ("not_an_object", '"张三"', "案件文件应是一个 JSON 对象"),
]


@pytest.mark.parametrize(("content", "message"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_bad_case_file_exits_2_with_one_line_naming_the_field(tmp_path, content, message):
    path = _case_file(tmp_path, content)
    code, out, err = _run("plan", "--case", path)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"{path}: {message}")


def test_missing_file_and_bad_today_exit_2(tmp_path):
    code, _, err = _run("plan", "--case", str(tmp_path / "nope.json"))
    assert code == 2 and "无法读取文件" in err
    code, _, err = _run("plan", "--case", _case_file(tmp_path, {}), "--today", "2026-13-01")
    assert code == 2 and err.startswith("--today:")


def test_plan_exit_status_from_the_shell(tmp_path):
    path = _case_file(tmp_path, {"lender": {"kind": "bankk"}})
    result = subprocess.run([sys.executable, "manage.py", "plan", "--case", path], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().endswith('lender.kind: 不认识的取值 "bankk"，可选：bank、consumer_finance、microloan、online_platform、unlicensed、unknown')


def test_guidance_check_passes_on_the_committed_data():
    code, out, _ = _run("guidance_check")
    assert code == 0
    assert f"通过：阶梯 escalation/{ladder.CURRENT[1]}（13 个行动）" in out
    assert "《电信用户申诉处理办法》第十条" in out  # the secondary source is pointed out


def test_guidance_check_fails_on_a_broken_ladder(tmp_path, monkeypatch):
    raw = ladder.read_yaml(ladder.path_for(*ladder.CURRENT))
    raw["actions"][0]["citations"][0]["quote"] = "当事人必须提供证据。"
    target = tmp_path / "escalation" / f"{ladder.CURRENT[1]}.yaml"
    target.parent.mkdir()
    import yaml

    target.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (tmp_path / "published.json").write_text((ladder.LADDERS_DIR / "published.json").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(ladder, "LADDERS_DIR", tmp_path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 2 个问题"):
        call_command("guidance_check", stderr=err, stdout=io.StringIO())
    assert f"escalation/{ladder.CURRENT[1]}: 已发布的版本被改动了（sha256 不符）" in err.getvalue()
    assert "actions[0].citations[0]" in err.getvalue() and "引文与" in err.getvalue()


def test_guidance_check_refuses_an_unregistered_ladder_version(tmp_path, monkeypatch):
    target = tmp_path / "escalation" / "2027-01.yaml"
    target.parent.mkdir()
    target.write_bytes(ladder.path_for(*ladder.CURRENT).read_bytes())
    monkeypatch.setattr(ladder, "LADDERS_DIR", tmp_path)
    problems = ladder.check_all()
    assert "escalation/2027-01: 没有登记在 published.json 中（发布时写入它的 sha256）" in problems
    assert any("文件名应与 id/version 一致" in problem for problem in problems)


def test_guidance_export_check_mode(tmp_path, monkeypatch):
    assert _run("guidance_export", "--check")[0] == 0
    monkeypatch.setattr(export, "LADDER_DOC", tmp_path / "guidance-ladder.md")
    code, _, err = _run("guidance_export", "--check")
    assert code == 1 and "guidance-ladder.md" in err
    assert _run("guidance_export")[0] == 0
    assert (tmp_path / "guidance-ladder.md").read_text(encoding="utf-8") == export.ladder_markdown()


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.json")), ids=lambda path: path.stem)
def test_plan_command_json_equals_the_engine_for_every_scenario(path, tmp_path):
    from guidance import engine
    from guidance.schema import parse_case_file

    case = json.loads(path.read_text(encoding="utf-8"))["case"]
    code, out, err = _run("plan", "--case", _case_file(tmp_path, case), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == engine.plan(parse_case_file(case))
