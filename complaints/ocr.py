"""Reading a screenshot with the offline OCR engine (rapidocr-onnxruntime and the models it ships), for
guidance.screenshot to turn into proposed log entries.

The engine is imported only here and only when a screenshot is read, so the app starts and runs without it
when ZHIRAO_OCR is off. Memory stays bounded: the image is decoded reduced (JPEG draft mode), refused past
settings.EVIDENCE_MAX_DECODED_PIXELS (as the preview is), and scaled to at most READ_WIDTH pixels wide before
the engine sees it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io

from django.conf import settings
from PIL import ExifTags, Image, ImageOps

from complaints.evidence_types import turned_a_quarter
from guidance import screenshot

# Phone screenshots are 720-1290 pixels wide; their text stays legible to the engine at 720, which reads
# a 1080-wide one in about four fifths of the time.
READ_WIDTH = 720
# ONNX Runtime's threads for one read. One: on two cores shared with the web process a second thread's
# spin-waiting doubled the CPU a read takes (2.1 s against 1.1 s, bench/ocr.py) for little gain in time.
THREADS = 1


class ScreenshotUnreadable(Exception):
    """The bytes are not an image Pillow can decode."""


@functools.cache
def engine():
    """The OCR engine with its bundled models, loaded once per process (about 0.4 s)."""
    from rapidocr_onnxruntime import RapidOCR

    # Screenshots are upright: the text-direction classifier would only cost time.
    return RapidOCR(use_cls=False, intra_op_num_threads=THREADS, inter_op_num_threads=THREADS)


def _exif_datetime(image: Image.Image) -> str:
    exif = image.getexif()
    taken = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    return taken if isinstance(taken, str) else ""


def _decode(data: bytes) -> tuple[Image.Image, str, tuple[int, int]]:
    try:
        image = Image.open(io.BytesIO(data))
        # Crop boxes are given in the upright file's pixels, as the preview crops them.
        size = image.size[::-1] if turned_a_quarter(image) else image.size
        image.draft("RGB", (READ_WIDTH, READ_WIDTH * 4))
        if image.width * image.height > settings.EVIDENCE_MAX_DECODED_PIXELS:
            # Formats Pillow decodes only whole (PNG, WebP, HEIF) are read up to the preview's limit.
            raise ScreenshotUnreadable("too many pixels to decode")
        taken = _exif_datetime(image)
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ScreenshotUnreadable(str(error)) from None
    if image.width > READ_WIDTH:
        image = image.resize((READ_WIDTH, round(image.height * READ_WIDTH / image.width)), Image.Resampling.LANCZOS)
    return image, taken, size


def read_lines(image: Image.Image) -> list[screenshot.OcrLine]:
    """The engine's lines of text with their boxes (left, top, right, bottom) in the image's pixels."""
    import numpy

    # The engine works on OpenCV's BGR arrays.
    result, _elapsed = engine()(numpy.asarray(image)[:, :, ::-1])
    lines = []
    for points, text, score in result or ():
        xs, ys = [point[0] for point in points], [point[1] for point in points]
        lines.append(screenshot.OcrLine(text, (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))), float(score)))
    return lines


def _scaled(box: screenshot.Box, factor: float, size: tuple[int, int]) -> screenshot.Box:
    left, top, right, bottom = (round(value * factor) for value in box)
    return (max(0, left), max(0, top), min(size[0], right), min(size[1], bottom))


def read(data: bytes, *, filename: str, uploaded_on: dt.date) -> screenshot.Screen:
    """The proposals of one screenshot, their crop boxes in the pixels of the file as stored. Dates resolve
    against the screenshot's own day (EXIF, else its file name), else the day it was uploaded."""
    image, taken, size = _decode(data)
    reference = screenshot.screenshot_date(exif_datetime=taken, filename=filename) or uploaded_on
    screen = screenshot.read_screen(read_lines(image), width=image.width, height=image.height, reference=reference)
    factor = size[0] / image.width
    return screenshot.Screen(screen.sender, tuple(
        dataclasses.replace(proposal, box=_scaled(proposal.box, factor, size)) for proposal in screen.proposals))
