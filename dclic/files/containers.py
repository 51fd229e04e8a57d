"""Structural checks of the binary formats accepted: each walks the file's own framing.

Every check gets the open file, its size and its first bytes, returns the name of the format
(``detection.FORMATS``) or raises :class:`Refused`. A file must end where its format says it
ends (PNG's IEND, the RIFF size, the last MP4 box, the last Ogg page, the WebM segment):
bytes after that are how polyglots hide an archive or a web page.
"""

from __future__ import annotations

import re
import struct


class Refused(Exception):
    """The content is not accepted; ``reason`` names why (see ``detection.MESSAGES``)."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        self.params = params
        super().__init__(reason)


_FOURCC = re.compile(rb"^[\x20-\x7e]{4}$")


def _ends_at(end: int, size: int) -> None:
    if end < size:
        raise Refused("polyglot")
    if end > size:
        raise Refused("damaged")


# --- images -------------------------------------------------------------------------------


def check_png(f, size: int, head: bytes) -> str:
    """Walk the chunks up to IEND; nothing may follow it."""
    pos = 8
    while True:
        f.seek(pos)
        header = f.read(8)
        if len(header) < 8:
            raise Refused("damaged")
        length, kind = struct.unpack(">I4s", header)
        if length > 2**31 - 1 or not kind.isalpha():
            raise Refused("damaged")
        pos += 12 + length
        if kind == b"IEND":
            _ends_at(pos, size)
            return "png"


def check_webp(f, size: int, head: bytes) -> str:
    """The RIFF container's size must be the file's; the first chunk a WebP bitstream."""
    (riff_size,) = struct.unpack("<I", head[4:8])
    _ends_at(riff_size + 8, size)
    if head[12:16] not in (b"VP8 ", b"VP8L", b"VP8X"):
        raise Refused("damaged")
    return "webp"


# --- documents ----------------------------------------------------------------------------

_PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")


def check_pdf(f, size: int, head: bytes) -> str:
    """A PDF header at the very start and an end-of-file marker in the last kilobyte."""
    if not _PDF_VERSION.match(head):
        raise Refused("damaged")
    f.seek(max(0, size - 1024))
    if b"%%EOF" not in f.read(1024):
        raise Refused("damaged")
    return "pdf"


def refuse_trailing_archive(f, size: int) -> None:
    """Refuse a file that is also a zip archive (its directory at the end: GIFAR, PDF+ZIP…).

    The end-of-directory record is only taken as one when its comment length brings it
    exactly to the end of the file, so random bytes of an image almost never match.
    """
    tail_size = min(size, 22 + 65535)
    f.seek(size - tail_size)
    tail = f.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    while at >= 0:
        if len(tail) - at >= 22:
            (comment,) = struct.unpack("<H", tail[at + 20 : at + 22])
            if at + 22 + comment == len(tail):
                raise Refused("polyglot")
        at = tail.rfind(b"PK\x05\x06", 0, at)


# --- audio and video ----------------------------------------------------------------------

_MP3_BITRATES = {
    3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2
    0: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2.5
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_frame_length(header: bytes) -> int:
    """The length of the MPEG audio layer III frame starting with ``header``, or 0."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return 0
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return 0
    bitrate = _MP3_BITRATES[version][bitrate_index] * 1000
    rate = _MP3_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    return (144 if version == 3 else 72) * bitrate // rate + padding


def check_mp3(f, size: int, head: bytes) -> str:
    """After an optional ID3v2 tag, two MPEG layer III frames in a row."""
    pos = 0
    if head.startswith(b"ID3"):
        if len(head) < 10:
            raise Refused("damaged")
        tag = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        pos = 10 + tag + (10 if head[5] & 0x10 else 0)
    f.seek(pos)
    length = mp3_frame_length(f.read(4))
    if not length:
        raise Refused("damaged")
    if pos + length + 4 <= size:
        f.seek(pos + length)
        following = f.read(4)
        if not mp3_frame_length(following) and following[:3] not in (b"TAG", b"APE", b"ID3"):
            raise Refused("damaged")
    return "mp3"


_OGG_CODECS = {
    b"\x01vorbis": "audio",
    b"OpusHead": "audio",
    b"\x7fFLAC": "audio",
    b"Speex   ": "audio",
    b"\x80theora": "video",
}


