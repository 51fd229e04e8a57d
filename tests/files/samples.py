"""Small files of every kind, made in code: images with Pillow, the rest byte by byte."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from itertools import count

from PIL import Image

_serial = count(1)


def unique_colour() -> tuple[int, int, int]:
    """A colour no other test used, so contents (and their digests) differ between tests."""
    n = next(_serial) * 7919
    return (n % 251, (n // 251) % 251, (n // 63001) % 251)


def image(fmt="PNG", size=(64, 48), mode="RGB", colour=None, **save) -> bytes:
    picture = Image.new(mode, size, colour or unique_colour())
    # A bit of detail, so encoders do not reduce the picture to almost nothing.
    for x in range(0, size[0], 7):
        picture.putpixel((x, x * size[1] // size[0]), (255,) * len(mode))
    out = io.BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_exif(size=(400, 200), orientation=6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (14.0, 41.0, 34.0)}  # GPS position
    return image("JPEG", size, exif=exif.tobytes())


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header announces ``width`` × ``height`` over a few bytes of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def pdf(text="Cours") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"% " + text.encode() + b" " + str(next(_serial)).encode() + b"\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def text(body="Bonjour, élève — مرحبا بكم") -> bytes:
    return f"{body}\nLigne {next(_serial)}\n".encode()


def _zip(entries: list[tuple[str, bytes]], *, stored_first=False, **kwargs) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for n, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and n == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def opendocument(kind="text") -> bytes:
    return _zip(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()),
            ("content.xml", f"<office:document-content n='{next(_serial)}'/>".encode()),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ],
        stored_first=True,
    )


OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office_open_xml(kind="docx", *, main_type=None, extra=()) -> bytes:
    part, content_type = OOXML[kind]
    main_type = main_type or f"application/vnd.openxmlformats-officedocument.{content_type}"
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    )
    return _zip(
        [
            ("[Content_Types].xml", types.encode()),
            (part, f"<document n='{next(_serial)}'/>".encode()),
            *extra,
        ]
    )


def zip_archive() -> bytes:
    return _zip([("notes.txt", text()), ("photo.png", image())])


def zip_bomb() -> bytes:
    """A docx whose one part expands 20 MB of zeros out of a few kilobytes."""
    return office_open_xml("docx", extra=[("word/media/big.bin", b"\x00" * 20_000_000)])


def mp3(frames=3) -> bytes:
    # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417-byte frames.
    frame = b"\xff\xfb\x90\x64" + bytes([next(_serial) % 256]) * 413
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10
    return tag + frame * frames


def _ogg_page(flags: int, sequence: int, body: bytes) -> bytes:
    header = b"OggS\x00" + bytes([flags]) + struct.pack("<qIII", 0, 7, sequence, 0)
    return header + bytes([1, len(body)]) + body


def ogg(codec=b"\x01vorbis") -> bytes:
    first = codec + bytes(30 - len(codec))
    return _ogg_page(0x02, 0, first) + _ogg_page(0x04, 1, bytes([next(_serial) % 256]) * 50)


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(brand=b"isom", compatible=b"mp41") -> bytes:
    ftyp = _box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + compatible)
    return ftyp + _box(b"moov", b"\x00" * 16) + _box(b"mdat", bytes([next(_serial) % 256]) * 64)


def webm(doctype=b"webm") -> bytes:
    header_body = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header_body)]) + header_body
    segment_body = bytes([next(_serial) % 256]) * 20
    return header + b"\x18\x53\x80\x67" + bytes([0x80 | len(segment_body)]) + segment_body


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 200


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
