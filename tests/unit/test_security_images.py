"""docs/SECURITY.md, resource limits: an image's pixels are counted from its header, and checking or
previewing an upload keeps its peak memory under 30 MB whatever its pixels."""

import io
import subprocess
import sys
import textwrap
import time

import pytest
from PIL import Image

from complaints.evidence_types import EvidenceRefused, detect, image_thumbnail

pytestmark = pytest.mark.security

PROJECT = __file__.rsplit("/tests/", 1)[0]


def _png(width, height, mode="L") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), 255).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_a_flat_png_of_9400_by_9400_pixels_is_refused_from_its_header_at_once():
    bomb = _png(9400, 9400)
    assert len(bomb.getvalue()) < 400_000
    started = time.monotonic()
    with pytest.raises(EvidenceRefused) as refused:
        detect(bomb, size=len(bomb.getvalue()), name="flat.png")
    assert time.monotonic() - started < 1.0
    assert "9400 × 9400" in refused.value.message and "5000 万像素" in refused.value.message


def test_webp_past_the_decoded_limit_is_refused(settings):
    settings.EVIDENCE_MAX_DECODED_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "WEBP")
    with pytest.raises(EvidenceRefused, match="万像素"):
        detect(buffer, size=len(buffer.getvalue()), name="a.webp")


def test_a_large_png_previews_as_a_placeholder_without_decoding(settings):
    settings.EVIDENCE_MAX_DECODED_PIXELS = 10_000
    preview = Image.open(io.BytesIO(image_thumbnail(_png(400, 300))))
    assert preview.format == "JPEG" and preview.getextrema() == ((224, 224), (224, 224), (224, 224))


def test_a_png_whose_pixels_do_not_decode_previews_as_a_placeholder():
    data = bytearray(_png(64, 64).getvalue())
    start = data.index(b"IDAT") + 4
    data[start:start + 8] = b"\xff" * 8  # chunk CRC now wrong too, but the preview must not 500 either way
    preview = Image.open(io.BytesIO(image_thumbnail(io.BytesIO(bytes(data)))))
    assert preview.format == "JPEG"


_MEASURE = textwrap.dedent("""
    import io, os, resource, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    django.setup()
    from PIL import Image
    from complaints.evidence_types import detect, image_thumbnail
    small = io.BytesIO(); Image.new("RGB", (64, 64), "white").save(small, sys.argv[2]); small.seek(0)
    detect(small, size=len(small.getvalue()), name="warm." + sys.argv[2].lower()); image_thumbnail(small)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(sys.argv[1], "rb") as upload:
        size = os.fstat(upload.fileno()).st_size
        detect(upload, size=size, name="big." + sys.argv[2].lower())
        upload.seek(0)
        image_thumbnail(upload)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) // 1024)
""")


@pytest.mark.parametrize(("pillow_format", "side"), [("PNG", 7000), ("JPEG", 6000)])
def test_checking_and_previewing_a_large_image_stays_under_30_mb(tmp_path, pillow_format, side):
    path = tmp_path / f"big.{pillow_format.lower()}"
    make = f"from PIL import Image; Image.radial_gradient('L').resize(({side}, {side})).convert('RGB').save({str(path)!r}, {pillow_format!r})"
    subprocess.run([sys.executable, "-c", make], check=True)
    measured = subprocess.run([sys.executable, "-c", _MEASURE, str(path), pillow_format], cwd=PROJECT,
                              capture_output=True, text=True, check=True)
    assert int(measured.stdout.strip().splitlines()[-1]) < 30, measured.stdout
