"""Images: decoded once by Pillow to prove they are images, then resized for phones.

Each image gets copies at a few widths (never wider than the original), in WebP and in a
format every browser shows (JPEG, or PNG for images with transparency, PNG and GIF
originals), turned upright (EXIF orientation) and without metadata (camera, GPS position);
the ICC colour profile of RGB images is kept. Animated GIF and WebP give a still copy of their
first frame; the original stays as sent.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from dclic.files.containers import Refused

WIDTHS = (320, 640, 1280)
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; 150 MB once decoded
MAX_SIDE = 20_000
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Rendered:
    """A resized copy, encoded."""

    width: int
    height: int
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Examined:
    width: int  # upright
    height: int
    variants: list[Rendered]


def examine(path: Path, format_name: str) -> Examined:
    """Decode the image (Refused when it cannot be) and render its resized copies."""
    # Pillow refuses by itself what is over twice its MAX_IMAGE_PIXELS (about 179
    # megapixels) before decoding; our lower limit is checked in _render, also before decoding.
    try:
        with Image.open(path, formats=[PILLOW_FORMATS[format_name]]) as image:
            return _render(image, format_name)
    except Refused:
        raise
    except Image.DecompressionBombError:
        raise _too_big() from None
    except Exception:  # Pillow's decoders raise many kinds of errors on hostile input
        raise Refused("damaged") from None


def _too_big() -> Refused:
    return Refused("image_too_big", megapixels=MAX_PIXELS // 1_000_000, side=MAX_SIDE)


def _render(image: Image.Image, format_name: str) -> Examined:
    stored_width, stored_height = image.size
    if stored_width * stored_height > MAX_PIXELS or max(image.size) > MAX_SIDE:
        raise _too_big()
    rotated = image.getexif().get(_EXIF_ORIENTATION) in _ROTATED
    width, height = (stored_height, stored_width) if rotated else (stored_width, stored_height)
    targets = sorted({min(target, width) for target in WIDTHS})
    if format_name == "jpeg":  # decode at a reduced scale: faster, far less memory
        scale = targets[-1] / width
        image.draft("RGB", (math.ceil(stored_width * scale), math.ceil(stored_height * scale)))
    image.load()
    upright = _clean(ImageOps.exif_transpose(image))
    icc = image.info.get("icc_profile") if _is_rgb_profile(image.info.get("icc_profile")) else None
    fallback = _fallback_type(format_name, upright)
    variants = []
    for target in reversed(targets):
        size = (target, max(1, round(height * target / width)))
        resized = upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for media_type in ("image/webp", fallback):
            variants.append(Rendered(*size, media_type, _encode(resized, media_type, icc)))
    return Examined(width, height, sorted(variants, key=lambda v: (v.width, v.media_type)))


def _clean(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels only: no palette, no CMYK, no metadata carried over."""
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    clean = image.convert("RGBA" if transparent else "RGB")
    clean.info = {}
    return clean


def _is_rgb_profile(icc) -> bool:
    return isinstance(icc, bytes) and icc[16:20] == b"RGB "


def _fallback_type(format_name: str, image: Image.Image) -> str:
    if format_name == "jpeg" or (format_name == "webp" and image.mode == "RGB"):
        return "image/jpeg"
    return "image/png"


def _encode(image: Image.Image, media_type: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if media_type == "image/webp":
        image.save(out, "WEBP", quality=80, method=4, **extra)
    elif media_type == "image/jpeg":
        image.save(out, "JPEG", quality=82, optimize=True, progressive=True, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()
