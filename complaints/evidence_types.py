"""Decide what an uploaded evidence file is from its bytes, never from its name.

A file is accepted only when its content proves it is one of the formats a phone produces
(screenshots, recordings, screen recordings, PDFs, SMS exports) and nothing else is hidden in
it: HTML or script anywhere in the bytes, an archive appended to an image, a truncated
recording or a decompression bomb are all refused with a sentence saying why.
"""

import codecs
import csv
import io
import re
import struct
import threading
import warnings
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

import pillow_heif
import pypdf
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import ExifTags, Image, ImageFile, ImageOps
from pypdf.errors import PyPdfError

pillow_heif.register_heif_opener()

CHUNK = 256 * 1024
# An HTML or script fragment anywhere in a file: browsers and viewers that sniff content could run it.
ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|svg|iframe|body|object|embed|frameset|meta\s|\?php)[\s>/]|<!doctype\s+html|javascript\s*:",
    re.IGNORECASE,
)
OVERLAP = 64
# Markup that makes a text file a web page rather than a message transcript.
HTML_TAG = re.compile(
    r"<\s*/?\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|frame|frameset|img|a|meta|link|style|form|"
    r"input|base|math|xml|div|span|p|table)\b|<\?php|<%",
    re.IGNORECASE,
)
# Source code a shell, browser or interpreter would run; collectors' messages do not look like this.
SCRIPT_CODE = re.compile(
    r"\A\s*#!|\bfunction\s*[\w$]*\s*\([^)]*\)\s*\{|=>\s*\{|\b(?:var|let|const)\s+[\w$]+\s*=|\bdocument\s*\.\s*[a-zA-Z]+"
    r"|\bwindow\s*\.\s*[a-zA-Z]+|\beval\s*\(|\brequire\s*\(\s*['\"]|^\s*import\s+[\w{*]|^\s*from\s+\w+\s+import\b"
    r"|@echo\s+off|\bpowershell\b|\bWScript\.|\bActiveXObject\b|^\s*(?:sudo\s+)?(?:rm|curl|wget|chmod)\s+-",
    re.MULTILINE,
)
# Control characters other than tab, newline, form feed and carriage return do not occur in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}

ACCEPT_ATTRIBUTE = ",".join([
    "image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", ".heic", ".heif",
    "audio/mpeg", "audio/mp4", "audio/aac", "audio/x-m4a", "audio/amr", ".amr", "audio/wav", "audio/x-wav",
    "video/mp4", "video/quicktime", "application/pdf", "text/xml", "application/xml", ".xml", "text/csv", ".csv",
    "text/plain", ".txt",
])
# Extensions people see on their phones, only to say "the name says X but the content is not".
_IMAGE, _AUDIO, _VIDEO = gettext_lazy("图片"), gettext_lazy("录音"), gettext_lazy("视频")
EXTENSION_NAMES = {
    ".jpg": _IMAGE, ".jpeg": _IMAGE, ".png": _IMAGE, ".webp": _IMAGE, ".heic": _IMAGE, ".heif": _IMAGE,
    ".mp3": _AUDIO, ".m4a": _AUDIO, ".aac": _AUDIO, ".amr": _AUDIO, ".wav": _AUDIO, ".mp4": _VIDEO, ".mov": _VIDEO,
    ".pdf": gettext_lazy("PDF 文件"), ".xml": gettext_lazy("短信备份"), ".csv": gettext_lazy("短信导出表格"),
    ".txt": gettext_lazy("文本"),
}
# The short format name shown beside a file, by the content type it was detected as.
FORMAT_NAMES = {
    "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/heic": "HEIC", "audio/wav": "WAV",
    "audio/mp4": "M4A", "audio/amr": "AMR", "audio/amr-wb": "AMR-WB", "audio/mpeg": "MP3", "audio/aac": "AAC",
    "video/mp4": "MP4", "video/quicktime": "MOV", "application/pdf": "PDF", "application/xml": "XML",
    "text/csv": "CSV", "text/plain": "TXT",
}


@dataclass(frozen=True)
class Detected:
    """What a file is: the Evidence.Kind value and the MIME type it is served as."""

    kind: str
    content_type: str

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.content_type]


