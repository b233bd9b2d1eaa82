"""Prevention's staff pages, under /staff/prevention/: drafting and approving alerts,
publishing identifiers, partner look-up, warnings to people at risk, awareness activity."""

from django.urls import path  # noqa: F401

from . import outreach_views

app_name = "prevention_staff"

urlpatterns: list = []

# warnings to people at risk, awareness activity
urlpatterns += [
    path("warnings/", outreach_views.warnings, name="warnings"),
    path(
        "warnings/campaigns/<int:campaign_id>/",
        outreach_views.prepare,
        name="warning_prepare",
    ),
    path("warnings/<int:batch_id>/", outreach_views.batch, name="warning_batch"),
    path("warnings/<int:batch_id>/approve/", outreach_views.approve, name="warning_approve"),
    path("warnings/<int:batch_id>/letters/", outreach_views.letters, name="warning_letters"),
    path("awareness/", outreach_views.awareness, name="awareness"),
    path("awareness/new/", outreach_views.awareness_new, name="awareness_new"),
    path("awareness/import/", outreach_views.awareness_import, name="awareness_import"),
    path(
        "awareness/import/<int:import_id>/",
        outreach_views.awareness_import_result,
        name="awareness_import_result",
    ),
    path("awareness/template.csv", outreach_views.awareness_template, name="awareness_template"),
]
