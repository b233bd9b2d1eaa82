"""Searching by a scammer's identifier: any format of the same number, address or site finds
the same reports; part of one finds it too; excluded values say so; partners see only their
own reports; each report found is audited; bad input says what to fix."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.governance.search_terms import fingerprints
from fraudhub.linking import search_selectors
from fraudhub.linking.models import ClusterMember
from fraudhub.linking.search_selectors import search_identifiers, search_keys
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report

from ..factories import make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _report(kind: str, value: str, sort_code: str = "", **fields: object) -> Report:
    created = make_report(
        identifiers=[IdentifierInput(kind=kind, value=value, sort_code=sort_code)], **fields
    )
    link_reports(report_ids=[created.report.pk])
    return created.report


def _found(user: User, typed: str, kind: str = "") -> set[str]:
    result = search_identifiers(user, typed, kind)
    return {r.reference for f in result.found for r in f.reports}


@pytest.fixture
def analyst(db: None) -> User:
    return staff_user("analyst", role="Analyst")


@pytest.mark.parametrize(
    "typed", ["07700 900123", "07700900123", "+44 7700 900123", "(07700) 900-123", "447700900123"]
)
def test_any_format_of_a_phone_number_finds_the_same_reports(analyst: User, typed: str) -> None:
    first = _report("phone", "07700 900123")
    second = _report("phone", "+447700900123")
    _report("phone", "07700 900999")

    assert _found(analyst, typed) == {first.reference, second.reference}


@pytest.mark.parametrize(
    "typed", ["Refunds@HMRC-Claims.net", " refunds@hmrc-claims.net ", "<refunds@hmrc-claims.net>"]
)
def test_any_format_of_an_email_address_finds_the_same_reports(analyst: User, typed: str) -> None:
    report = _report("email", "refunds@hmrc-claims.net")
    _report("email", "someone@else.net")

    assert _found(analyst, typed) == {report.reference}


@pytest.mark.parametrize(
    "typed",
    ["fake-parcels.co.uk", "https://www.fake-parcels.co.uk/pay?now=1", "WWW.FAKE-PARCELS.CO.UK"],
)
def test_any_form_of_a_website_finds_the_same_reports(analyst: User, typed: str) -> None:
    first = _report("website", "http://fake-parcels.co.uk")
    second = _report("website", "pay.fake-parcels.co.uk/track")
    _report("website", "other-shop.com")

    assert _found(analyst, typed) == {first.reference, second.reference}


@pytest.mark.parametrize("typed", ["12-34-56 12345678", "123456 12345678", "12345612345678"])
def test_a_sort_code_and_account_in_any_format_finds_the_account(analyst: User, typed: str) -> None:
    report = _report("bank_account", "12345678", sort_code="12 34 56")
    _report("bank_account", "87654321", sort_code="12-34-56")

    assert _found(analyst, typed) == {report.reference}


def test_vehicles_companies_and_wallets_are_found_as_normalised(analyst: User) -> None:
    van = _report("vehicle", "AB12 CDE")
    firm = _report("company", "Acme Roofing Ltd")
    wallet = _report("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7")

    assert _found(analyst, "ab12cde") == {van.reference}
    assert _found(analyst, "ACME  ROOFING LTD") == {firm.reference}
    assert _found(analyst, "0x52908400098527886e0f7030069857d2e4169ee7") == {wallet.reference}


def test_part_of_an_identifier_finds_what_holds_it(analyst: User) -> None:
    report = _report("phone", "020 7946 0123")
    _report("phone", "07700 900999")

    result = search_identifiers(analyst, "7946 0123")

    assert {r.reference for f in result.found for r in f.reports} == {report.reference}
    assert _found(analyst, "parcels") == set()
    site = _report("website", "fake-parcels.co.uk")
    assert _found(analyst, "parcels") == {site.reference}


def test_the_chosen_kind_narrows_the_search(analyst: User) -> None:
    phone = _report("phone", "020 7946 0123")
    company = _report("company", "02079460123 Ltd")

    assert _found(analyst, "02079460123") == {phone.reference, company.reference}
    assert _found(analyst, "02079460123", "phone") == {phone.reference}


def test_the_search_shows_which_cluster_holds_the_identifier(analyst: User) -> None:
    first = _report("phone", "020 7946 0123")
    _report("phone", "02079460123")

    result = search_identifiers(analyst, "020 7946 0123")

    cluster_id = ClusterMember.objects.get(report=first).cluster_id
    assert [f.clusters for f in result.found] == [[cluster_id]]
    assert result.found[0].exact
    assert result.found[0].typed_as == ["020 7946 0123", "02079460123"]


def test_an_excluded_value_says_it_is_excluded_from_linking_and_why(
    client: Client, analyst: User
) -> None:
    _report("phone", "159")
    _report("phone", "159")
    sign_in(client, analyst)

    response = client.get("/staff/links/search/", {"value": "159"})

    page = response.content.decode()
    assert "Phone number 159 is excluded from linking: UK banks&#x27; fraud line" in page
    assert "2 reports found" in page
    assert "In no cluster" in page


def test_an_excluded_website_is_explained_even_with_no_report_holding_it(
    client: Client, analyst: User
) -> None:
    sign_in(client, analyst)

    page = client.get("/staff/links/search/", {"value": "https://mail.gmail.com"}).content.decode()

    assert "Website gmail.com is excluded from linking" in page
    assert "0 reports found" in page


def test_a_partner_finds_only_their_own_reports(
    analyst: User, partner: User, partner_org: Organisation
) -> None:
    ours = _report("phone", "020 7946 0123", organisation=partner_org)
    theirs = _report("phone", "02079460123")

    assert _found(partner, "020 7946 0123") == {ours.reference}
    assert _found(analyst, "020 7946 0123") == {ours.reference, theirs.reference}


def test_the_search_is_audited_naming_each_report_found(client: Client, analyst: User) -> None:
    reports = [_report("phone", "020 7946 0123"), _report("phone", "02079460123")]
    _report("phone", "07700 900999")
    sign_in(client, analyst)

    client.get("/staff/links/search/", {"value": "020 7946 0123"})

    event = AuditEvent.objects.get(actor=analyst, action=AuditEvent.Action.SEARCH)
    assert event.detail["page"] == "identifier search"
    assert sorted(event.detail["ids"]) == sorted(str(r.pk) for r in reports)
    assert event.detail["search"]["value"]["fingerprints"] == fingerprints("020 7946 0123")
    assert "7946" not in str(event.detail)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a phone number, email address, website, bank account or other identifier"),
        ("   ", "Enter a phone number, email address, website, bank account or other identifier"),
        ("a-", "Enter at least 3 letters or numbers of the identifier"),
        ("x" * 301, "Identifier must be 300 characters or fewer"),
    ],
)
def test_bad_input_says_what_to_fix_and_keeps_what_was_typed(
    client: Client, analyst: User, typed: str, message: str
) -> None:
    sign_in(client, analyst)

    response = client.get("/staff/links/search/", {"value": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert page.count(message) == 2  # in the summary and beside the field
    if typed.strip():
        assert f'value="{typed}"' in page
    assert "Error: Search for an identifier" in page


def test_an_unknown_kind_is_refused_plainly(client: Client, analyst: User) -> None:
    sign_in(client, analyst)

    response = client.get("/staff/links/search/", {"value": "07700 900123", "kind": "shoe"})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_search_keys_try_the_strict_kinds_before_the_lenient_ones() -> None:
    assert search_keys("07700 900123") == [("phone", "+447700900123")]
    assert search_keys("AB12 CDE") == [("vehicle", "AB12 CDE"), ("company", "ab12 cde")]
    assert search_keys("AB12 CDE", "vehicle") == [("vehicle", "AB12 CDE")]
    assert search_keys("not an email", "email") == []


def test_a_search_matching_too_much_says_to_narrow_it(
    client: Client, analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_selectors, "SEARCH_LIMIT", 2)
    for number in ("020 7946 0001", "020 7946 0002", "020 7946 0003"):
        _report("phone", number)
    sign_in(client, analyst)

    page = client.get("/staff/links/search/", {"value": "7946 000"}).content.decode()

    assert "2 reports found. Only the first 2 matches are shown" in page


def test_a_report_reference_is_not_read_as_a_phone_number(client: Client, analyst: User) -> None:
    _report("phone", "020 2600 0299")
    result = search_identifiers(analyst, "FH-2026-000299")
    assert result.keys == [] and result.found == [] and result.reference == "FH-2026-000299"
    sign_in(client, analyst)
    page = client.get("/staff/links/search/", {"value": "FH-2026-000299"}).content.decode()
    assert "This is a Fraud Hub report reference" in page
    assert 'href="/staff/reports/FH-2026-000299/"' in page
