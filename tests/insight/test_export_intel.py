"""Intelligence exports hold each scammer identifier once, counted over the reports the
receiving organisation may see, marked with TLP, and pass the OASIS STIX validator."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import stix2
from django.core.management import CommandError, call_command

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.insight import intel
from fraudhub.linking.models import Cluster, ClusterMember
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report
from tests.factories import OrganisationFactory, hub, make_report

pytestmark = pytest.mark.django_db

EVERY_KIND = [
    IdentifierInput(kind="phone", value="020 7946 0123"),
    IdentifierInput(kind="email", value="Refunds@HMRC-Tax-Rebate.co.uk"),
    IdentifierInput(kind="website", value="https://www.hmrc-tax-rebate.co.uk/claim"),
    IdentifierInput(kind="website", value="http://203.0.113.7/login"),
    IdentifierInput(kind="bank_account", value="00733445", sort_code="309950"),
    IdentifierInput(kind="company", value="O'Brien Roofing \\ Driveways"),
    IdentifierInput(kind="vehicle", value="ab12cde"),
    IdentifierInput(kind="social_media", value="@investwithmark"),
    IdentifierInput(kind="crypto_wallet", value="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    IdentifierInput(kind="person_name", value="Mark Evans"),
]


def export(tmp_path: Path, fmt: str, name: str = "out", **options: Any) -> Path:
    out = tmp_path / f"{name}.{fmt}"
    call_command("export_intel", format=fmt, out=str(out), **options)
    return out


def bundle(tmp_path: Path, name: str = "out", **options: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(export(tmp_path, "stix", name, **options).read_text())
    return loaded


def indicators(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Indicators by the value in their pattern."""
    return {
        o["pattern"].split(" = ", 1)[1][1:-2]: o
        for o in data["objects"]
        if o["type"] == "indicator"
    }


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def reports() -> Organisation:
    """Two reports to the hub naming the same phone number, one naming every kind."""
    organisation = hub()
    make_report(identifiers=EVERY_KIND, amount_lost="£1,250", received_date=date(2026, 3, 5))
    make_report(
        identifiers=[IdentifierInput(kind="phone", value="+44 20 7946 0123")],
        amount_lost="£300",
        scam_type="courier",
        received_date=date(2026, 4, 20),
    )
    return organisation


# --- STIX ---------------------------------------------------------------------------------


def test_the_stix_bundle_passes_the_oasis_validator(tmp_path: Path, reports: Organisation) -> None:
    data = bundle(tmp_path, include_names=True)
    checked = intel.validate_stix(data)
    assert checked.errors == [] and checked.warnings == []
    everything = intel.validate_stix(data, disabled=())
    assert everything.errors == []
    assert everything.warnings, "the uuid5 ids are reported when that check is on"
    assert all("{103}" in w for w in everything.warnings), everything.warnings


def test_the_validator_catches_a_broken_bundle(tmp_path: Path, reports: Organisation) -> None:
    data = bundle(tmp_path)
    broken = next(o for o in data["objects"] if o["type"] == "indicator")
    broken["pattern"] = "[x-fraudhub-phone-number:value = '+442079460123'"
    del broken["valid_from"]
    checked = intel.validate_stix(data)
    assert not checked.valid
    assert any("valid_from" in e for e in checked.errors)


