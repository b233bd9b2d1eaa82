"""Checking evidence files a reporter sends: what a file is, read from its content (never
its name or the browser's word), within the size limit, and photos re-saved without their
location or any other metadata. Plain bytes in, plain results out: no ORM here."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# A photo larger than this many pixels is refused rather than decoded (a file a few
# kilobytes long can claim billions of pixels). 25 million is a 6,000 by 4,000 camera
# photo; decoding one costs the worker about 100 MB at 4 bytes a pixel.
MAX_PIXELS = 25_000_000

WRONG_TYPE = "The selected file must be a JPG, PNG or PDF"
TOO_LARGE = "The selected file must be smaller than 10MB"
TOO_MANY = f"Select up to {MAX_FILES} files at a time"
EMPTY = "The selected file is empty"
HEIC = (
    "The selected file is a HEIC photo, which we cannot open. "
    "Save it as a JPG (or take a screenshot of it) and choose it again"
)
UNREADABLE = "The selected file could not be opened: it may be damaged. Choose another file"

# What a file's content says it is, and how it is stored.
KINDS: dict[str, tuple[str, str]] = {
    "jpg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "pdf": ("application/pdf", ".pdf"),
}
FORMATS = {"jpg": "JPEG", "png": "PNG"}


@dataclass(frozen=True)
class CheckedFile:
    """A file fit to keep: its content (photos already cleaned), type and the name the
    reporter's device gave it (shown to staff; never used as a path)."""

    name: str
    content: bytes
    content_type: str
    suffix: str


class EvidenceRefused(ValueError):
    """A file that cannot be kept, with the message that says what to do."""


def display_name(name: str) -> str:
    """The file's own name without any folder the browser sent, for staff to read."""
    return PurePath(name.replace("\\", "/")).name.strip()[:255] or "file"


def _kind(head: bytes) -> str:
    guess = filetype.guess(head)
    if guess is None:
        return ""
    if guess.extension in ("heic", "heif", "avif"):
        return "heic"
    return guess.extension if guess.extension in KINDS else ""


def _clean_image(content: bytes, kind: str) -> bytes:
    """The photo's pixels, turned the way the camera meant (orientation applied), saved
    again with no EXIF, GPS, XMP, comments or text chunks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[FORMATS[kind]]) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise EvidenceRefused(TOO_LARGE)
                probe.verify()
            with Image.open(io.BytesIO(content), formats=[FORMATS[kind]]) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except EvidenceRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise EvidenceRefused(UNREADABLE) from error
    upright.info = {}
    out = io.BytesIO()
    if kind == "jpg":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=90)
    else:
        upright.save(out, format="PNG")
    return out.getvalue()


def check_file(*, name: str, content: bytes) -> CheckedFile:
    """A file fit to keep, or EvidenceRefused saying why: a JPG, PNG or PDF by content,
    under 10MB, photos cleaned of metadata."""
    if not content:
        raise EvidenceRefused(EMPTY)
    if len(content) > MAX_FILE_BYTES:
        raise EvidenceRefused(TOO_LARGE)
    kind = _kind(content[:8192])
    if kind == "heic":
        raise EvidenceRefused(HEIC)
    if not kind:
        raise EvidenceRefused(WRONG_TYPE)
    content_type, suffix = KINDS[kind]
    if kind in ("jpg", "png"):
        content = _clean_image(content, kind)
    return CheckedFile(
        name=display_name(name), content=content, content_type=content_type, suffix=suffix
    )
