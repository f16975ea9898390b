"""Make embedded CJK fonts small: WeasyPrint subsets a font but keeps every glyph slot (HarfBuzz RETAIN_GIDS),
so a Noto CJK subset still carries ~63,000 one-byte empty charstrings whose ever-growing offsets do not
compress (~140 KB per PDF). Rewriting the CFF CharStrings INDEX so empty glyphs have zero length leaves
every used glyph, every glyph id and every other offset unchanged (the freed bytes become zero padding at
the end of the INDEX, which compresses to nothing), so the page renders byte-for-byte the same.
"""

import io
import itertools
import struct

from fontTools import cffLib
from fontTools.ttLib import TTFont, TTLibError

_ENDCHAR = 0x0E  # a charstring that only ends: an empty glyph slot


def _offsets(cff: bytearray, at: int, count: int, size: int) -> list[int]:
    raw = bytes(cff[at:at + count * size])
    if size in (1, 2, 4):
        return list(struct.unpack(f">{count}{'xBHxI'[size]}", raw))
    return [int.from_bytes(raw[index:index + size], "big") for index in range(0, len(raw), size)]


def _compact_charstrings(cff: bytearray, start: int) -> None:
    """Rewrite the CharStrings INDEX at `start` in place: endchar-only glyphs become empty."""
    count = struct.unpack_from(">H", cff, start)[0]
    if count == 0:
        return
    size = cff[start + 2]
    offsets_at = start + 3
    offsets = _offsets(cff, offsets_at, count + 1, size)
    data_at = offsets_at + (count + 1) * size - 1  # offsets are 1-based
    parts, new_offsets, position = [], [1], 1
    for begin, end in itertools.pairwise(offsets):
        if end - begin != 1 or cff[data_at + begin] != _ENDCHAR:
            parts.append(cff[data_at + begin:data_at + end])
            position += end - begin
        new_offsets.append(position)
    body = b"".join(parts)
    old_length = offsets[-1] - 1
    cff[offsets_at:data_at + 1] = b"".join(value.to_bytes(size, "big") for value in new_offsets)
    cff[data_at + 1:data_at + 1 + old_length] = body + bytes(old_length - len(body))


def _table_checksum(data: bytes) -> int:
    padded = data + bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def compact_cff_font(font: bytes) -> bytes:
    """The OpenType font with empty CFF charstrings emptied; any font it does not understand is returned as is."""
    if not font.startswith(b"OTTO"):
        return font
    try:
        reader = TTFont(io.BytesIO(font), lazy=True).reader
        record = reader.tables.get("CFF ")
        if record is None:
            return font
        cff = bytearray(font[record.offset:record.offset + record.length])
        fonts = cffLib.CFFFontSet()
        fonts.decompile(io.BytesIO(bytes(cff)), None)
        _compact_charstrings(cff, fonts.topDictIndex[0].rawDict["CharStrings"])
    except (KeyError, IndexError, struct.error, AssertionError, ValueError, TTLibError):
        return font
    result = bytearray(font)
    result[record.offset:record.offset + record.length] = cff
    number_of_tables = struct.unpack_from(">H", font, 4)[0]
    for index in range(number_of_tables):
        entry = 12 + 16 * index
        if font[entry:entry + 4] == b"CFF ":
            struct.pack_into(">I", result, entry + 4, _table_checksum(bytes(cff)))
    return bytes(result)


def compact_fonts_finisher(document, pdf) -> None:
    """A WeasyPrint `finisher`: compacts every embedded OpenType (CFF) font stream before the PDF is written."""
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if extra is not None and extra.get("Subtype") == "/OpenType" and len(item.stream) == 1:
            item.stream[0] = compact_cff_font(item.stream[0])
