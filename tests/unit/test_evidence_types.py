"""What the evidence checker accepts and refuses, decided from the bytes alone."""

import io

import pytest
from PIL import Image

from complaints.evidence_types import EvidenceRefused, detect, image_thumbnail
from tests.fixtures.evidence import samples


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


def _polyglot_jpeg_html():
    return samples.jpeg() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def _jpeg_with_zip_appended():
    zip_buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_buffer, "w") as archive:
        archive.writestr("payload.txt", "x" * 10)
    return samples.jpeg() + zip_buffer.getvalue()


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _pdf_with_javascript():
    return samples.pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")


def _truncated_mp4():
    data = samples.mp4()
    return data[:-100]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<smses count="1"><sms address="1" body="&lol3;" /></smses>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<smses count="1"><sms address="1" body="&xxe;" /></smses>"""

# name, bytes, words the refusal must contain
REFUSED = [
    ("空文件.jpg", lambda: b"", "空的"),
    ("截图.jpg", lambda: b"<!DOCTYPE html><html><body><h1>\xe4\xbd\xa0\xe5\xa5\xbd</h1></body></html>", "网页"),
    ("聊天记录.txt", lambda: b"<p>hello</p><script src=//evil.example/x.js></script>", "网页"),
    ("截图.jpg", _polyglot_jpeg_html, "夹带了网页或脚本代码"),
    ("截图.jpg", _jpeg_with_zip_appended, "压缩包"),
    ("logo.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ("logo.xml", lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
    ("tool", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "ELF"),
    ("截图.jpg", lambda: b"MZ\x90\x00\x03" + b"\x00" * 60 + b"This program cannot be run in DOS mode", "可执行程序"),
    ("证据.zip", lambda: b"PK\x03\x04\x14\x00" + b"\x00" * 40, "压缩包（ZIP"),
    ("证据.rar", lambda: b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20, "压缩包（RAR"),
    ("archive.tar", lambda: b"a.txt".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 300, "压缩包（TAR"),
    ("app.js", lambda: b"function steal() { fetch('/x?c=' + document.cookie); }\nsteal();\n", "脚本或程序代码"),
    ("run.sh", lambda: b"#!/bin/sh\nrm -rf /\n", "脚本程序"),
    ("index.php", lambda: b"<?php system($_GET['c']); ?>", "网页"),
    ("contacts.xml", lambda: b'<?xml version="1.0" encoding="UTF-8"?><contacts><contact name="a"/></contacts>', "不是“SMS Backup & Restore”"),
    ("sms.xml", lambda: BILLION_LAUGHS, "DTD 或实体"),
    ("sms.xml", lambda: EXTERNAL_ENTITY, "DTD 或实体"),
    ("sms.xml", lambda: b'<?xml version="1.0"?><smses count="1"><sms address="1" body="x" /><script>x</script></smses>', "不认识的内容"),
    ("sms.xml", lambda: b'<?xml version="1.0"?><smses count="1"><sms address="1" body="x" />', "损坏或不完整"),
    ("huge.png", samples.png_bomb, "解压炸弹"),
    ("截图.jpg", lambda: _truncated(samples.jpeg((400, 600))), "损坏或不完整"),
    ("截图.png", lambda: _truncated(samples.png((400, 600))), "损坏或不完整"),
    ("录屏.mp4", _truncated_mp4, "损坏或不完整"),
    ("录音.mp3", lambda: b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 100, "损坏或不完整"),
    ("bill.pdf", _pdf_with_javascript, "JavaScript"),
    ("bill.pdf", lambda: _truncated(samples.pdf()), "损坏或不完整"),
    ("动图.gif", lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "不支持这种文件格式"),
    ("文档.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "宏"),
    ("短信.txt", lambda: b"\x80\xff\xfe\x80 abc", "编码无法识别"),
    ("random.bin", lambda: bytes(range(256)) * 4, "不支持这种文件格式"),
]


@pytest.mark.parametrize(("name", "build", "expected"), REFUSED, ids=[f"{i:02d}-{row[0]}" for i, row in enumerate(REFUSED)])
def test_dangerous_or_broken_files_are_refused_with_a_reason(name, build, expected):
    with pytest.raises(EvidenceRefused) as refusal:
        _detect(build(), name)
    assert expected in refusal.value.message


def test_truncated_images_are_refused_even_after_weasyprint_relaxed_pillow():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(EvidenceRefused, match="损坏或不完整"):
        _detect(_truncated(samples.jpeg((400, 600))), "截图.jpg")
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
