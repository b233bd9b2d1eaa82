"""A second report about the same incident is a likely duplicate: staff see it, may merge
it into the first, and it never makes the victim a "repeat victim"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.additions import MergeRefused, merge_duplicate
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report
from tests.factories import make_report, sign_in

pytestmark = pytest.mark.django_db


def reported(**overrides: Any) -> Report:
    report = make_report(**overrides).report
    triage_reports(report_ids=[report.pk])
    report.refresh_from_db()
    return report


def test_reporting_again_to_add_details_no_longer_makes_a_repeat_victim(hub_org) -> None:
    """The issue: making another report to add information made the reporter a 'repeat
    victim' at level 1."""
    first = reported()
    case = Case.objects.get()
    assert case.level == 2
    second = reported(amount_lost="£1.45", narrative="I forgot to say: he also took £1.45.")
    case.refresh_from_db()
    assert second.duplicate_of == first
    assert Case.objects.count() == 1 and case.reports.count() == 2
    assert case.level == 2
    assert not any(r.startswith("Also a victim") for r in case.triage_reasons)


def test_a_separate_incident_a_week_later_still_makes_a_repeat_victim(hub_org) -> None:
    earlier = timezone.localdate() - timedelta(days=8)
    reported(received_date=earlier)
    second = reported()
    case = Case.objects.get()
    assert second.duplicate_of is None
    assert case.level == 1
    assert any(r.startswith("Also a victim in another report") for r in case.triage_reasons)


def test_another_kind_of_scam_the_same_week_is_another_incident(hub_org) -> None:
    reported()
    second = reported(scam_type="romance")
    assert second.duplicate_of is None
    assert Case.objects.get().level == 1


def test_same_name_elsewhere_is_not_a_duplicate(hub_org) -> None:
    reported()
    other = reported(
        victim=PersonInput(first_name="Margaret", last_name="Hughes", postcode="SG1 2AB")
    )
    assert other.duplicate_of is None


def test_staff_see_the_likely_duplicate_and_merge_it(hub_org, manager_client: Client) -> None:
    first = reported()
    second = reported(
        narrative="He rang again today from a new number.",
        identifiers=[
            IdentifierInput(kind="phone", value="020 7946 0123"),
            IdentifierInput(kind="phone", value="020 7946 0999"),
        ],
    )
    page = manager_client.get(reverse("staff:report_detail", args=[second.reference]))
    text = page.content.decode()
    assert "Possible duplicate of" in text and first.reference in text
    assert f"Merge into {first.reference}" in text

    response = manager_client.post(reverse("staff:merge", args=[second.reference]))
    assert response["Location"] == reverse("staff:report_detail", args=[first.reference])
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == Report.Status.CLOSED and second.merged_at is not None
    numbers = sorted(i.normalised for i in first.identifiers.all())
    assert numbers == ["+442079460123", "+442079460999"], "the new number moved, no doubles"
    [addition] = first.additions.all()
    assert addition.merged_from == second and not addition.from_reporter
    assert "He rang again today from a new number." in addition.text
    assert AuditEvent.objects.filter(
        action="change", object_id=str(first.pk), detail__merged_from=second.reference
    ).exists()
    assert AuditEvent.objects.filter(
        action="change", object_id=str(second.pk), detail__merged_into=first.reference
    ).exists()
    original_page = manager_client.get(reverse("staff:report_detail", args=[first.reference]))
    assert f"Merged from {second.reference}" in original_page.content.decode()
    assert "joined this report to an earlier report" in second.updates.last().text
    case = Case.objects.get()
    assert case.level == 2


def test_a_merged_report_cannot_be_merged_twice(hub_org, manager) -> None:
    reported()
    second = reported()
    merge_duplicate(duplicate=second, actor=manager)
    with pytest.raises(MergeRefused, match="already been merged"):
        merge_duplicate(duplicate=second, actor=manager)


def test_a_report_that_is_not_a_duplicate_cannot_be_merged(hub_org, manager) -> None:
    first = reported()
    with pytest.raises(MergeRefused, match="not marked as a likely duplicate"):
        merge_duplicate(duplicate=first, actor=manager)


def test_a_partner_neither_sees_nor_merges_a_likely_duplicate(
    hub_org, partner, client: Client
) -> None:
    reported(source="partner_form", organisation=partner.staff_profile.organisation)
    second = reported(source="partner_form", organisation=partner.staff_profile.organisation)
    assert second.duplicate_of is not None
    sign_in(client, partner)
    page = client.get(reverse("staff:report_detail", args=[second.reference])).content.decode()
    assert "Possible duplicate" not in page and second.duplicate_of.reference not in page
    response = client.post(reverse("staff:merge", args=[second.reference]))
    assert response.status_code == 403, "their role does not work the hub's cases"
    second.refresh_from_db()
    assert second.merged_at is None


def test_the_same_loss_reported_twice_is_counted_once(hub_org) -> None:
    reported(amount_lost="£6,000.00")
    reported(amount_lost="£6,000.00", narrative="Reporting again: he took £6,000.")
    case = Case.objects.get()
    assert case.level == 2, "not £12,000, at least £10,000"
    assert "Lost money (£6,000.00)" in case.triage_reasons