class EvidenceRefused(Exception):
    """The file cannot be kept as evidence; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def detect(file, *, size: int, name: str = "") -> Detected:
    """The type of `file` (a seekable binary file of `size` bytes), or EvidenceRefused.

    `name` is used for nothing but a clearer message when the name and the content disagree.
    """
    try:
        return _detect(file, size)
    except EvidenceRefused as refusal:
        hint = _name_hint(name)
        raise EvidenceRefused(f"{refusal.message}{hint}") from None


def _name_hint(name: str) -> str:
    claimed = EXTENSION_NAMES.get(PurePath(name).suffix.lower())
    if not claimed:
        return ""
    return _("（文件名看起来是%(claimed)s，但文件内容不是。）") % {"claimed": claimed}


def _detect(file, size: int) -> Detected:
    if size == 0:
        raise EvidenceRefused(_("文件是空的（0 字节），可能没有上传完整，请重新选择文件。"))
    file.seek(0)
    head = file.read(4096)
    _refuse_dangerous_formats(head)
    sniffed = _sniff_binary(head)
    if sniffed is not None:
        _refuse_hidden_markup(file, size, carrier=sniffed)
        return _verify_binary(sniffed, file, size)
    if b"\x00" in head:
        raise _unsupported()
    return _detect_text(file)


def _unsupported() -> EvidenceRefused:
    return EvidenceRefused(_(
        "不支持这种文件格式。可以上传：截图或照片（JPEG、PNG、WebP、HEIC）、录音（MP3、M4A、AAC、AMR、WAV）、"
        "录屏（MP4）、PDF、短信导出（“SMS Backup & Restore”的 XML、CSV 或纯文本）。"
    ))


# --- formats refused outright -------------------------------------------------------------------

def _refuse_dangerous_formats(head: bytes) -> None:
    archives = [
        (b"PK\x03\x04", "ZIP"), (b"PK\x05\x06", "ZIP"), (b"PK\x07\x08", "ZIP"), (b"Rar!\x1a\x07", "RAR"),
        (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "GZIP"), (b"BZh", "BZIP2"), (b"\xfd7zXZ\x00", "XZ"),
    ]
    for magic, name in archives:
        if head.startswith(magic):
            raise EvidenceRefused(_(
                "这是压缩包（%(format)s，也包括 APK、DOCX 等），里面的内容无法检查。请解压后分别上传里面的截图、录音或短信文件。"
            ) % {"format": name})
    if len(head) > 262 and head[257:262] == b"ustar":
        raise EvidenceRefused(_(
            "这是压缩包（%(format)s，也包括 APK、DOCX 等），里面的内容无法检查。请解压后分别上传里面的截图、录音或短信文件。"
        ) % {"format": "TAR"})
    programs = [
        (b"\x7fELF", _("Linux/Android 可执行程序（ELF）")),
        (b"MZ", _("Windows 可执行程序（EXE/DLL）")),
        (b"\xca\xfe\xba\xbe", _("Java 或 macOS 程序")),
        (b"\xfe\xed\xfa\xce", _("macOS 程序")), (b"\xfe\xed\xfa\xcf", _("macOS 程序")),
        (b"\xce\xfa\xed\xfe", _("macOS 程序")), (b"\xcf\xfa\xed\xfe", _("macOS 程序")),
        (b"\x00asm", _("WebAssembly 程序")),
        (b"dex\n", _("Android 程序（DEX）")),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _("旧版 Office 文档或安装包（可能带宏）")),
    ]
    for magic, what in programs:
        if head.startswith(magic):
            raise EvidenceRefused(_("这是%(what)s，可能含有病毒，不能作为证据上传。") % {"what": what})
    if head.startswith(b"#!") and not head.startswith(b"#!AMR"):
        raise EvidenceRefused(_("这是脚本程序（以 #! 开头），不能作为证据上传。"))


def _refuse_hidden_markup(file, size: int, *, carrier: str) -> None:
    """Refuse polyglots: web-page or script code, or an archive, hidden in a media file or PDF."""
    file.seek(0)
    tail = b""
    while chunk := file.read(CHUNK):
        window = tail + chunk
        if ACTIVE_CONTENT.search(window):
            raise EvidenceRefused(_(
                "文件里夹带了网页或脚本代码（可能是伪装成%(carrier)s的恶意文件），不能作为证据上传。请重新截图或从原始应用导出。"
            ) % {"carrier": _carrier_name(carrier)})
        tail = window[-OVERLAP:]
    # A ZIP's directory sits at its end; one there means an archive was glued onto the file.
    file.seek(max(0, size - 65_536))
    if b"PK\x05\x06" in file.read() and carrier != "pdf":
        raise EvidenceRefused(_(
            "文件末尾附加了一个压缩包（可能是伪装成%(carrier)s的文件），不能作为证据上传。"
        ) % {"carrier": _carrier_name(carrier)})


def _carrier_name(carrier: str) -> str:
    if carrier in {"jpeg", "png", "webp", "heif"}:
        return _("图片")
    if carrier in {"mp3", "aac", "amr", "wav"}:
        return _("录音")
    if carrier == "bmff":
        return _("音视频")
    return _("PDF")


# --- binary formats ---------------------------------------------------------------------------

def _sniff_binary(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "heif" if head[8:12] in HEIF_BRANDS else "bmff"
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return "amr"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 4 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "aac"
    if len(head) >= 4 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 0x3 != 0:
        return "mp3"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def _verify_binary(sniffed: str, file, size: int) -> Detected:
    if sniffed in {"jpeg", "png", "webp", "heif"}:
        return _verify_image(sniffed, file)
    if sniffed == "wav":
        return _verify_wav(file, size)
    if sniffed == "bmff":
        return _verify_bmff(file, size)
    if sniffed == "amr":
        return _verify_amr(file)
    if sniffed == "mp3":
        return _verify_mpeg_audio(file, size)
    if sniffed == "aac":
        return _verify_adts(file, size)
    return _verify_pdf(file, size)


def _damaged(what: str) -> EvidenceRefused:
    return EvidenceRefused(_(
        "文件损坏或不完整（%(what)s），无法打开。请从手机相册或原应用重新选择原始文件上传。"
    ) % {"what": what})


IMAGE_TYPES = {"jpeg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp"),
               "heif": ("HEIF", "image/heic")}


_STRICT_LOADING = threading.Lock()


@contextmanager
def _strict_image_loading():
    """Pillow errors on truncated data and on decompression bombs, whatever the process set globally.

    WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True when it is imported; for evidence a
    truncated image is a damaged file, not something to fill with grey.
    The flag is global to the process: one lock keeps two threads (a threaded server checking two images at once)
    from restoring each other's value and leaving it switched off for WeasyPrint.
    """
    with _STRICT_LOADING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _image_pixels_checked(image, limit: int) -> None:
    """Refuses an image whose header states more pixels than `limit`, before anything is decoded."""
    width, height = image.size
    if width * height > limit:
        raise EvidenceRefused(_(
            "图片太大：%(width)s × %(height)s 像素，超过了 %(limit)s 万像素的上限（可能是“解压炸弹”）。请上传普通截图或照片。"
        ) % {"width": width, "height": height, "limit": limit // 10_000})


def _verify_image(sniffed: str, file) -> Detected:
    """Checks an image is whole without holding its pixels in memory (docs/SECURITY.md, resource limits).

    The header's dimensions come first: past settings.EVIDENCE_MAX_IMAGE_PIXELS the file is refused
    unread. A PNG is then checked chunk by chunk (verify(): every chunk's CRC up to IEND, no pixel
    decoded); a JPEG is decoded at 1/8 scale, which still reads every byte; WebP and HEIF have no
    reducing decoder, so they are decoded whole, and only up to settings.EVIDENCE_MAX_DECODED_PIXELS.
    """
    pillow_format, content_type = IMAGE_TYPES[sniffed]
    try:
        with _strict_image_loading():
            file.seek(0)
            with Image.open(file, formats=[pillow_format]) as image:
                _image_pixels_checked(image, settings.EVIDENCE_MAX_IMAGE_PIXELS)
                if pillow_format not in ("JPEG", "PNG"):
                    _image_pixels_checked(image, settings.EVIDENCE_MAX_DECODED_PIXELS)
                image.verify()
            if pillow_format != "PNG":
                file.seek(0)
                with Image.open(file, formats=[pillow_format]) as image:
                    if pillow_format == "JPEG":
                        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceRefused(_(
            "图片的像素数大得异常（超过 %(limit)s 万像素），可能是“解压炸弹”，不能作为证据上传。请上传普通截图或照片。"
        ) % {"limit": (Image.MAX_IMAGE_PIXELS or 0) // 10_000}) from None
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError, struct.error, IndexError, zlib.error):
        raise _damaged(FORMAT_NAMES[content_type]) from None
    return Detected("image", content_type)


def _read_at(file, offset: int, length: int) -> bytes:
    file.seek(offset)
    return file.read(length)


def _verify_wav(file, size: int) -> Detected:
    riff_size = struct.unpack("<I", _read_at(file, 4, 4))[0]
    end = min(size, riff_size + 8)
    offset, seen = 12, set()
    while offset + 8 <= end:
        chunk_id, chunk_size = struct.unpack("<4sI", _read_at(file, offset, 8))
        if not chunk_id.isascii():
            raise _damaged("WAV")
        if chunk_id == b"data" and offset + 8 + chunk_size > size:
            raise _damaged("WAV")
        seen.add(chunk_id)
        offset += 8 + chunk_size + (chunk_size & 1)
    if not {b"fmt ", b"data"} <= seen:
        raise _damaged("WAV")
    return Detected("audio", "audio/wav")


def _iter_boxes(file, start: int, end: int):
    """ISO base media boxes (MP4, M4A, MOV) between two offsets: (type, payload offset, box end)."""
    offset = start
    while offset < end:
        header = _read_at(file, offset, 8)
        if len(header) < 8:
            raise _damaged("MP4")
        box_size, box_type = struct.unpack(">I4s", header)
        payload = offset + 8
        if box_size == 1:
            box_size = struct.unpack(">Q", _read_at(file, offset + 8, 8))[0]
            payload = offset + 16
        elif box_size == 0:
            box_size = end - offset
        if box_size < payload - offset or not re.fullmatch(rb"[\x20-\x7e]{4}", box_type):
            raise _damaged("MP4")
        if offset + box_size > end:
            raise _damaged("MP4")
        yield box_type, payload, offset + box_size
        offset += box_size


def _verify_bmff(file, size: int) -> Detected:
    major_brand = _read_at(file, 8, 4)
    top = {box_type: (payload, box_end) for box_type, payload, box_end in _iter_boxes(file, 0, size)}
    if b"moov" not in top or not ({b"mdat", b"moof"} & top.keys()):
        raise _damaged("MP4")
    moov_start, moov_end = top[b"moov"]
    if moov_end - moov_start > 32 * 1024 * 1024:
        raise _damaged("MP4")
    moov = _read_at(file, moov_start, moov_end - moov_start)
    handlers = {moov[index + 12:index + 16] for index in _find_all(moov, b"hdlr")}
    if b"vide" in handlers:
        quicktime = major_brand == b"qt  "
        return Detected("video", "video/quicktime" if quicktime else "video/mp4")
    if b"soun" in handlers or major_brand in AUDIO_BRANDS:
        return Detected("audio", "audio/mp4")
    raise _damaged("MP4")


def _find_all(data: bytes, needle: bytes):
    index = data.find(needle)
    while index != -1:
        yield index
        index = data.find(needle, index + 1)


def _verify_amr(file) -> Detected:
    wideband = _read_at(file, 0, 9) == b"#!AMR-WB\n"
    first_frame = _read_at(file, 9 if wideband else 6, 1)
    if len(first_frame) != 1 or first_frame[0] & 0x83 != 0:
        raise _damaged("AMR")
    return Detected("audio", "audio/amr-wb" if wideband else "audio/amr")


MPEG_BITRATES = {  # kbit/s for (MPEG version 1?, layer III) by index
    True: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
    False: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
}
MPEG_SAMPLE_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def _mpeg_frame_length(header: bytes) -> int | None:
    """Length of the MPEG audio layer III frame starting with `header`, or None if it is not one."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 0x3, (header[1] >> 1) & 0x3
    bitrate_index, rate_index, padding = header[2] >> 4, (header[2] >> 2) & 0x3, (header[2] >> 1) & 0x1
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = MPEG_BITRATES[mpeg1][bitrate_index] * 1000
    sample_rate = MPEG_SAMPLE_RATES[version][rate_index]
    return (144 if mpeg1 else 72) * bitrate // sample_rate + padding


