from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from fraudhub import legal
from fraudhub.accounts import views as accounts_views
from fraudhub.audit_search import audit_log, audit_log_csv
from fraudhub.operations import health, metrics
from fraudhub.staff_search import staff_search

admin.site.site_header = "Fraud Hub reference data"
admin.site.site_title = "Fraud Hub"
handler403 = "fraudhub.governance.access.refused"
handler404 = "fraudhub.errors.page_not_found"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:start", permanent=False), name="home"),
    path("", include("fraudhub.intake.urls")),
    path("staff/search/", staff_search, name="staff_search"),
    path("staff/audit/", audit_log, name="audit_log"),
    path("staff/audit/entries.csv", audit_log_csv, name="audit_log_csv"),
    path("staff/", include("fraudhub.reports.urls")),
    path("staff/cases/", include("fraudhub.casework.urls")),
    path("staff/links/", include("fraudhub.linking.urls")),
    path("staff/insight/", include("fraudhub.insight.urls")),
    path("staff/prevention/", include("fraudhub.prevention.staff_urls")),
    path("staff/data-rights/", include("fraudhub.rights.urls")),
    path("staff/agreements/", include("fraudhub.agreements.urls")),
    path("staff/sign-in/", accounts_views.sign_in, name="login"),
    path("staff/", include("fraudhub.accounts.urls")),
    path("staff/sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("fraudhub.prevention.urls")),
    path("privacy/", legal.privacy, name="privacy"),
    path("accessibility/", legal.accessibility, name="accessibility"),
    path("cookies/", legal.cookies, name="cookies"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("fraudhub.intake.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("taxii2/", include("fraudhub.insight.taxii.urls")),
    # for load balancers and monitoring; answered first by OperatorsFirstMiddleware
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
