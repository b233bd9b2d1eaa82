"""QR codes drawn on the server as SVG, so setting up an authenticator app needs no script."""

from __future__ import annotations

import base64

import qrcode
from qrcode.image.svg import SvgPathImage


def svg_data_uri(text: str) -> str:
    """A data: URI of an SVG QR code for `text`, for an <img> (the page's policy allows
    data: images, and an image carries its alternative text)."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=4)
    svg: str = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