def _verify_mpeg_audio(file, size: int) -> Detected:
    offset = 0
    header = _read_at(file, 0, 10)
    if header.startswith(b"ID3"):
        tag_size = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9]
        offset = 10 + tag_size + (10 if header[5] & 0x10 else 0)
        # Some encoders pad after the tag; the first frame follows within a few KB.
        window = _read_at(file, offset, 8192)
        skip = next((i for i in range(len(window) - 3) if _mpeg_frame_length(window[i:i + 4])), None)
        if skip is None:
            raise _damaged("MP3")
        offset += skip
    _require_frames(file, size, offset, _mpeg_frame_length, "MP3")
    return Detected("audio", "audio/mpeg")


def _adts_frame_length(header: bytes) -> int | None:
    if len(header) < 6 or header[0] != 0xFF or header[1] & 0xF6 != 0xF0:
        return None
    length = ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5)
    return length if length >= 7 else None


def _verify_adts(file, size: int) -> Detected:
    _require_frames(file, size, 0, _adts_frame_length, "AAC")
    return Detected("audio", "audio/aac")


def _require_frames(file, size: int, offset: int, frame_length, what: str, wanted: int = 3) -> None:
    """At least `wanted` audio frames follow each other back to back (or the file ends cleanly)."""
    for _frame in range(wanted):
        length = frame_length(_read_at(file, offset, 6))
        if length is None:
            raise _damaged(what)
        offset += length
        if offset >= size:
            if offset > size:
                raise _damaged(what)
            return


