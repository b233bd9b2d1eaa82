"""Writes in insight: the postcode-district centroids the map draws at."""

from __future__ import annotations

from django.db import transaction

from .models import DistrictCentroid
from .postcodes import ReadResult


@transaction.atomic
def load_centroids(*, result: ReadResult, names: dict[str, str]) -> tuple[int, int]:
    """Store a centroid per district read from the ONSPD, replacing any shipped one for
    the same district and keeping its town. Returns (added, updated)."""
    existing = {c.code: c for c in DistrictCentroid.objects.all()}
    added: list[DistrictCentroid] = []
    updated: list[DistrictCentroid] = []
    for code, total in result.districts.items():
        council_code = total.council_code
        centroid = existing.get(code) or DistrictCentroid(code=code)
        centroid.latitude = total.latitude
        centroid.longitude = total.longitude
        centroid.postcodes = total.postcodes
        centroid.council_code = council_code
        centroid.council = names.get(council_code, centroid.council or council_code)
        centroid.source = DistrictCentroid.Source.ONSPD
        (updated if centroid.pk else added).append(centroid)
    DistrictCentroid.objects.bulk_create(added, batch_size=1000)
    DistrictCentroid.objects.bulk_update(
        updated,
        ["latitude", "longitude", "postcodes", "council_code", "council", "source"],
        batch_size=1000,
    )
    return len(added), len(updated)
