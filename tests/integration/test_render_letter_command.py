"""manage.py render_letter: one kind to a file, all kinds to a directory, exit status 2 with one clear line on bad input."""

import json

import pytest
from django.core.management import call_command

from complaints.management.letter_samples import CASE_PATH
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.pdf


def run(*args):
    call_command("render_letter", *args)


def test_one_kind_writes_its_pdf(tmp_path):
    out = tmp_path / "cease.pdf"
    run("--case", str(CASE_PATH), "--kind", "collector_cease", "--out", str(out), "--today", "2026-03-21")
    text = pdf_text(out.read_bytes())
    assert "停止违规催收通知函" in text and "2026年3月21日" in text and "2026年3月28日" in text


def test_all_writes_every_complete_letter_and_envelopes_and_names_what_is_missing(tmp_path, capsys):
    run("--case", str(CASE_PATH), "--kind", "all", "--out", str(tmp_path / "out"))
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert "collector_cease.pdf" in names and "collector_cease-envelope.pdf" in names
    assert "lender_complaint.pdf" in names and "carrier_complaint-中国移动.pdf" in names and "report_12321.pdf" in names
    assert "report_12321-envelope.pdf" not in names  # no postal addressee
    assert "police_report.pdf" not in names
    captured = capsys.readouterr()
    assert "skipped police_report: missing fields: 报案的公安机关" in captured.err
    assert json.loads(captured.out)["written"] == len([name for name in names if "envelope" not in name])


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "no_such_kind"], "unknown kind 'no_such_kind'"),
    (["--kind", "police_report"], "police_report: missing fields: 报案的公安机关"),
    (["--kind", "collector_cease", "--today", "2026-13-01"], "--today must be a date"),
])
def test_bad_requests_exit_2_with_one_line(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        run("--case", str(CASE_PATH), "--out", str(tmp_path / "x.pdf"), *args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"spec": "zhirao-case/1", "surprise": 1})])
def test_unreadable_or_invalid_case_file_exits_2(tmp_path, capsys, content):
    case = tmp_path / "case.json"
    if content is not None:
        case.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        run("--case", str(case), "--kind", "collector_cease", "--out", str(tmp_path / "x.pdf"))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("render_letter: ") and "\n" not in err


def test_inputs_the_web_form_asks_for_are_given_on_the_command_line(tmp_path):
    out = tmp_path / "police.pdf"
    run("--case", str(CASE_PATH), "--kind", "police_report", "--out", str(out),
        "--input", "police_station=深圳市公安局南山分局粤海派出所", "--input", "narrative=我母亲因此住院",
        "--input", "demands=请依法处理", "--input", "demands=请出具受案回执")
    text = pdf_text(out.read_bytes())
    assert "深圳市公安局南山分局粤海派出所" in text and "我母亲因此住院" in text
    assert "请依法处理" in text and "请出具受案回执" in text


def test_all_renders_every_kind_whose_inputs_are_given(tmp_path):
    run("--case", str(CASE_PATH), "--kind", "all", "--out", str(tmp_path / "out"),
        "--input", "police_station=深圳市公安局南山分局粤海派出所", "--input", "court_name=深圳市南山区人民法院",
        "--input", "gender=女", "--input", "birth_date=1990-01-01", "--input", "ethnicity=汉族", "--input", "occupation=职员",
        "--input", "employer=无", "--input", "compensation_amount=5000", "--input", "mental_harm=长期失眠")
    names = {path.name for path in (tmp_path / "out").iterdir()}
    assert {"police_report.pdf", "civil_complaint.pdf"} <= names


@pytest.mark.parametrize(("value", "message"), [
    ("no_such_input=1", "expected NAME=VALUE"),
    ("police_station", "expected NAME=VALUE"),
])
def test_bad_inputs_exit_2(tmp_path, capsys, value, message):
    with pytest.raises(SystemExit) as exit_info:
        run("--case", str(CASE_PATH), "--kind", "police_report", "--out", str(tmp_path / "x.pdf"), "--input", value)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_an_input_the_form_would_refuse_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run("--case", str(CASE_PATH), "--kind", "civil_complaint", "--out", str(tmp_path / "x.pdf"),
            "--input", "compensation_amount=很多")
    assert "compensation_amount" in capsys.readouterr().err
