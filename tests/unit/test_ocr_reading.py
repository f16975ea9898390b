"""complaints/ocr.py with the real engine (rapidocr-onnxruntime and its bundled models, offline) on screenshots the
test renders itself (bench/screenshots.py): every phone style, light and dark, scaled and JPEG-compressed."""

import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path

import pytest
from PIL import Image

from complaints import ocr

pytestmark = pytest.mark.ocr

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))  # as when the script runs, `import _bootstrap` and `import screenshots` work
import screenshots  # noqa: E402

_SPEC = importlib.util.spec_from_file_location("ocr_bench", BENCH / "ocr.py")
ocr_bench = importlib.util.module_from_spec(_SPEC)
sys.modules["ocr_bench"] = ocr_bench  # its dataclasses look their module up there
_SPEC.loader.exec_module(ocr_bench)

REFERENCE = dt.date(2026, 12, 6)


def test_the_engine_loads_its_bundled_models_without_the_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the OCR engine tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    ocr.engine.cache_clear()
    engine = ocr.engine()
    models = Path(sys.modules["rapidocr_onnxruntime"].__file__).parent / "models"
    assert sorted(path.name for path in models.glob("*.onnx"))
    assert engine is ocr.engine()  # loaded once per process


@pytest.fixture(scope="module")
def measured():
    shots = screenshots.render_set(8, seed=23, reference=REFERENCE)
    return shots, *ocr_bench.measure(shots, REFERENCE)


def test_every_style_is_rendered(measured):
    shots, _score, _seconds, _cpu = measured
    assert {shot.style for shot in shots} == set(screenshots.STYLES)
    assert sum(len(shot.messages) for shot in shots) >= 16


def test_numbers_and_times_are_read_exactly_and_texts_nearly(measured):
    _shots, score, _seconds, _cpu = measured
    assert score.sender_rate >= 0.95
    assert score.time_rate >= 0.95
    assert score.character_accuracy >= 0.97
    assert score.extra_proposals == 0


def test_crop_boxes_are_in_the_stored_files_pixels(measured):
    shots, _score, _seconds, _cpu = measured
    shot = next(shot for shot in shots if shot.width != ocr.READ_WIDTH)
    screen = ocr.read(shot.data, filename=shot.filename, uploaded_on=REFERENCE)
    for proposal in screen.proposals:
        left, top, right, bottom = proposal.box
        assert 0 <= left < right <= shot.width and 0 <= top < bottom <= shot.height
    # Boxes run down the screenshot, one below the other.
    tops = [proposal.box[1] for proposal in screen.proposals]
    assert tops == sorted(tops)


def test_without_a_date_of_its_own_the_screenshot_is_read_against_the_upload_day():
    shot = screenshots.render_set(1, seed=5, reference=REFERENCE)[0]
    later = dt.date(2026, 12, 8)
    own = ocr.read(shot.data, filename=shot.filename, uploaded_on=later)
    anonymous = ocr.read(shot.data, filename="IMG_0001.JPG", uploaded_on=later)
    assert [proposal.at for proposal in own.proposals] == [message.at for message in shot.messages]
    # "昨天", "星期三" … count back from the upload day instead: the same weekday-free moments shift by two days.
    relative = [(a.at, b.at) for a, b in zip(own.proposals, anonymous.proposals, strict=True) if a.at != b.at]
    assert all(b - a == dt.timedelta(days=2) for a, b in relative)


def test_bytes_that_are_no_image_are_refused():
    with pytest.raises(ocr.ScreenshotUnreadable):
        ocr.read(b"not an image", filename="x.png", uploaded_on=REFERENCE)


def test_a_huge_screenshot_is_read_at_the_reading_width(monkeypatch):
    seen = []
    real = ocr.read_lines
    monkeypatch.setattr(ocr, "read_lines", lambda image: seen.append(image.size) or real(image))
    image = Image.new("RGB", (3000, 6000), "white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    assert ocr.read(buffer.getvalue(), filename="big.jpg", uploaded_on=REFERENCE).proposals == ()
    assert seen[0][0] <= ocr.READ_WIDTH


def test_an_image_too_large_to_decode_within_the_limit_is_not_read(settings):
    settings.EVIDENCE_MAX_DECODED_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1000), "white").save(buffer, "PNG")
    with pytest.raises(ocr.ScreenshotUnreadable):
        ocr.read(buffer.getvalue(), filename="big.png", uploaded_on=REFERENCE)
