from django.contrib import admin

from .models import DistrictCentroid


@admin.register(DistrictCentroid)
class DistrictCentroidAdmin(admin.ModelAdmin):
    list_display = ["code", "town", "council", "latitude", "longitude", "postcodes", "source"]
    list_filter = ["source", "council"]
    search_fields = ["code", "town", "council"]
