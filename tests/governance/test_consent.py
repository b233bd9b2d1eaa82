"""Consent to share is enforced: a victim who said no (or was never asked) is not referred
to a partner, and their contact details stay out of exports, with the reason given."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.models import PartnerReferral
from fraudhub.casework.services import triage_reports
from fraudhub.governance.consent import may_share
from fraudhub.reports.inputs import PersonInput

from ..factories import OrganisationFactory, make_report


@given(answer=st.sampled_from([True, False, None]), name=st.text(max_size=40))
def test_only_a_yes_allows_sharing_and_a_refusal_always_says_why(
    answer: bool | None, name: str
) -> None:
    sharing = may_share(answer, name=name)
    assert sharing.allowed == (answer is True)
    assert (sharing.reason == "") == sharing.allowed
    if not sharing.allowed:
        assert (name or "The victim") in sharing.reason
        assert (
            "said no" in sharing.reason if answer is False else "not been asked" in (sharing.reason)
        )


def _victim(consent: bool | None) -> PersonInput:
    return PersonInput(
        first_name="Margaret",
        last_name="Hughes",
        postcode="AL1 3EJ",
        phone="01727 123456",
        email="margaret@example.com",
        address_line1="1 High Street",
        consent_to_share=consent,
    )


def _refer(client: Client, consent: bool | None) -> tuple[int, str]:
    case = triage_reports(report_ids=[make_report(victim=_victim(consent)).report.pk])[0]
    police = OrganisationFactory(slug="police", name="Police")
    url = reverse("casework:action", args=[case.pk, "refer"])
    before = client.get(url).content.decode()
    response = client.post(
        url, {"version": case.version, "organisation": str(police.pk), "reason": "Fraud report"}
    )
    return response.status_code, before + response.content.decode()


def test_a_victim_who_said_no_is_not_referred_and_the_form_says_why(
    manager_client: Client,
) -> None:
    status, page = _refer(manager_client, False)
    assert status == 200
    assert 'class="govuk-error-summary"' in page
    assert "Margaret Hughes said no to sharing their details with partner organisations" in page
    assert not PartnerReferral.objects.exists()


def test_a_victim_never_asked_is_not_referred_until_they_agree(manager_client: Client) -> None:
    status, page = _refer(manager_client, None)
    assert status == 200
    assert "Margaret Hughes has not been asked whether their details may be shared" in page
    assert not PartnerReferral.objects.exists()


def test_a_victim_who_agreed_is_referred(manager_client: Client) -> None:
    status, page = _refer(manager_client, True)
    assert status == 302
    assert "said no" not in page
    assert PartnerReferral.objects.get().organisation.slug == "police"


def _export(tmp_path: Path, org: str) -> dict[str, dict[str, str]]:
    out = tmp_path / f"{org}.csv"
    call_command("export_reports", org=org, out=str(out))
    with out.open(encoding="utf-8", newline="") as handle:
        return {row["victim_first_name"]: row for row in csv.DictReader(handle)}


@pytest.mark.django_db
def test_an_export_leaves_out_the_contact_details_of_victims_who_did_not_agree(
    tmp_path: Path, hub_org: object
) -> None:
    for name, consent in (("Said-no", False), ("Not-asked", None), ("Agreed", True)):
        make_report(victim=PersonInput(**{**_victim(consent).__dict__, "first_name": name}))
    rows = _export(tmp_path, "fraud-hub")
    for name in ("Said-no", "Not-asked"):
        row = rows[name]
        assert row["victim_phone"] == row["victim_email"] == row["victim_postcode"] == ""
        assert row["victim_address_line1"] == ""
        assert row["victim_last_name"] == "Hughes"  # who the report is about, not how to reach them
        assert f"{name} Hughes" in row["contact_details_left_out"]
    assert "said no" in rows["Said-no"]["contact_details_left_out"]
    agreed = rows["Agreed"]
    assert agreed["victim_phone"] == "'+441727123456" and agreed["victim_postcode"] == "AL1 3EJ"
    assert agreed["contact_details_left_out"] == ""


@pytest.mark.django_db
def test_a_partner_gets_back_the_contact_details_it_sent_in(tmp_path: Path) -> None:
    partner = OrganisationFactory(slug="ts")
    make_report(organisation=partner, victim=_victim(None))
    row = _export(tmp_path, "ts")["Margaret"]
    assert row["victim_phone"] == "'+441727123456"
    assert row["contact_details_left_out"] == ""
