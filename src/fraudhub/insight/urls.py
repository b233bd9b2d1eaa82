from django.urls import URLPattern, path

from . import views

app_name = "insight"

urlpatterns: list[URLPattern] = [
    path("map/", views.map_page, name="map"),
    path("trends/", views.trends_page, name="trends"),
    path("emerging/", views.emerging_page, name="emerging"),
    path("data-quality/", views.data_quality_page, name="data_quality"),
    path("export/", views.export_page, name="export"),
]
