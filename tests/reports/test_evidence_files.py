"""Evidence files are judged by their content, never their name: a JPG, PNG or PDF under
10MB is kept, anything else is refused saying what to do, and photos lose their location
and other metadata while keeping the way up they were taken."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from fraudhub.reports import evidence
from fraudhub.reports.evidence import EvidenceRefused, check_file

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(*, orientation: int = 1, size: tuple[int, int] = (40, 20)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 45.0, 0.0), 3: "W", 4: (0.0, 20.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"Taken at 12 High Street")
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 0, 255)).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_photo_loses_its_gps_location_and_camera_details() -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD), "the fixture has GPS"
    kept = check_file(name="IMG_0001.JPG", content=original)
    with Image.open(io.BytesIO(kept.content)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not dict(image.getexif())
        assert "comment" not in image.info and "exif" not in image.info
    assert b"High Street" not in kept.content
    assert (kept.content_type, kept.suffix, kept.name) == ("image/jpeg", ".jpg", "IMG_0001.JPG")


def test_a_photo_taken_sideways_stays_the_way_up_it_was_seen() -> None:
    # Orientation 6: the camera was turned; viewers rotate 90 degrees to show it upright.
    kept = check_file(name="sideways.jpg", content=jpeg_with_gps(orientation=6, size=(40, 20)))
    with Image.open(io.BytesIO(kept.content)) as image:
        assert image.size == (20, 40)
        assert ORIENTATION not in image.getexif()


def test_png_and_pdf_are_kept() -> None:
    assert check_file(name="screenshot.png", content=png()).content_type == "image/png"
    kept = check_file(name="statement.pdf", content=PDF)
    assert (kept.content_type, kept.content) == ("application/pdf", PDF)


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,  # Windows program
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,  # Linux program
        b"PK\x03\x04" + b"\x00" * 200,  # a zip
    ],
    ids=["html", "windows-program", "linux-program", "zip"],
)
def test_a_file_named_jpg_that_is_something_else_is_refused(content: bytes) -> None:
    with pytest.raises(EvidenceRefused, match="The selected file must be a JPG, PNG or PDF"):
        check_file(name="holiday.jpg", content=content)


def test_a_file_over_10mb_is_refused() -> None:
    with pytest.raises(EvidenceRefused, match="The selected file must be smaller than 10MB"):
        check_file(name="big.pdf", content=PDF + b"0" * evidence.MAX_FILE_BYTES)


def test_a_heic_photo_is_refused_politely() -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(EvidenceRefused, match="HEIC photo, which we cannot open.*JPG"):
        check_file(name="IMG_0002.HEIC", content=heic)


def test_a_damaged_photo_is_refused() -> None:
    with pytest.raises(EvidenceRefused, match="could not be opened"):
        check_file(name="broken.jpg", content=jpeg_with_gps()[:200])


def test_the_name_keeps_no_folders() -> None:
    assert evidence.display_name("C:\\Users\\me\\letter.pdf") == "letter.pdf"
    assert evidence.display_name("../../etc/passwd") == "passwd"


@given(st.binary(max_size=400))
def test_bytes_that_are_not_a_picture_or_pdf_are_never_kept_as_one(content: bytes) -> None:
    try:
        kept = check_file(name="x.jpg", content=content)
    except EvidenceRefused:
        return
    assert kept.content_type in ("image/jpeg", "image/png", "application/pdf")
    assert kept.content_type != "application/pdf" or content.startswith(b"%PDF")


def test_a_tiny_file_claiming_a_huge_picture_is_refused_without_decoding_it() -> None:
    out = io.BytesIO()
    Image.new("1", (6000, 4500)).save(out, format="PNG")  # 27 million pixels, a few KB
    assert len(out.getvalue()) < 100_000
    with pytest.raises(EvidenceRefused):
        check_file(name="big.png", content=out.getvalue())
