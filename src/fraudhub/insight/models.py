"""Where postcode districts are: the centroids the map draws figures at."""

from __future__ import annotations

from django.db import models


class DistrictCentroid(models.Model):
    """A postcode district's centre and the council it falls in: the demo county's shipped
    list, or averaged from the ONS Postcode Directory by `fraudhub load-postcodes`."""

    class Source(models.TextChoices):
        SHIPPED = "shipped", "Shipped with Fraud Hub (demo county)"
        ONSPD = "onspd", "ONS Postcode Directory"

    code = models.CharField(max_length=6, unique=True)
    town = models.CharField(max_length=100, blank=True)
    council = models.CharField(max_length=100, blank=True)
    council_code = models.CharField(max_length=12, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(default=0, help_text="Live postcodes averaged.")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SHIPPED)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