def _verify_pdf(file, size: int) -> Detected:
    if b"%%EOF" not in _read_at(file, max(0, size - 2048), 2048):
        raise _damaged("PDF")
    file.seek(0)
    active = re.compile(rb"/(?:JavaScript|JS|Launch|SubmitForm|ImportData)\b")
    tail = b""
    while chunk := file.read(CHUNK):
        if active.search(tail + chunk):
            raise EvidenceRefused(_("这个 PDF 含有会自动运行的脚本或动作（JavaScript/Launch），不能作为证据上传。请打印为新的 PDF 或截图后上传。"))
        tail = chunk[-OVERLAP:]
    try:
        file.seek(0)
        reader = pypdf.PdfReader(file, strict=False)
        # An encrypted PDF (some bank statements) cannot be opened further without its password; it is still a PDF.
        if not reader.is_encrypted and len(reader.pages) < 1:
            raise _damaged("PDF")
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, struct.error):
        raise _damaged("PDF") from None
    return Detected("pdf", "application/pdf")


# --- text: SMS Backup & Restore XML, CSV, plain text ---------------------------------------------------

def _detect_text(file) -> Detected:
    encoding = _text_encoding(file)
    file.seek(0)
    sample = file.read(256 * 1024).decode(encoding, errors="ignore")
    stripped = sample.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        return _detect_markup(file, stripped)
    _refuse_code(file, encoding)
    if _looks_like_csv(sample):
        return Detected("sms_export", "text/csv")
    return Detected("text", "text/plain")


