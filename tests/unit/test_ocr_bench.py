"""bench/screenshots.py and the scoring of bench/ocr.py, without the OCR engine: the rendered truth, the score of
proposals against it, and the report section."""

import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path

from PIL import Image

from guidance.screenshot import Proposal, Screen

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
import _bootstrap  # noqa: E402
import screenshots  # noqa: E402

_SPEC = importlib.util.spec_from_file_location("ocr_bench", BENCH / "ocr.py")
ocr_bench = importlib.util.module_from_spec(_SPEC)
sys.modules["ocr_bench"] = ocr_bench
_SPEC.loader.exec_module(ocr_bench)

REFERENCE = dt.date(2026, 12, 6)


def test_rendering_is_repeatable_and_covers_every_style_as_jpeg_at_phone_widths():
    first, again = screenshots.render_set(6, seed=3), screenshots.render_set(6, seed=3)
    assert [shot.data for shot in first] == [shot.data for shot in again]
    assert [shot.style for shot in first] == list(screenshots.STYLES)
    for shot in first:
        image = Image.open(io.BytesIO(shot.data))
        assert image.format == "JPEG" and image.size == (shot.width, shot.height)
        assert shot.width in (720, 828, 1080, 1170)
        assert shot.filename.startswith(f"Screenshot_{REFERENCE:%Y%m%d}-")
        assert shot.messages and all(message.at.date() <= REFERENCE for message in shot.messages)
        assert shot.sender.startswith(("+86", "1069"))


def test_edit_distance():
    assert ocr_bench.edit_distance("老赖", "老赖") == 0
    assert ocr_bench.edit_distance("你这个老赖", "你这老赖！") == 2
    assert ocr_bench.edit_distance("", "abc") == 3


def _shot(*messages):
    return screenshots.Shot("ios_light", b"", "x.jpg", 720, 1280, "+8613800138000", tuple(messages))


def test_the_score_pairs_each_message_with_the_nearest_proposal():
    at = dt.datetime(2026, 12, 5, 22, 41, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    shot = _shot(screenshots.Expected("再不还钱就爆通讯录！", at), screenshots.Expected("小心你的家人", at))
    read = Screen("+8613800138000", (
        Proposal("小心你的家人", (0, 0, 1, 1)),  # no time read
        Proposal("再不还钱就爆通讯录!", (0, 0, 1, 1), when=None),
    ))
    score = ocr_bench.Score()
    score.add(shot, read)
    assert (score.senders_right, score.messages, score.times_right) == (1, 2, 0)
    assert score.character_errors == 0  # "!" and "！" are the same character for the log
    missed = ocr_bench.Score()
    missed.add(shot, Screen("", ()))
    assert (missed.sender_rate, missed.character_accuracy) == (0.0, 0.0)


def test_the_report_names_commit_load_targets_and_replaces_only_its_section(tmp_path, monkeypatch):
    report = tmp_path / "benchmarks.md"
    report.write_text("# 性能基准\n\n## 其他基准\n\n保留这一节。\n", encoding="utf-8")
    monkeypatch.setattr(_bootstrap, "commit", lambda: "abc1234567")
    score = ocr_bench.Score(screenshots=10, senders_right=10, messages=20, times_right=19, characters=400, character_errors=4)
    text = ocr_bench.report(score, [1.0, 1.2, 1.4], [1.5, 1.6, 1.7], count=10, seed=1, load=(0.5, 0.4, 0.3), peak_mb=700, loaded_mb=320)
    _bootstrap.write_section(text, report)
    _bootstrap.write_section(text, report)
    written = report.read_text(encoding="utf-8")
    assert "保留这一节。" in written and written.count("<!-- ocr:start -->") == 1
    assert "提交 abc1234567" in written and "负载 0.50" in written
    assert "| 发信号码完全正确 | 10/10（100.0%） | ≥ 95 %，达标 |" in written
    assert "| 消息时间完全正确 | 19/20（95.0%） | ≥ 95 %，达标 |" in written
    assert "99.00%" in written
    assert "700 MB（Django 和模型载入后 320 MB）" in written