def test_an_invalid_bundle_is_refused_and_nothing_written(
    tmp_path: Path, reports: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(bundle: dict[str, Any], **_: Any) -> intel.Validation:
        return intel.Validation(errors=["indicator--1: 'valid_from' is a required property"])

    monkeypatch.setattr("fraudhub.insight.intel.export.validate_stix", broken)
    with pytest.raises(CommandError, match="did not pass the validator.*valid_from"):
        export(tmp_path, "stix")
    assert not (tmp_path / "out.stix").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_each_identifier_is_there_once_with_its_report_count(
    tmp_path: Path, reports: Organisation
) -> None:
    data = bundle(tmp_path, include_names=True)
    found = indicators(data)
    assert set(found) == {
        "+442079460123",
        "refunds@hmrc-tax-rebate.co.uk",
        "hmrc-tax-rebate.co.uk",
        "203.0.113.7",
        "30-99-50 00733445",
        "o\\'brien roofing \\\\ driveways",
        "AB12 CDE",
        "investwithmark",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "mark evans",
    }
    phone = found["+442079460123"]
    assert phone["x_fraudhub_report_count"] == 2
    assert phone["x_fraudhub_total_loss_gbp"] == "1550.00"
    assert phone["x_fraudhub_scam_types"] == ["bank_impersonation", "courier"]
    assert phone["valid_from"] == "2026-03-05T00:00:00Z"
    assert found["AB12 CDE"]["x_fraudhub_report_count"] == 1
    phones = [o for o in data["objects"] if o["type"] == "x-fraudhub-phone-number"]
    assert [p["value"] for p in phones] == ["+442079460123"]
    observed = next(
        o
        for o in data["objects"]
        if o["type"] == "observed-data" and phones[0]["id"] in o["object_refs"]
    )
    assert observed["number_observed"] == 2
    assert observed["first_observed"].startswith("2026-03-05")
    assert observed["last_observed"].startswith("2026-04-20")
    based_on = [
        o for o in data["objects"] if o["type"] == "relationship" and o["source_ref"] == phone["id"]
    ]
    assert [(r["relationship_type"], r["target_ref"]) for r in based_on] == [
        ("based-on", observed["id"])
    ]
    assert {o["type"] for o in data["objects"]} >= {
        "email-addr",
        "domain-name",
        "ipv4-addr",
        "user-account",
        "x-fraudhub-bank-account",
        "identity",
        "extension-definition",
    }


@pytest.mark.parametrize("tlp", intel.TLP_LEVELS)
def test_every_object_carries_the_tlp_marking(
    tmp_path: Path, reports: Organisation, tlp: str
) -> None:
    data = bundle(tmp_path, tlp=tlp)
    marking = intel.TLP_MARKINGS[tlp]
    markings = [o for o in data["objects"] if o["type"] == "marking-definition"]
    assert [m["id"] for m in markings] == [marking.id]
    for obj in data["objects"]:
        if obj["type"] != "marking-definition":
            assert obj["object_marking_refs"] == [marking.id], obj["id"]
    assert intel.validate_stix(data).errors == []


def test_amber_is_the_default_and_uses_the_standard_marking(
    tmp_path: Path, reports: Organisation
) -> None:
    data = bundle(tmp_path)
    assert next(o for o in data["objects"] if o["type"] == "indicator")["object_marking_refs"] == [
        stix2.TLP_AMBER.id
    ]


def test_the_same_export_twice_gives_the_same_ids(tmp_path: Path, reports: Organisation) -> None:
    first = {o["id"] for o in bundle(tmp_path, "first")["objects"]}
    make_report(identifiers=[IdentifierInput(kind="phone", value="020 7946 0123")])
    second = bundle(tmp_path, "second")
    assert {o["id"] for o in second["objects"]} == first
    assert indicators(second)["+442079460123"]["x_fraudhub_report_count"] == 3


# --- who sees what, and what is left out ------------------------------------------------


def test_an_organisation_receives_only_what_it_may_see(tmp_path: Path) -> None:
    hub()
    police = OrganisationFactory(slug="police", kind=Organisation.Kind.POLICE)
    make_report(
        organisation=police,
        source=Report.Source.PARTNER_FORM,
        identifiers=[IdentifierInput(kind="phone", value="01632 960001")],
    )
    make_report(identifiers=[IdentifierInput(kind="phone", value="01632 960002")])
    assert set(indicators(bundle(tmp_path, "police", org="police"))) == {"+441632960001"}
    assert set(indicators(bundle(tmp_path, "hub", org="fraud-hub"))) == {
        "+441632960001",
        "+441632960002",
    }


def test_excluded_values_are_left_out(tmp_path: Path) -> None:
    hub()
    make_report(
        identifiers=[
            IdentifierInput(kind="phone", value="159"),
            IdentifierInput(kind="website", value="www.gmail.com"),
            IdentifierInput(kind="email", value="fake.bank@gmail.com"),
        ]
    )
    said = io.StringIO()
    call_command("export_intel", format="csv", out=str(tmp_path / "out.csv"), stdout=said)
    assert [(r["kind"], r["value"]) for r in rows(tmp_path / "out.csv")] == [
        ("email", "fake.bank@gmail.com")
    ]
    assert "Left out: 2 on the exclusion list." in said.getvalue()


def test_names_used_are_left_out_unless_asked_for(tmp_path: Path, reports: Organisation) -> None:
    assert "mark evans" not in indicators(bundle(tmp_path, "without"))
    assert "mark evans" in indicators(bundle(tmp_path, "with", include_names=True))


def test_since_and_min_reports_narrow_the_export(tmp_path: Path, reports: Organisation) -> None:
    assert [r["value"] for r in rows(export(tmp_path, "csv", "often", min_reports=2))] == [
        "'+442079460123"
    ]
    recent = rows(export(tmp_path, "csv", "recent", since="01/04/2026"))
    assert [(r["value"], r["report_count"]) for r in recent] == [("'+442079460123", "1")]


def test_clusters_are_named(tmp_path: Path) -> None:
    hub()
    first = make_report(identifiers=[IdentifierInput(kind="vehicle", value="AB12 CDE")])
    cluster = Cluster.objects.create()
    ClusterMember.objects.create(report=first.report, cluster=cluster)
    [row] = rows(export(tmp_path, "csv"))
    assert row["cluster_ids"] == str(cluster.pk)


# --- MISP and CSV -----------------------------------------------------------------------


def test_misp_event_has_the_shape_and_types_misp_imports(
    tmp_path: Path, reports: Organisation
) -> None:
    event = json.loads(export(tmp_path, "misp", tlp="green", include_names=True).read_text())[
        "Event"
    ]
    assert event["Tag"] == [{"name": "tlp:green"}]
    assert event["distribution"] == "1" and event["threat_level_id"] in "1234"
    assert event["analysis"] in "012" and event["date"] == date.today().isoformat()
    assert "fraud hub" in event["info"]
    by_value = {a["value"]: a for a in event["Attribute"]}
    expected = {
        "+442079460123": ("phone-number", "Financial fraud", True),
        "refunds@hmrc-tax-rebate.co.uk": ("email-src", "Payload delivery", True),
        "hmrc-tax-rebate.co.uk": ("domain", "Network activity", True),
        "203.0.113.7": ("ip-dst", "Network activity", True),
        "30-99-50 00733445": ("bank-account-nr", "Financial fraud", True),
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq": ("btc", "Financial fraud", True),
        "AB12 CDE": ("text", "Other", False),
        "mark evans": ("full-name", "Person", False),
    }
    for value, (kind, category, to_ids) in expected.items():
        attribute = by_value[value]
        assert (attribute["type"], attribute["category"], attribute["to_ids"]) == (
            kind,
            category,
            to_ids,
        )
    phone = by_value["+442079460123"]
    assert phone["first_seen"].startswith("2026-03-05T00:00:00")
    assert phone["last_seen"].startswith("2026-04-20T23:59:59")
    assert "2 scam reports" in phone["comment"] and "£1,550.00" in phone["comment"]
    again = json.loads(export(tmp_path, "misp", "again", include_names=True).read_text())["Event"]
    assert again["uuid"] == event["uuid"]
    assert {a["uuid"] for a in again["Attribute"]} == {a["uuid"] for a in event["Attribute"]}


def test_csv_has_one_row_per_identifier_and_cannot_run_as_a_formula(tmp_path: Path) -> None:
    hub()
    make_report(
        identifiers=[
            IdentifierInput(kind="company", value='=HYPERLINK("http://x")'),
            IdentifierInput(kind="phone", value="020 7946 0123"),
        ],
        amount_lost="£99.50",
        received_date=date(2026, 2, 1),
    )
    out = export(tmp_path, "csv")
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(intel.CSV_COLUMNS)
    by_kind = {r["kind"]: r for r in rows(out)}
    assert by_kind["company"]["value"] == '\'=hyperlink("http://x")'
    assert by_kind["phone"]["value"] == "'+442079460123"
    assert by_kind["phone"]["report_count"] == "1"
    assert by_kind["phone"]["first_seen"] == by_kind["phone"]["last_seen"] == "2026-02-01"
    assert by_kind["phone"]["total_loss"] == "99.50"
    assert by_kind["phone"]["scam_types"] == "bank_impersonation"


# --- the audit log and the command -------------------------------------------------------


def test_one_audit_event_names_the_receiver_and_the_counts(
    tmp_path: Path, reports: Organisation
) -> None:
    before = AuditEvent.objects.count()
    export(tmp_path, "stix", tlp="red", min_reports=1)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.object_type == "governance.organisation"
    assert event.object_id == str(reports.pk)
    assert event.actor_label == "intel export for fraud-hub"
    assert event.detail["for"] == "fraud-hub" and event.detail["format"] == "intel-stix"
    assert event.detail["tlp"] == "red"
    assert event.detail["identifiers"] == 9 and event.detail["reports"] == 2
    assert event.detail["left_out_names"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "xml"}, "Unknown format 'xml'. Use stix, misp or csv."),
        ({"org": "nobody"}, "Known organisations: fraud-hub"),
        ({"since": "31/02/2026"}, "--since: 31/02/2026 is not a real date"),
        ({"since": "next week"}, "Give a date like 05/03/2026"),
        ({"tlp": "white"}, "Unknown TLP 'white'. Use clear, green, amber, amber+strict, red."),
        ({"min_reports": "0"}, "--min-reports must be a whole number of 1 or more"),
        ({"min_reports": "two"}, "--min-reports must be a whole number of 1 or more"),
    ],
)
def test_the_command_says_what_to_fix(
    tmp_path: Path, options: dict[str, str], message: str
) -> None:
    hub()
    arguments = {"format": "csv", "out": str(tmp_path / "out.csv"), **options}
    with pytest.raises(CommandError) as raised:
        call_command("export_intel", **arguments)
    assert message in str(raised.value)
    assert not (tmp_path / "out.csv").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# --- the rules on their own ---------------------------------------------------------------


def test_an_identifier_named_twice_in_one_report_counts_once() -> None:
    day = date(2026, 5, 1)
    found = intel.aggregate(
        [
            intel.Sighting("phone", "+441632960001", "", 1, day, Decimal("10.00")),
            intel.Sighting("phone", "+441632960001", "", 1, day, Decimal("10.00")),
            intel.Sighting("phone", "+441632960001", "", 2, day, None),
            intel.Sighting("bank_account", "?? 12345678", "?? 12345678", 2, day, None),
        ]
    )
    phone, account = sorted(found.items, key=lambda i: i.kind != "phone")
    assert (phone.report_count, phone.total_loss) == (2, Decimal("10.00"))
    assert (account.value, account.display) == ("12345678", "12345678")
    assert found.reports == 2


def test_without_a_hub_the_command_asks_for_an_organisation(tmp_path: Path) -> None:
    Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).delete()
    OrganisationFactory(slug="police")
    with pytest.raises(CommandError, match="give --org. Known organisations: .*police"):
        call_command("export_intel", format="csv", out=str(tmp_path / "out.csv"))