def _text_encoding(file) -> str:
    """utf-8 (with or without BOM) or gb18030, whichever decodes every byte; else refuse."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            while chunk := file.read(CHUNK):
                if CONTROL_CHARACTERS.search(decoder.decode(chunk)):
                    raise _unsupported()
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise EvidenceRefused(_("文本文件的编码无法识别。请用 UTF-8 或 GB18030（GBK）编码保存后再上传。"))


def _iter_text(file, encoding: str):
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    while chunk := file.read(CHUNK):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _refuse_code(file, encoding: str) -> None:
    tail = ""
    for text in _iter_text(file, encoding):
        window = tail + text
        if HTML_TAG.search(window):
            raise EvidenceRefused(_("文件内容是网页（HTML）代码，不能作为证据上传。请截图，或导出为 PDF 后上传。"))
        if SCRIPT_CODE.search(window):
            raise EvidenceRefused(_("文件内容是脚本或程序代码，不能作为证据上传。"))
        tail = window[-OVERLAP:]


def _looks_like_csv(sample: str) -> bool:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", "\t", ";"):
        try:
            widths = [len(row) for row in csv.reader(lines[:-1] if len(lines) > 2 else lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if widths and widths[0] >= 2 and sum(width == widths[0] for width in widths) >= 0.8 * len(widths):
            return True
    return False


def _detect_markup(file, stripped: str) -> Detected:
    lowered = stripped[:2048].lower()
    looks_like_xml = lowered.startswith(("<?xml", "<smses", "<!--"))
    if "<svg" in lowered:
        raise EvidenceRefused(_("这是 SVG 矢量图，里面可以藏有脚本，不能作为证据上传。请截图保存为 PNG 或 JPEG 后上传。"))
    if not looks_like_xml and HTML_TAG.search(stripped):
        raise EvidenceRefused(_("文件内容是网页（HTML）代码，不能作为证据上传。请截图，或导出为 PDF 后上传。"))
    root = _xml_root(file)
    if root == "svg":
        raise EvidenceRefused(_("这是 SVG 矢量图，里面可以藏有脚本，不能作为证据上传。请截图保存为 PNG 或 JPEG 后上传。"))
    if root == "html":
        raise EvidenceRefused(_("文件内容是网页（HTML）代码，不能作为证据上传。请截图，或导出为 PDF 后上传。"))
    if root != "smses":
        raise EvidenceRefused(_(
            "这个 XML 文件不是“SMS Backup & Restore”（短信备份与恢复）导出的短信备份（根元素应为 smses，实际为 %(root)s）。"
        ) % {"root": root[:40]})
    return Detected("sms_export", "application/xml")


def _xml_root(file) -> str:
    """The root element's name, after parsing the whole document with every DTD and entity forbidden."""
    file.seek(0)
    root = None
    try:
        for event, element in iterparse(file, events=("start", "end"), forbid_dtd=True):
            if event == "start" and root is None:
                root = element.tag.rsplit("}", 1)[-1].lower()
            elif event == "start" and root == "smses" and element.tag not in ("sms", "mms", "parts", "part", "addrs", "addr"):
                raise EvidenceRefused(_("这个短信备份里有不认识的内容（%(tag)s），不像“SMS Backup & Restore”导出的文件。")
                                      % {"tag": str(element.tag)[:40]})
            elif event == "end":
                element.clear()
    except DefusedXmlException:
        raise EvidenceRefused(_(
            "这个 XML 文件含有 DTD 或实体声明（可被用来攻击服务器的写法），不能作为证据上传。短信备份应用导出的文件不会有这些内容。"
        )) from None
    except SyntaxError:  # ElementTree's ParseError
        raise _damaged("XML") from None
    if root is None:
        raise _damaged("XML")
    return root


