"""What the evidence checker accepts and refuses, decided from the bytes alone."""

import io

import pytest
from PIL import Image

from complaints.evidence_types import EvidenceRefused, detect, image_thumbnail
from tests.fixtures.evidence import samples
from tests.fixtures.evidence.refused import REFUSED, REFUSED_IDS, truncated


def _detect(data: bytes, name: str = "file"):
    return detect(io.BytesIO(data), size=len(data), name=name)


@pytest.mark.parametrize("name", list(samples.ACCEPTED))
def test_every_accepted_format_is_recognised_from_its_content(name):
    build, kind, content_type = samples.ACCEPTED[name]
    detected = _detect(build(), name)
    assert (detected.kind, detected.content_type) == (kind, content_type)
    assert detected.format_name


@pytest.mark.parametrize("name", ["photo.mp3", "no-extension", "截图.txt"])
def test_the_name_does_not_matter_when_the_content_is_good(name):
    assert _detect(samples.png(), name).content_type == "image/png"


def test_an_iphone_style_heic_with_a_generic_brand_and_a_mov_are_recognised():
    assert _detect(samples._bmff(b"qt  ", b"vide")).content_type == "video/quicktime"
    assert _detect(samples._bmff(b"mp42", b"soun")).content_type == "audio/mp4"


def test_amr_wideband_and_utf8_text_with_bom():
    assert _detect(b"#!AMR-WB\n" + (b"\x44" + b"\x00" * 60) * 3).content_type == "audio/amr-wb"
    assert _detect("\ufeff2026-03-14 催收短信：还钱。".encode()).content_type == "text/plain"


@pytest.mark.parametrize(("name", "build", "expected"), REFUSED, ids=REFUSED_IDS)
def test_dangerous_or_broken_files_are_refused_with_a_reason(name, build, expected):
    with pytest.raises(EvidenceRefused) as refusal:
        _detect(build(), name)
    assert expected in refusal.value.message


def test_truncated_images_are_refused_even_after_weasyprint_relaxed_pillow():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(EvidenceRefused, match="损坏或不完整"):
        _detect(truncated(samples.jpeg((400, 600))), "截图.jpg")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint


def test_a_refusal_says_when_the_name_pretends_to_be_an_image():
    with pytest.raises(EvidenceRefused) as refusal:
        _detect(b"MZ" + b"\x00" * 100, "催收短信截图.jpg")
    assert "文件名看起来是图片，但文件内容不是" in refusal.value.message


def test_thumbnail_is_upright_small_and_a_fresh_jpeg():
    original = samples.jpeg_rotated()
    with Image.open(io.BytesIO(original)) as stored:
        assert stored.size == (200, 120)
    preview = image_thumbnail(io.BytesIO(original), max_side=100)
    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "JPEG"
        assert image.size == (60, 100)  # turned upright, then fitted into 100 px
        assert not image.getexif()  # metadata dropped by re-encoding
        # the red band on the stored left edge is at the top after applying orientation 6
        red, green, _blue = image.getpixel((30, 5))
        assert red > 150 and green < 80


def test_thumbnail_of_a_heic_photo():
    preview = image_thumbnail(io.BytesIO(samples.heic()))
    assert preview.startswith(b"\xff\xd8\xff")


def test_two_threads_checking_images_at_once_leave_pillow_as_weasyprint_set_it():
    import threading

    import weasyprint  # noqa: F401
    from PIL import ImageFile

    from complaints.evidence_types import _strict_image_loading

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    inside = threading.Event()

    def first_check():
        with _strict_image_loading():
            inside.set()
            threading.Event().wait(0.2)  # the second thread starts its check meanwhile

    def second_check():  # starts inside the first and ends after it
        inside.wait()
        with _strict_image_loading():
            assert ImageFile.LOAD_TRUNCATED_IMAGES is False
            threading.Event().wait(0.3)

    threads = [threading.Thread(target=first_check), threading.Thread(target=second_check)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
