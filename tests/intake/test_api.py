"""The partner API: a partner's system sends referrals by the same rules as a file row,
and reads back only the reports the sharing policy lets it see, every look audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.intake import services
from fraudhub.intake.referrals import COLUMNS
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from tests.factories import OrganisationFactory, api_token, make_report, staff_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"
REFERRAL: dict[str, Any] = {
    "partner_reference": "TS-2026-0042",
    "received_date": "2026-03-06",
    "incident_date": "05/03/2026",
    "scam_type": "Bank impersonation",
    "contact_method": "phone_call",
    "description": "A caller said he was from her bank and asked her to move her savings.",
    "amount_lost": "£1,250",
    "payment_method": "bank transfer",
    "victim_first_name": "Margaret",
    "victim_last_name": "Hughes",
    "victim_age": "78",
    "victim_postcode": "al1 3ej",
    "victim_phone": "01727 123456",
    "victim_email": "margaret@example.com",
    "suspect_phone": "020 7946 0123; 020 7946 0999",
    "consent_to_contact": "yes",
}


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def partner_api(partner: User) -> APIClient:
    return client_for(partner)


@pytest.fixture
def hub_api(manager: User) -> APIClient:
    return client_for(manager)


def send(client: APIClient, body: object) -> Any:
    return client.post(URL, body, format="json")


# --- sending a referral ------------------------------------------------------------------


def test_a_referral_becomes_a_report_and_comes_back_normalised(
    partner_api: APIClient, partner: User, partner_org: Organisation
) -> None:
    response = send(partner_api, REFERRAL)
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert (report.source, report.source_organisation, report.created_by) == (
        Report.Source.API,
        partner_org,
        partner,
    )
    assert body["outcome"] == "created"
    assert body["reference"] == report.reference
    assert body["partner_reference"] == "TS-2026-0042"
    assert body["source_organisation"] == "trading-standards"
    assert (body["received_date"], body["incident_date"]) == ("2026-03-06", "2026-03-05")
    assert (body["scam_type"], body["contact_method"]) == ("bank_impersonation", "phone_call")
    assert (body["amount_lost"], body["payment_method"]) == ("1250.00", "bank_transfer")
    assert body["status"] == "new"
    assert body["victim"] == {
        "first_name": "Margaret",
        "last_name": "Hughes",
        "age_at_incident": 78,
        "age_band": "70 to 79",
        "postcode": "AL1 3EJ",
        "postcode_district": "AL1",
        "council": body["victim"]["council"],
        "phone": "+441727123456",
        "email": "margaret@example.com",
        "contact_rule": "direct",
    }
    assert [(i["kind"], i["raw"], i["normalised"]) for i in body["identifiers"]] == [
        ("phone", "020 7946 0123", "+442079460123"),
        ("phone", "020 7946 0999", "+442079460999"),
    ]
    assert body["data_quality_score"] == report.quality_score == 100
    assert body["data_quality_issues"] == []
    assert body["warnings"] == []


def test_sending_the_same_referral_again_changes_nothing(partner_api: APIClient) -> None:
    first = send(partner_api, REFERRAL).json()
    again = send(partner_api, dict(reversed(REFERRAL.items())))
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert again.json()["reference"] == first["reference"]
    assert Report.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_a_changed_referral_updates_the_report_and_the_change_is_audited(
    partner_api: APIClient, partner: User
) -> None:
    first = send(partner_api, REFERRAL).json()
    response = send(partner_api, {**REFERRAL, "amount_lost": "3500", "victim_phone": ""})
    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["reference"]) == ("updated", first["reference"])
    assert body["amount_lost"] == "3500.00"
    assert "no way to contact the victim" not in body["data_quality_issues"]  # email remains
    assert Report.objects.count() == 1
    change = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE)
    assert change.actor == partner
    assert change.object_label == first["reference"]
    assert "amount_lost" in change.detail["changed"]


def test_the_same_partner_reference_from_another_organisation_is_another_report(
    partner_api: APIClient,
) -> None:
    other = client_for(
        staff_user("police", role="Partner user", organisation=OrganisationFactory(slug="police"))
    )
    assert send(partner_api, REFERRAL).status_code == 201
    assert send(other, REFERRAL).status_code == 201
    assert Report.objects.count() == 2


def test_wrong_but_usable_values_make_a_report_with_quality_issues(
    partner_api: APIClient,
) -> None:
    response = send(
        partner_api,
        {**REFERRAL, "victim_postcode": "AL1", "victim_phone": "not known", "victim_age": "old"},
    )
    assert response.status_code == 201
    body = response.json()
    assert "postcode AL1 is incomplete" in body["data_quality_issues"]
    assert "age old must be a number from 0 to 120" in body["data_quality_issues"]
    assert "not known is not a phone number" in body["data_quality_issues"]
    assert body["data_quality_score"] < 100
    assert body["victim"]["phone"] == ""
    assert body["victim"]["postcode_district"] == "AL1"


def test_unknown_fields_are_kept_and_warned_about(partner_api: APIClient) -> None:
    response = send(partner_api, {**REFERRAL, "Case Officer": "J. Bloggs", "priority": "2"})
    assert response.status_code == 201
    assert response.json()["warnings"] == [
        "unknown field 'case_officer' kept as extra data",
        "unknown field 'priority' kept as extra data",
    ]
    report = Report.objects.get()
    assert report.extra["columns"] == {"case_officer": "J. Bloggs", "priority": "2"}


def test_unmapped_wording_is_recorded_as_other_with_a_warning(partner_api: APIClient) -> None:
    response = send(partner_api, {**REFERRAL, "scam_type": "Wizard scam"})
    assert response.status_code == 201
    body = response.json()
    assert body["scam_type"] == "other"
    assert body["warnings"] == [
        "scam_type 'Wizard scam' is not in the mapping table: recorded as other"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consent_to_contact", True, 'Send text, not true: "yes" in double quotes, for example.'),
        ("consent_to_contact", False, 'Send text, not false: "no" in double quotes, for example.'),
        ("victim_first_name", False, 'Send text, not false: "no" in double quotes, for example.'),
        ("victim_age", 78, 'Send text, not a number: put it in double quotes, like "78".'),
        ("amount_lost", 1250.5, 'Send text, not a number: put it in double quotes, like "1250.5".'),
        ("case_officer", 2, 'Send text, not a number: put it in double quotes, like "2".'),
    ],
)
def test_booleans_and_numbers_are_refused_in_text_fields_saying_what_to_send(
    partner_api: APIClient, field: str, value: object, message: str
) -> None:
    response = send(partner_api, {**REFERRAL, field: value})
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Report.objects.exists()


NOT_TEXT = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from([*COLUMNS, "case_officer"]), value=NOT_TEXT)
def test_any_value_that_is_not_text_is_refused_under_its_field(
    partner_api: APIClient, field: str, value: object
) -> None:
    response = send(partner_api, {**REFERRAL, field: value})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0].startswith("Send text")
    assert not Report.objects.exists()


def test_the_same_values_as_text_are_accepted(partner_api: APIClient) -> None:
    response = send(
        partner_api,
        {**REFERRAL, "amount_lost": "1250.5", "victim_age": "78", "consent_to_contact": "no"},
    )
    assert response.status_code == 201
    assert response.json()["amount_lost"] == "1250.50"
    assert response.json()["victim"]["age_at_incident"] == 78
    victim = Report.objects.get().victim
    assert victim is not None and victim.consent_to_contact is False


def test_column_names_are_matched_as_a_file_header_is(partner_api: APIClient) -> None:
    body = {"Partner Reference": "TS-9", "Received-Date": "2026-03-06", "DESCRIPTION": "Courier"}
    assert send(partner_api, body).status_code == 201
    assert Report.objects.get().partner_reference == "TS-9"


def test_a_field_sent_twice_under_two_spellings_is_refused(partner_api: APIClient) -> None:
    response = send(partner_api, {**REFERRAL, "Partner Reference": "TS-other"})
    assert response.status_code == 400
    assert "Sent twice" in response.json()["errors"]["partner_reference"][0]


def test_the_address_without_its_trailing_slash_also_takes_a_referral(
    partner_api: APIClient,
) -> None:
    assert partner_api.post(URL.rstrip("/"), REFERRAL, format="json").status_code == 201


def test_two_referrals_racing_for_one_partner_reference_make_one_report(
    partner_api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services._store_referral
    calls: list[int] = []

    def lose_the_race_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            real(*args)  # the winner's request
            raise IntegrityError("one_report_per_partner_reference")
        return real(*args)

    monkeypatch.setattr(services, "_store_referral", lose_the_race_once)
    response = send(partner_api, REFERRAL)
    assert (response.status_code, response.json()["outcome"]) == (200, "unchanged")
    assert Report.objects.count() == 1


# --- referrals that cannot be a report, and requests that cannot be read -----------------


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"partner_reference": ""}, {"partner_reference"}),
        ({"partner_reference": None}, {"partner_reference"}),
        ({"received_date": ""}, {"received_date"}),
        ({"received_date": "the 5th of scam_type"}, {"received_date"}),
        ({"received_date": "31/02/2026"}, {"received_date"}),
        ({"description": "", "scam_type": ""}, {"description", "scam_type"}),
        (
            {"partner_reference": "", "received_date": "soon", "description": "", "scam_type": ""},
            {"partner_reference", "received_date", "description", "scam_type"},
        ),
    ],
)
def test_a_referral_that_cannot_be_a_report_is_refused_field_by_field(
    partner_api: APIClient, change: dict[str, Any], fields: set[str]
) -> None:
    response = send(partner_api, {**REFERRAL, **change})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == fields
    assert body["message"].startswith("This referral cannot be a report: ")
    assert not Report.objects.exists()


def test_the_reason_for_a_bad_received_date_quotes_what_was_sent(partner_api: APIClient) -> None:
    body = send(partner_api, {**REFERRAL, "received_date": "next Tuesday"}).json()
    assert body["errors"]["received_date"] == [
        "received_date 'next Tuesday' is not a date (use day/month/year)"
    ]


def test_an_empty_object_names_every_missing_field(partner_api: APIClient) -> None:
    body = send(partner_api, {}).json()
    assert set(body["errors"]) == {"partner_reference", "received_date", "description", "scam_type"}


def test_malformed_json_is_a_clear_400(partner_api: APIClient) -> None:
    response = partner_api.post(
        URL, '{"partner_reference": "TS-1",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("The body is not valid JSON")
    assert response.json()["errors"] == {}


def test_nan_is_not_json(partner_api: APIClient) -> None:
    response = partner_api.post(URL, '{"amount_lost": NaN}', content_type="application/json")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


@pytest.mark.parametrize("body", ["[]", "[1, 2]", '"a referral"', "42", "true", "null"])
def test_a_body_that_is_not_an_object_is_a_clear_400(partner_api: APIClient, body: str) -> None:
    response = partner_api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert "Send one JSON object" in response.json()["errors"]["body"][0]


@pytest.mark.parametrize(
    "value", [["a", "b"], {"first": "Margaret"}, [], {}], ids=["list", "object", "[]", "{}"]
)
def test_lists_and_objects_are_refused_where_text_is_expected(
    partner_api: APIClient, value: object
) -> None:
    response = send(partner_api, {**REFERRAL, "victim_first_name": value, "notes": value})
    assert response.status_code == 400
    errors = response.json()["errors"]
    expected = (
        "Send text, not a list: several values go in one text, separated by semicolons."
        if isinstance(value, list)
        else "Send text in double quotes, not an object."
    )
    assert errors["victim_first_name"] == [expected]
    assert errors["notes"] == [expected]


def test_oversize_values_are_refused_with_the_limit(partner_api: APIClient) -> None:
    response = send(partner_api, {**REFERRAL, "partner_reference": "x" * 101, "notes": "y" * 2000})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["partner_reference"] == ["Ensure this field has no more than 100 characters."]
    assert errors["notes"] == ["Ensure this field has no more than 1000 characters."]


def test_null_characters_are_refused(partner_api: APIClient) -> None:
    response = send(partner_api, {**REFERRAL, "description": "nul \x00 here"})
    assert response.status_code == 400
    assert "description" in response.json()["errors"]


def test_too_many_unknown_fields_are_refused(partner_api: APIClient) -> None:
    extra = {f"field_{n}": "x" for n in range(51)}
    response = send(partner_api, {**REFERRAL, **extra})
    assert response.status_code == 400
    assert "at most 50 extra fields" in response.json()["errors"]["body"][0]


def test_a_body_that_is_not_json_is_refused(partner_api: APIClient) -> None:
    response = partner_api.post(URL, {"partner_reference": "TS-1"})  # form-encoded
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["message"]


def test_a_huge_body_is_refused_before_it_is_read(partner_api: APIClient) -> None:
    response = partner_api.post(
        URL, json.dumps({"description": "x" * 1_000_001}), content_type="application/json"
    )
    assert response.status_code == 413
    assert "one referral at a time" in response.json()["message"]


# --- who may use the API ------------------------------------------------------------------


def test_no_token_is_401_with_how_to_send_one(partner: User) -> None:
    response = APIClient().post(URL, REFERRAL, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Authorization: Token" in response.json()["message"]
    assert APIClient().get(URL).status_code == 401
    assert not Report.objects.exists()


def test_an_unknown_token_is_401() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["message"].startswith("Invalid token.")


def test_a_login_without_an_organisation_is_403_with_why(db: None) -> None:
    client = client_for(User.objects.create_user("loner", is_superuser=True))
    for response in (client.get(URL), send(client, REFERRAL), client.get(URL + "FH-2026-1/")):
        assert response.status_code == 403
        assert "not linked to an organisation" in response.json()["message"]
    assert not Report.objects.exists()


# --- reading reports --------------------------------------------------------------------


@pytest.fixture
def three_reports(partner_org: Organisation) -> dict[str, Report]:
    """Two sent by the partner (different days, places and scams) and one by the police."""
    police = OrganisationFactory(slug="police", name="Police")
    return {
        "ours_march": make_report(
            source=Report.Source.API,
            organisation=partner_org,
            partner_reference="TS-1",
            received_date=date.fromisoformat("2026-03-06"),
            victim=PersonInput(first_name="Ann", postcode="AL1 3EJ"),
        ).report,
        "ours_june": make_report(
            source=Report.Source.API,
            organisation=partner_org,
            partner_reference="TS-2",
            received_date=date.fromisoformat("2026-06-10"),
            scam_type="romance",
            victim=PersonInput(first_name="Bob", postcode="SG1 2AB"),
        ).report,
        "police": make_report(
            source=Report.Source.PARTNER_FILE,
            organisation=police,
            partner_reference="TS-1",
            received_date=date.fromisoformat("2026-04-01"),
        ).report,
    }


def references(response: Any) -> list[str]:
    return [r["reference"] for r in response.json()["results"]]


def test_a_partner_lists_only_its_own_reports_newest_first(
    partner_api: APIClient, three_reports: dict[str, Report]
) -> None:
    response = partner_api.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert references(response) == [
        three_reports["ours_june"].reference,
        three_reports["ours_march"].reference,
    ]


def test_the_hub_lists_every_report(hub_api: APIClient, three_reports: dict[str, Report]) -> None:
    response = hub_api.get(URL)
    assert response.json()["count"] == 3
    assert {r["source_organisation"] for r in response.json()["results"]} == {
        "trading-standards",
        "police",
    }


def test_each_report_listed_is_audited_as_viewed(
    partner_api: APIClient, partner: User, three_reports: dict[str, Report]
) -> None:
    partner_api.get(URL)
    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=partner)
    assert sorted(viewed.values_list("object_id", flat=True)) == sorted(
        [str(three_reports["ours_march"].pk), str(three_reports["ours_june"].pk)]
    )
    assert {e.detail["via"] for e in viewed} == {"api list"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("received_from=2026-04-01", ["ours_june"]),
        ("received_to=2026-04-01", ["ours_march"]),
        ("received_from=2026-03-06&received_to=2026-03-06", ["ours_march"]),
        ("scam_type=romance", ["ours_june"]),
        ("partner_reference=TS-1", ["ours_march"]),
        ("postcode_district=sg1", ["ours_june"]),
        ("postcode_district=AL1&scam_type=romance", []),
    ],
)
def test_the_list_filters(
    partner_api: APIClient, three_reports: dict[str, Report], query: str, expected: list[str]
) -> None:
    response = partner_api.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert references(response) == [three_reports[name].reference for name in expected]


def test_the_hub_filters_a_partner_reference_across_organisations(
    hub_api: APIClient, three_reports: dict[str, Report]
) -> None:
    response = hub_api.get(f"{URL}?partner_reference=TS-1")
    assert sorted(references(response)) == sorted(
        [three_reports["ours_march"].reference, three_reports["police"].reference]
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("received_from=06/03/2026", "received_from", "Date has wrong format"),
        ("received_to=2026-02-30", "received_to", "Date has wrong format"),
        ("received_from=2026-05-01&received_to=2026-04-01", "received_to", "on or after"),
        ("scam_type=wizardry", "scam_type", "is not a scam type. Use one of:"),
        ("postcode_district=AL1 3EJ", "postcode_district", "send something like AL1"),
        ("recieved_from=2026-01-01", "recieved_from", "Not a filter"),
    ],
)
def test_a_bad_filter_is_a_400_saying_what_to_fix(
    partner_api: APIClient, query: str, field: str, message: str
) -> None:
    response = partner_api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.json()["errors"][field][0]


@pytest.mark.parametrize("query", ["page=", "page=0", "page=two", "page=1&page=2", "page=-1"])
def test_a_page_that_is_not_one_whole_number_is_a_400(partner_api: APIClient, query: str) -> None:
    response = partner_api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "whole number from 1" in response.json()["errors"]["page"][0]


def test_a_page_past_the_end_is_a_404_json(partner_api: APIClient) -> None:
    response = partner_api.get(f"{URL}?page=9")
    assert response.status_code == 404
    assert response.json() == {"message": "Invalid page.", "errors": {}}


def test_one_report_is_returned_and_the_look_is_audited(
    partner_api: APIClient, partner: User, three_reports: dict[str, Report]
) -> None:
    report = three_reports["ours_march"]
    response = partner_api.get(f"{URL}{report.reference.lower()}/")
    assert response.status_code == 200
    assert response.json()["reference"] == report.reference
    assert response.json()["victim"]["first_name"] == "Ann"
    assert "outcome" not in response.json()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, actor=partner, object_id=str(report.pk)
    ).exists()


def test_another_organisations_report_is_a_404_and_nothing_is_seen(
    partner_api: APIClient, three_reports: dict[str, Report]
) -> None:
    report = three_reports["police"]
    response = partner_api.get(f"{URL}{report.reference}/")
    assert response.status_code == 404
    assert response.json()["message"] == f"There is no report {report.reference} that you may see."
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_id=str(report.pk)
    ).exists()


def test_the_hub_reads_any_report(hub_api: APIClient, three_reports: dict[str, Report]) -> None:
    assert hub_api.get(f"{URL}{three_reports['police'].reference}/").status_code == 200


def test_a_victim_with_a_safe_contact_rule_shows_it(
    partner_api: APIClient, partner_org: Organisation
) -> None:
    report = make_report(
        organisation=partner_org,
        victim=PersonInput(first_name="Mum", contact_rule=Person.ContactRule.NO_PHONE),
    ).report
    body = partner_api.get(f"{URL}{report.reference}/").json()
    assert body["victim"]["contact_rule"] == "no_phone"


# --- the schema -------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_and_documents_the_endpoints(
    partner_api: APIClient, tmp_path: Path
) -> None:
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(tmp_path / "s.json"),
    )
    schema = json.loads((tmp_path / "s.json").read_text())
    assert set(schema["paths"]) == {"/api/v1/reports/", "/api/v1/reports/{reference}/"}
    post = schema["paths"]["/api/v1/reports/"]["post"]
    assert set(post["responses"]) >= {"200", "201", "400", "401", "403"}
    assert list(schema["components"]["schemas"]["Referral"]["properties"]) == list(COLUMNS)
    served = partner_api.get("/api/schema/?format=json")
    assert served.status_code == 200
    assert served.json()["openapi"].startswith("3.")


# --- open-ended input -------------------------------------------------------------------

VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["2026-03-06", "06/03/2026", "AL1 3EJ", "romance", "£1,250", "yes"]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(COLUMNS), VALUES, max_size=12),
    st.builds(
        lambda base, more: {**base, **more},
        st.just({"partner_reference": "P", "received_date": "2026-03-06", "description": "x"}),
        st.dictionaries(st.sampled_from(COLUMNS) | st.text(max_size=12), VALUES, max_size=8),
    ),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_any_json_object_gets_an_answer_never_a_server_error(
    partner_api: APIClient, body: dict[str, Any]
) -> None:
    response = partner_api.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201, 400), response.content
    assert response["Content-Type"] == "application/json"