def check_ogg(f, size: int, head: bytes) -> str:
    """Walk every Ogg page to the end of the file; name the streams' codecs."""
    pos, kinds = 0, set()
    while pos < size:
        f.seek(pos)
        header = f.read(27)
        if header[:4] != b"OggS":
            raise Refused("polyglot" if pos else "damaged")
        if len(header) < 27 or header[4] != 0:
            raise Refused("damaged")
        table = f.read(header[26])
        body = sum(table)
        if header[5] & 0x02:  # the first page of a stream says its codec
            start = f.read(8)
            kinds |= {kind for magic, kind in _OGG_CODECS.items() if start.startswith(magic)}
        pos += 27 + len(table) + body
    _ends_at(pos, size)
    if not kinds:
        raise Refused("unknown")
    return "ogg_video" if "video" in kinds else "ogg_audio"


_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
    b"dash", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"M4A ", b"M4B ",
}  # fmt: skip
_MP4_AUDIO_BRANDS = {b"M4A ", b"M4B "}
# Boxes found at the top of ISO media files (ISO/IEC 14496-12, QuickTime leftovers).
_MP4_TOP_LEVEL = {
    b"ftyp", b"pdin", b"moov", b"moof", b"mfra", b"mdat", b"free", b"skip", b"meta",
    b"meco", b"styp", b"sidx", b"ssix", b"prft", b"emsg", b"uuid", b"wide", b"pnot",
}  # fmt: skip


def check_mp4(f, size: int, head: bytes) -> str:
    """Top-level boxes from ``ftyp`` to the end of the file, a ``moov`` among them."""
    boxes, pos = [], 0
    while pos < size:
        f.seek(pos)
        header = f.read(16)
        if len(header) < 8:
            raise Refused("damaged")
        length, kind = struct.unpack(">I4s", header[:8])
        if length == 1 and len(header) == 16:
            (length,) = struct.unpack(">Q", header[8:16])
        elif length == 0:
            length = size - pos
        if boxes and (not _FOURCC.match(kind) or kind not in _MP4_TOP_LEVEL):
            # Not a box of this level: what follows the video is something else.
            raise Refused("polyglot")
        if length < 8 or pos + length > size or len(boxes) > 10_000:
            raise Refused("damaged")
        boxes.append(kind)
        pos += length
    if boxes[0] != b"ftyp" or b"moov" not in boxes:
        raise Refused("damaged")
    (ftyp_length,) = struct.unpack(">I", head[:4])
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(ftyp_length, 256), 4)}
    if not brands & _MP4_BRANDS:
        raise Refused("unknown")
    return "m4a" if head[8:12] in _MP4_AUDIO_BRANDS else "mp4"


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``pos``: (value, its length); -1 for "unknown"."""
    if pos >= len(data) or data[pos] == 0:
        raise Refused("damaged")
    length = 8 - data[pos].bit_length() + 1
    raw = data[pos : pos + length]
    if len(raw) < length:
        raise Refused("damaged")
    value = int.from_bytes(raw, "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    return (-1 if value == (1 << (7 * length)) - 1 else value), length


def check_webm(f, size: int, head: bytes) -> str:
    """An EBML header whose DocType is ``webm``, then one Segment reaching the file's end."""
    header_size, n = _vint(head, 4, keep_marker=False)
    body_start = 4 + n
    if header_size < 0 or body_start + header_size > len(head):
        raise Refused("damaged")
    doctype, pos, end = None, body_start, body_start + header_size
    while pos < end:
        element, n = _vint(head, pos, keep_marker=True)
        length, m = _vint(head, pos + n, keep_marker=False)
        if length < 0:
            raise Refused("damaged")
        if element == 0x4282:
            doctype = head[pos + n + m : pos + n + m + length]
        pos += n + m + length
    if doctype != b"webm":
        raise Refused("unknown")
    f.seek(end)
    segment = f.read(12)
    element, n = _vint(segment, 0, keep_marker=True)
    if element != 0x18538067:
        raise Refused("damaged")
    length, m = _vint(segment, n, keep_marker=False)
    if length >= 0:  # a live recording may leave the length unknown: it runs to the end
        _ends_at(end + n + m + length, size)
    return "webm"
