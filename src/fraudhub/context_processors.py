"""Values every page needs: the service and area names and the hub's own details, as an
operator sets them."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from fraudhub.hub import hub_details


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.FRAUDHUB_SERVICE_NAME,
        "area_name": settings.FRAUDHUB_AREA_NAME,
        # The site is the hub's: page titles end with its name.
        "site_name": settings.FRAUDHUB_HUB_NAME,
        "hub": hub_details(),
    }


# Which menu item a page belongs to, by its URL's namespace and name ("*": any other name).
MENU_SECTIONS: dict[tuple[str, str], str] = {
    ("casework", "dashboard"): "dashboard",
    ("casework", "*"): "cases",
    ("staff", "report_list"): "reports",
    ("staff", "report_detail"): "reports",
    ("staff", "add_update"): "reports",
    ("staff", "report_reason"): "reports",
    ("intake", "phone_entry"): "phone",
    ("intake", "phone_ending"): "phone",
    ("intake", "phone_letter"): "phone",
    ("intake", "refer"): "refer",
    ("intake", "imports"): "imports",
    ("intake", "import_template"): "imports",
    ("intake", "import_detail"): "imports",
    ("intake", "import_problems"): "imports",
    ("intake", "quarantine"): "quarantine",
    ("intake", "quarantined_row"): "quarantine",
    ("linking", "*"): "intelligence",
    ("", "staff_search"): "search",
    ("", "audit_log"): "audit",
    ("insight", "*"): "insight",
    ("rights", "*"): "rights",
    ("agreements", "*"): "agreements",
    # "check before you pay": partner look-up, and publishing under intelligence
    ("prevention_staff", "look_up"): "look-up",
    ("prevention_staff", "published_list"): "intelligence",
    ("prevention_staff", "publish"): "intelligence",
    ("prevention_staff", "withdraw"): "intelligence",
    ("prevention_staff", "early_signs"): "intelligence",
    ("prevention_staff", "review_requests"): "intelligence",
    ("prevention_staff", "review_request"): "intelligence",
    # scam alerts (prevention's other staff pages name their own)
    **{
        ("prevention_staff", name): "alerts"
        for name in (
            "alert_list",
            "alert_new",
            "alert_detail",
            "alert_edit",
            "alert_submit",
            "alert_approve",
            "alert_send_back",
            "alert_withdraw",
        )
    },
    # prevention: warnings to people at risk, awareness activity
    ("prevention_staff", "warnings"): "warnings",
    ("prevention_staff", "warning_prepare"): "warnings",
    ("prevention_staff", "warning_batch"): "warnings",
    ("prevention_staff", "warning_letters"): "warnings",
    ("prevention_staff", "awareness"): "awareness",
    ("prevention_staff", "awareness_new"): "awareness",
    ("prevention_staff", "awareness_import"): "awareness",
    ("prevention_staff", "awareness_import_result"): "awareness",
}


def menu_section(request: HttpRequest) -> str:
    """The menu item to mark as the current one: a case's pages are under Cases, a
    cluster's under Intelligence, and so on."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    namespace = match.namespace or ""
    return MENU_SECTIONS.get(
        (namespace, match.url_name or ""), MENU_SECTIONS.get((namespace, "*"), "")
    )


def staff(request: HttpRequest) -> dict[str, Any]:
    """What the signed-in person may do (`may.work_cases`...), so menus and pages show only
    what their role allows; the views check again, and theirs is the check that counts."""
    from fraudhub.governance.access import permissions_of

    user = getattr(request, "user", None)
    may = SimpleLazyObject(lambda: permissions_of(user))
    return {"may": may, "menu_section": menu_section(request)}


def agreement_reviews(request: HttpRequest) -> dict[str, Any]:
    """Agreements whose review date has passed, for a banner to the staff of the
    organisation that owns them who may manage agreements; worked out only if shown."""
    from fraudhub.governance import policy
    from fraudhub.governance.access import allowed, organisation_of
    from fraudhub.governance.roles import Permission

    user = getattr(request, "user", None)

    def overdue() -> list[Any]:
        if not allowed(user, Permission.MANAGE_AGREEMENTS):
            return []
        organisation = organisation_of(user)
        return list(policy.reviews_overdue(organisation)) if organisation else []

    return {"reviews_overdue": SimpleLazyObject(overdue)}
