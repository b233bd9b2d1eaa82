"""Every route in the URL configuration, asked for by every kind of user, reading (GET) and
changing (POST), answers as the table below says. A new route with no row fails, so no
page ships unchecked: add it to EXPECTED (or to the admin's rule) with what each role may do.

Outcomes: `ok` the page or its redirect within the area (2xx, 3xx, or a 400 or 415 saying
what to fix); `login` a redirect to sign in; `401` the API asking for a token; `403` the
refusal (a role that may not do it); `404` a record of another organisation, or none the
person may see; `405` a method the page does not take."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from fraudhub.casework.models import Case, Intervention, PlanItem, ProactiveCall, TargetList
from fraudhub.casework.services import triage_reports
from fraudhub.casework.services.edits import Edit
from fraudhub.casework.services.payments import write_letter
from fraudhub.governance.categories import Category
from fraudhub.insight import intel
from fraudhub.insight.taxii import feeds
from fraudhub.intake import journey
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.linking.models import CampaignBridge, PersonPair
from fraudhub.linking.services import confirm_campaign, link_reports
from fraudhub.operations.services import record_heartbeat
from fraudhub.prevention.models import Alert, AwarenessImport
from fraudhub.prevention.services.checks import publish_identifier, request_review
from fraudhub.prevention.services.warnings import prepare_batch
from fraudhub.reports.additions import add_information
from fraudhub.reports.evidence import check_file
from fraudhub.reports.inputs import PersonInput

from .factories import (
    OrganisationFactory,
    agreement,
    hub,
    make_report,
    open_claim,
    record_payment,
    sign_in,
    staff_user,
    unattached_user,
)

ROLES = (
    "anonymous",
    "partner",  # Partner user of the organisation whose import and report are asked for
    "other_partner",  # Partner user of another organisation
    "no_organisation",  # a Case manager's role, but no organisation
    "call_handler",
    "case_manager",
    "analyst",
    "administrator",
)

# route: "GET outcomes by role | POST outcomes by role" (POST "same" when they agree)
PUBLIC = "ok ok ok ok ok ok ok ok | same"
SIGNED_IN = "login ok ok ok ok ok ok ok | same"
REPORTS = "login ok ok ok ok ok ok ok | same"
PARTNER = "login ok ok 403 403 403 403 ok | same"
PARTNER_RECORD = "login ok 404 403 403 403 403 ok | same"
VIEW_CASES = "login 403 403 403 ok ok 403 ok | same"
WORK_CASES = "login 403 403 403 403 ok 403 ok | same"
INTELLIGENCE = "login 403 403 ok 403 ok ok ok | same"
FIGURES = "login 403 403 404 403 ok ok ok | same"
TAXII = "401 ok ok 403 ok ok ok ok | 401 405 405 403 405 405 405 405"
TAXII_COLLECTION = "401 ok 404 403 404 404 404 404 | 401 405 405 403 405 405 405 405"
# people's data rights and retention: the data protection officer (tested on its own in
# tests/rights) and administrators
RIGHTS = "login 403 403 403 403 403 403 ok | same"
RIGHTS_POST_ONLY = "login 403 403 403 403 403 403 405 | login 403 403 403 403 403 403 ok"
MANAGE_AGREEMENTS = "login 403 403 403 403 403 403 ok | same"
# publishing for "check before you pay": intelligence, and only the hub's own staff
HUB_INTELLIGENCE = "login 403 403 403 403 ok ok ok | same"
HUB_INTELLIGENCE_READ = "login 403 403 403 403 ok ok ok | login 403 403 403 403 405 405 405"
PUBLIC_READ = "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405"
DRAFT_ALERTS = "login 403 403 403 403 ok ok ok | same"
APPROVE_ALERTS = "login 403 403 403 403 403 ok ok | same"
SUBSCRIBERS = "login 403 403 403 403 ok ok ok | login 403 403 403 403 405 405 405"
EXPECTED: dict[str, str] = {
    # the public: reporting and tracking
    "": PUBLIC,
    "report/": PUBLIC,
    "report/start-again/": "405 405 405 405 405 405 405 405 | ok ok ok ok ok ok ok ok",
    "report/delete-answers/": "405 405 405 405 405 405 405 405 | ok ok ok ok ok ok ok ok",
    "report/check-answers/": PUBLIC,
    "report/sent/": PUBLIC,
    "report/<slug:slug>/": PUBLIC,
    "track/": PUBLIC,
    "track/<str:reference>/": PUBLIC,
    "track/<str:reference>/<str:secret>/": "404 404 404 404 404 404 404 404 | same",  # wrong secret
    # without proof in this browser (reference and details, or the link): back to /track/
    "track/<str:reference>/add-information/": PUBLIC,
    "privacy/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "accessibility/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "cookies/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    # scam alert subscriptions: anyone subscribes; the links' pages need a signed token
    "alerts/subscribe/": PUBLIC,
    "alerts/subscribe/check-your-email/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "alerts/confirm/<str:token>/": "404 404 404 404 404 404 404 404 | 405 405 405 405 405 405 405 405",
    "alerts/unsubscribe/<str:token>/": "404 404 404 404 404 404 404 404 | same",
    "alerts/manage/<str:token>/": "404 404 404 404 404 404 404 404 | same",
    # signing in and out
    "staff/sign-in/": PUBLIC,
    "staff/sign-in/code/": "login login login login login login login login | same",
    "staff/sign-in/recovery-code/": "login login login login login login login login | same",
    "staff/sign-in/set-up/": "login login login login login login login login | same",
    "staff/recovery-codes/": SIGNED_IN,
    "staff/session/": "401 ok ok ok ok ok ok ok | login ok ok ok ok ok ok ok",
    "staff/signed-out/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "staff/sign-out/": "405 405 405 405 405 405 405 405 | login login login login login login login login",
    # reports: each organisation's own, the hub all
    "staff/": SIGNED_IN,
    "staff/reports/": REPORTS,
    "staff/search/": REPORTS,
    "staff/reports-reason/": REPORTS,
    "staff/reports/<str:reference>/": "login ok 404 404 ok ok ok ok | same",
    # why someone opens a report that is not their organisation's (their own: straight on)
    "staff/reports/<str:reference>/reason/": "login ok 404 404 ok ok ok ok | same",
    "staff/reports/<str:reference>/updates/": (
        "login 403 403 403 403 405 403 405 | login 403 403 403 403 ok 403 ok"
    ),
    "staff/reports/new/": "login 403 403 403 ok ok 403 ok | same",
    # the end of a report taken by phone: sending the link needs the browser that saved it
    "staff/reports/<str:reference>/after-the-call/": (
        "login 403 403 403 ok ok 403 ok | login 403 403 403 405 405 403 405"
    ),
    "staff/reports/<str:reference>/after-the-call/letter/": (
        "login 403 403 403 ok ok 403 ok | login 403 403 403 405 405 403 405"
    ),
    "staff/reports/<str:reference>/after-the-call/send/<slug:channel>/": (
        "login 403 403 403 405 405 403 405 | login 403 403 403 ok ok 403 ok"
    ),
    "staff/reports/<str:reference>/merge/": (
        "login 403 403 403 403 405 403 405 | login 403 403 403 403 ok 403 ok"
    ),
    # evidence a reporter sent: never public, so anyone who may not see it gets not found
    "staff/reports/<str:reference>/evidence/<int:file_id>/": (
        "404 ok 404 404 ok ok ok ok | 405 405 405 405 405 405 405 405"
    ),
    # partners: referrals, files and quarantined rows of their own organisation
    "staff/referrals/new/": PARTNER,
    "staff/imports/": PARTNER,
    "staff/imports/template.csv": PARTNER,
    "staff/imports/<int:pk>/": PARTNER_RECORD,
    "staff/imports/<int:pk>/problems.csv": PARTNER_RECORD,
    "staff/quarantine/": PARTNER,
    "staff/quarantine/<int:pk>/": PARTNER_RECORD,
    # the hub's cases and proactive calls
    "staff/cases/": VIEW_CASES,
    "staff/cases/dashboard/": VIEW_CASES,
    "staff/cases/calls/": VIEW_CASES,
    "staff/cases/calls/<int:call_id>/": VIEW_CASES,
    "staff/cases/calls/<int:call_id>/outcome/": WORK_CASES,
    "staff/cases/calls/<int:call_id>/assign/": WORK_CASES,
    "staff/cases/<int:case_id>/": VIEW_CASES,
    "staff/cases/<int:case_id>/<slug:action>/": WORK_CASES,
    # getting the victim's money back: payments, claims and their letters
    "staff/cases/claims-to-chase/": VIEW_CASES,
    "staff/cases/<int:case_id>/money/": VIEW_CASES,
    "staff/cases/<int:case_id>/money/payments/new/": WORK_CASES,
    "staff/cases/<int:case_id>/money/claims/new/": WORK_CASES,
    "staff/cases/<int:case_id>/money/claims/<int:claim_id>/": WORK_CASES,
    "staff/cases/<int:case_id>/money/claims/<int:claim_id>/letter/": WORK_CASES,
    "staff/cases/<int:case_id>/money/letters/<int:letter_id>/": (
        "login 403 403 403 ok ok 403 ok | login 403 403 403 405 405 403 405"
    ),
    "staff/cases/<int:case_id>/<slug:action>/<int:item_id>/": WORK_CASES,
    # intelligence and figures
    "staff/links/clusters/": INTELLIGENCE,
    "staff/links/clusters/<int:cluster_id>/": "login 403 403 404 403 ok ok ok | same",
    # why someone opens a cluster showing other organisations' reports
    "staff/links/clusters/<int:cluster_id>/reason/": "login 403 403 404 403 ok ok ok | same",
    "staff/links/clusters/<int:cluster_id>/bridges/<int:bridge_id>/": (
        "login 403 403 403 403 ok ok ok | same"
    ),
    "staff/links/clusters/<int:cluster_id>/confirm/": "login 403 403 403 403 ok ok ok | same",
    "staff/links/search/": INTELLIGENCE,
    "staff/links/people/": "login 403 403 403 403 ok ok ok | same",
    "staff/links/people/<int:person_id>/": "login 403 403 404 403 ok ok ok | same",
    # why someone opens a person's records from other organisations' reports
    "staff/links/people/<int:person_id>/reason/": "login 403 403 404 403 ok ok ok | same",
    "staff/links/people/<int:person_id>/possible/": "login 403 403 403 403 ok ok ok | same",
    "staff/links/people/<int:person_id>/links/<int:other_id>/": (
        "login 403 403 404 403 ok ok ok | same"
    ),
    "staff/insight/map/": FIGURES,
    "staff/insight/trends/": FIGURES,
    "staff/insight/emerging/": FIGURES,
    "staff/insight/data-quality/": FIGURES,
    "staff/insight/export/": "login 403 403 403 403 403 ok ok | same",
    # alert subscribers' reach and an alert's delivery log: the hub's own staff who see
    # intelligence
    "staff/prevention/subscribers/": SUBSCRIBERS,
    "staff/prevention/alerts/<int:alert_id>/deliveries/": SUBSCRIBERS,
    # prevention: warnings to people at risk (case managers), awareness activity
    "staff/prevention/warnings/": WORK_CASES,
    "staff/prevention/warnings/campaigns/<int:campaign_id>/": WORK_CASES,
    "staff/prevention/warnings/<int:batch_id>/": WORK_CASES,
    "staff/prevention/warnings/<int:batch_id>/approve/": (
        "login 403 403 403 403 405 403 405 | login 403 403 403 403 ok 403 ok"
    ),
    "staff/prevention/warnings/<int:batch_id>/letters/": WORK_CASES,
    "staff/prevention/awareness/": INTELLIGENCE,
    "staff/prevention/awareness/new/": INTELLIGENCE,
    "staff/prevention/awareness/import/": INTELLIGENCE,
    "staff/prevention/awareness/import/<int:import_id>/": INTELLIGENCE,
    "staff/prevention/awareness/template.csv": INTELLIGENCE,
    # the audit log: data protection officers and administrators
    "staff/audit/": "login 403 403 403 403 403 403 ok | same",
    "staff/audit/entries.csv": "login 403 403 403 403 403 403 ok | same",
    # people's data rights and the retention schedule
    "staff/data-rights/": RIGHTS,
    "staff/data-rights/people/<int:person_id>/": RIGHTS,
    "staff/data-rights/people/<int:person_id>/export/": RIGHTS_POST_ONLY,
    "staff/data-rights/people/<int:person_id>/correct/": RIGHTS,
    "staff/data-rights/people/<int:person_id>/<slug:action>/": RIGHTS,
    "staff/data-rights/retention/": RIGHTS,
    "staff/data-rights/retention/run/": RIGHTS_POST_ONLY,
    # data-sharing agreements: read by their parties' staff, managed by administrators
    "staff/agreements/": "login ok ok ok ok ok ok ok | login 405 405 405 405 405 405 405",
    "staff/agreements/new/": MANAGE_AGREEMENTS,
    "staff/agreements/<int:agreement_id>/": (
        "login ok 404 404 ok ok ok ok | login 405 405 405 405 405 405 405"
    ),
    "staff/agreements/<int:agreement_id>/edit/": MANAGE_AGREEMENTS,
    "staff/agreements/<int:agreement_id>/end/": MANAGE_AGREEMENTS,
    "staff/agreements/<int:agreement_id>/document/": (
        "login ok 404 404 ok ok ok ok | login 405 405 405 405 405 405 405"
    ),
    # scam alerts: residents read what is published; the hub's case managers and analysts
    # draft, and analysts approve what someone else drafted (tests/prevention)
    "alerts/": PUBLIC_READ,
    "alerts/feed/": PUBLIC_READ,
    "alerts/<str:public_id>/": PUBLIC_READ,
    "alerts/<str:public_id>/poster/": PUBLIC_READ,
    "staff/prevention/alerts/": "login 403 403 403 403 ok ok ok | login 403 403 403 403 405 405 405",
    "staff/prevention/alerts/new/": DRAFT_ALERTS,
    "staff/prevention/alerts/<int:alert_id>/": (
        "login 403 403 403 403 ok ok ok | login 403 403 403 403 405 405 405"
    ),
    "staff/prevention/alerts/<int:alert_id>/edit/": DRAFT_ALERTS,
    "staff/prevention/alerts/<int:alert_id>/submit/": (
        "login 403 403 403 403 405 405 405 | login 403 403 403 403 ok ok ok"
    ),
    "staff/prevention/alerts/<int:alert_id>/approve/": (
        "login 403 403 403 403 403 405 405 | login 403 403 403 403 403 ok ok"
    ),
    "staff/prevention/alerts/<int:alert_id>/send-back/": APPROVE_ALERTS,
    "staff/prevention/alerts/<int:alert_id>/withdraw/": APPROVE_ALERTS,
    # the partner API (signed-in staff use it with their session, systems with a token)
    "api/v1/reports/": "401 ok ok 403 ok ok ok ok | 401 ok ok 403 403 403 403 ok",
    "api/v1/reports": "401 ok ok 403 ok ok ok ok | 401 ok ok 403 403 403 403 ok",
    "api/v1/reports/<str:reference>/": (
        "401 ok 404 403 ok ok ok ok | 401 405 405 403 405 405 405 405"
    ),
    "api/schema/": "401 ok ok ok ok ok ok ok | 401 405 405 405 405 405 405 405",
    # the TAXII feed (read-only): any login of an organisation, each its own collections
    "taxii2/": TAXII,
    "taxii2/feeds/": TAXII,
    "taxii2/feeds/collections/": TAXII,
    "taxii2/feeds/collections/<str:collection>/": TAXII_COLLECTION,
    "taxii2/feeds/collections/<str:collection>/objects/": TAXII_COLLECTION,
    "taxii2/feeds/collections/<str:collection>/objects/<str:object_id>/": TAXII_COLLECTION,
    "taxii2/feeds/collections/<str:collection>/objects/<str:object_id>/versions/": (
        TAXII_COLLECTION
    ),
    "taxii2/feeds/collections/<str:collection>/manifest/": TAXII_COLLECTION,
    # "check before you pay": the public checks and asks for a review; the hub's staff who
    # see intelligence publish, withdraw and read what the public checked; partner look-up
    # for anyone who reads reports (each sees what their organisation may)
    "check/": PUBLIC,
    "check/ask-for-a-review/": PUBLIC,
    "check/ask-for-a-review/sent/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "staff/prevention/published/": HUB_INTELLIGENCE_READ,
    "staff/prevention/published/new/": HUB_INTELLIGENCE,
    "staff/prevention/published/<int:published_id>/withdraw/": HUB_INTELLIGENCE,
    "staff/prevention/early-signs/": HUB_INTELLIGENCE_READ,
    "staff/prevention/review-requests/": HUB_INTELLIGENCE_READ,
    "staff/prevention/review-requests/<int:request_id>/": HUB_INTELLIGENCE,
    "staff/prevention/look-up/": "login ok ok ok ok ok ok ok | login 405 405 405 405 405 405 405",
}
# Every page of Django's admin passes through the one gate of the admin site: only an
# administrator (staff status and the Administrator role) gets past it (`in`: anything but
# the sign-in page; past the gate the admin's own rules apply, such as the audit log being
# read-only even for administrators).
ADMIN_PREFIX = "admin/"
ADMIN = "login login login login login login login in | same"
EXPECTED |= {
    "admin/login/": "login login login login login login login login | same",
    # the admin's sign-out sends anyone who is not an administrator to the admin's start,
    # which sends them to sign in; it signs out on POST only
    "admin/logout/": "ok ok ok ok ok ok ok 405 | ok ok ok ok ok ok ok login",
}
# Running the service: health checks for load balancers (reading only), and the metrics,
# which answer only the operators' token (none here) and so are not found by anyone.
EXPECTED |= {
    "healthz/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "readyz/": "ok ok ok ok ok ok ok ok | 405 405 405 405 405 405 405 405",
    "metrics": "404 404 404 404 404 404 404 404 | same",
}


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


ROUTES = sorted(set(_routes()))


def _expected(route: str) -> tuple[list[str], list[str]] | None:
    row = EXPECTED.get(route) or (ADMIN if route.startswith(ADMIN_PREFIX) else None)
    if row is None:
        return None
    read, _, change = (part.split() for part in row.partition("|"))  # type: ignore[misc]
    return read, read if change == ["same"] else change


@dataclass(frozen=True)
class World:
    users: dict[str, User]
    sessions: dict[str, str]  # each signed-in role's session, made once
    values: dict[str, str]
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """The role's client, in the role's session again (a sign-out is rolled back with
        its test, but the client forgot the cookie). One client per role: a new one would
        set up every middleware again."""
        client = self.clients.setdefault(role, Client())
        client.cookies.clear()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One set of records for every request of this module, made once and rolled back."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tempfile.mkdtemp(prefix="fraudhub-access-"),
    )
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        partner_org = OrganisationFactory(slug="trading-standards", name="Trading Standards")
        other_org = OrganisationFactory(slug="police", name="Police")
        users: dict[str, User] = {
            "partner": staff_user("partner", role="Partner user", organisation=partner_org),
            "other_partner": staff_user("police", role="Partner user", organisation=other_org),
            "no_organisation": unattached_user("loner", role="Case manager"),
            "call_handler": staff_user("handler", role="Call handler"),
            "case_manager": staff_user("manager", role="Case manager"),
            "analyst": staff_user("analyst", role="Analyst"),
            "administrator": staff_user("admin", role="Administrator"),
        }
        users["administrator"].is_staff = True
        users["administrator"].save()
        theirs = make_report(organisation=partner_org).report
        evidence = add_information(
            report=theirs,
            text="A photo of the letter",
            files=[check_file(name="letter.pdf", content=b"%PDF-1.4\n%%EOF\n")],
        ).files.get()
        first = make_report().report
        second = make_report(
            victim=PersonInput(first_name="Peggy", last_name="Hughes", postcode="AL1 3EJ")
        ).report
        link_reports(report_ids=[first.pk, second.pk])
        case = triage_reports(report_ids=[first.pk])[0]
        item = PlanItem.objects.create(
            case=case,
            intervention=Intervention.objects.first(),
            owner="Fraud hub",
            due_date=timezone.localdate() + timedelta(days=7),
        )
        payment = record_payment(case)
        claim = open_claim(case, [payment])
        letter = write_letter(
            edit=Edit(case=case, version=Case.objects.get(pk=case.pk).version, actor=None),
            claim=claim,
            kind="claim",
            format="pdf",
        )
        target_list = TargetList.objects.create(
            source="Operation Heron", file_name="heron.csv", file_hash="0" * 64
        )
        call = ProactiveCall.objects.create(target_list=target_list, name="John Smith")
        run = ImportRun.objects.create(
            organisation=partner_org, filename="referrals.csv", created_by=users["partner"]
        )
        row = QuarantinedRow.objects.create(
            organisation=partner_org,
            import_run=run,
            filename="referrals.csv",
            row_number=2,
            raw={"victim_first_name": "Ann"},
            fingerprint="f" * 64,
            reasons=["received_date is missing"],
        )
        cluster = first.cluster_member.cluster_id  # type: ignore[attr-defined]
        shared = agreement(partner_org, hub(), categories=(Category.SCAM_DETAILS,))
        shared.document.save("signed.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        PersonPair.objects.create(
            left=first.victim, right=second.victim, probability=0.5, agreement={}
        )
        bridge = CampaignBridge.objects.create(
            report=first, kind="phone", value="+447700900999", anchor=second
        )
        published_item = publish_identifier(
            actor=users["analyst"], kind="phone", typed="01632 960001", reason="Courier fraud"
        )
        review = request_review(
            name="Priya Shah",
            contact="priya@example.com",
            kind="phone",
            typed="01632 960001",
            reason="It is my business's number",
        )
        alert = Alert.objects.create(
            status=Alert.Status.PUBLISHED,
            title="Fake parcel texts",
            looks_like="A text asks for a redelivery fee",
            how_to_spot="The link is not the courier's",
            what_to_do="Delete it",
            audiences=["everyone"],
            drafted_by_label="someone",
            published_at=timezone.now(),
        )
        # prevention: a confirmed campaign, a batch of warnings, an awareness import
        campaign = confirm_campaign(
            actor=users["analyst"], cluster_id=cluster, name="Refund calls", reason="Same script"
        )
        warnings = prepare_batch(
            actor=users["case_manager"], campaign=campaign, channel="letter", next_move="Calls"
        )
        awareness_run = AwarenessImport.objects.create(
            filename="sessions.csv", imported_by_label="analyst"
        )
        values = {
            "published_id": str(published_item.pk),
            "request_id": str(review.pk),
            "slug": journey.STEPS[0].slug,
            "reference": theirs.reference,
            "secret": "not-the-secret",
            "pk": str(run.pk),
            "call_id": str(call.pk),
            "case_id": str(case.pk),
            "action": "plan-status",
            "channel": "text",
            "item_id": str(item.pk),
            "cluster_id": str(cluster),
            "bridge_id": str(bridge.pk),
            "person_id": str(first.victim.pk),  # type: ignore[union-attr]
            "other_id": str(second.victim.pk),  # type: ignore[union-attr]
            "quarantined": str(row.pk),
            "file_id": str(evidence.pk),
            "collection": feeds.feeds_for(partner_org)[0].id,
            "object_id": intel.stable_id("indicator", "phone", "+442079460123"),
            "agreement_id": str(shared.pk),
            "alert_id": str(alert.pk),
            "public_id": str(alert.public_id),
            "claim_id": str(claim.pk),
            "letter_id": str(letter.pk),
            "token": "not-a-token",
            "campaign_id": str(campaign.pk),
            "batch_id": str(warnings.pk),
            "import_id": str(awareness_run.pk),
        }
        sessions = {
            role: sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
            for role, user in users.items()
        }
        record_heartbeat()  # a worker is running, so /readyz/ is ready
        yield World(users=users, sessions=sessions, values=values)
        transaction.set_rollback(True)


def _path(route: str, world: World) -> str:
    """The route with each parameter filled from the world; the admin's object pages get
    the first object of their model (or 0, none)."""
    values = dict(world.values)
    if route.startswith("staff/quarantine/"):
        values["pk"] = values["quarantined"]
    if route.startswith("staff/cases/<int:case_id>/<slug:action>/") and "item_id" not in route:
        values["action"] = "contact"
    if route.startswith("staff/data-rights/"):
        values["action"] = "restrict"
    if route.startswith(ADMIN_PREFIX):
        parts = route.split("/")
        model = apps.all_models.get(parts[1], {}).get(parts[2]) if len(parts) > 2 else None
        first = model._default_manager.order_by("pk").first() if model is not None else None
        pk = str(first.pk) if first is not None else "0"
        values = {"object_id": pk, "pk": pk, "id": pk, "content_type_id": "0", "app_label": "auth"}
    if "(?P<app_label>" in route:
        return "/admin/auth/"
    if "(?P<url>" in route:
        return "/admin/no-such-page/"
    path = route
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        path = path[:start] + values[name] + path[end + 1 :]
    return "/" + path


def _outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, f"server error {status}"
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(("/staff/sign-in/", "/admin/login/")):
            return "login"
        return "ok"
    if status in (401, 403, 404, 405):
        return str(status)
    return "ok"


def test_every_route_has_a_row_in_the_access_matrix() -> None:
    missing = [route for route in ROUTES if _expected(route) is None]
    assert not missing, "Add these routes to the access matrix: " + ", ".join(
        f"/{r}" for r in missing
    )
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, "These rows of the access matrix have no route: " + ", ".join(stale)


@pytest.fixture(autouse=True)
def _quiet_refusals() -> Iterator[None]:
    """Thousands of refusals here are expected: Django need not log each with its trace."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.parametrize("route", ROUTES)
def test_each_role_reads_and_changes_only_what_it_may(route: str, world: World, db: None) -> None:
    expected = _expected(route)
    assert expected is not None, f"add /{route} to the access matrix"
    path = _path(route, world)
    found = {
        role: (_outcome(world.client(role).get(path)), _outcome(world.client(role).post(path)))
        for role in ROLES
    }
    seen = " ".join(found[r][0] for r in ROLES) + " | " + " ".join(found[r][1] for r in ROLES)
    wrong = [
        f"{role} {method} {found[role][m]} (expected {expected[m][i]})"
        for i, role in enumerate(ROLES)
        for m, method in enumerate(("GET", "POST"))
        if not _matches(expected[m][i], found[role][m])
    ]
    assert not wrong, f"/{route} ({path}) answers {seen}: " + "; ".join(wrong)


def _matches(expected: str, found: str) -> bool:
    return found != "login" if expected == "in" else found == expected