def image_thumbnail(file, *, max_side: int = 640, box: tuple[int, int, int, int] | None = None) -> bytes:
    """A JPEG preview of an image file, upright (EXIF orientation applied), re-encoded from pixels only; with
    `box` (left, top, right, bottom in the upright file's pixels), of that part only (a message read from a
    screenshot, shown beside its proposal).

    The original is only read. Re-encoding drops metadata and anything hidden in the file. Memory stays
    bounded: a JPEG is decoded already reduced (draft) to about `max_side` (for a part, to about the
    decoded-pixel limit); other formats, which Pillow can only decode whole, are previewed up to
    settings.EVIDENCE_MAX_DECODED_PIXELS, and past it the preview is a plain placeholder (the file itself
    is still downloadable).
    """
    formats = [pillow_format for pillow_format, _type in IMAGE_TYPES.values()]
    limit = settings.EVIDENCE_MAX_DECODED_PIXELS
    try:
        with _strict_image_loading(), Image.open(file, formats=formats) as image:
            full_width = image.height if turned_a_quarter(image) else image.width
            if image.format == "JPEG":
                side = int((limit * image.width / image.height) ** 0.5)
                image.draft("RGB", (max_side, max_side) if box is None else (side, side * image.height // image.width))
            elif image.width * image.height > limit:
                return _placeholder_thumbnail(max_side)
            upright = ImageOps.exif_transpose(image)
            if box is not None:
                factor = upright.width / full_width
                upright = upright.crop(tuple(round(value * factor) for value in box))
            upright.thumbnail((max_side, max_side), reducing_gap=2.0)
            preview = upright.convert("RGB")
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, Image.DecompressionBombError):
        # Upload checks a PNG by its chunks, not its pixels: pixels that do not decode get the placeholder.
        return _placeholder_thumbnail(max_side)
    buffer = io.BytesIO()
    preview.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def turned_a_quarter(image: Image.Image) -> bool:
    """Whether the EXIF orientation turns the image a quarter (its upright width is its stored height)."""
    return image.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8)


def _placeholder_thumbnail(max_side: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (max_side, max_side * 3 // 4), (224, 224, 224)).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()
