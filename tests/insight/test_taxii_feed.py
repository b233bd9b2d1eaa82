"""Partners pull scammers' identifiers over TAXII 2.1 with the OASIS taxii2-client: they
find the server, list only the collections shared with them, page through objects and
manifests, ask only for what is newer, and every pull is in the audit log."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from requests.exceptions import HTTPError
from taxii2client.exceptions import TAXIIServiceException
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.insight import intel
from fraudhub.insight.taxii import feeds
from fraudhub.linking.models import ExcludedIdentifier
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report
from tests.factories import OrganisationFactory, api_token, make_report, staff_user, unattached_user

from .taxii_client import ROOT, DjangoAdapter, TokenAuth, route_to_django

pytestmark = pytest.mark.django_db

TAXII = "application/taxii+json;version=2.1"


@pytest.fixture
def bank() -> Organisation:
    return OrganisationFactory(slug="bank", name="Example Bank", kind=Organisation.Kind.BANK)


@pytest.fixture
def bank_user(bank: Organisation) -> User:
    return staff_user("bank-system", role="Partner user", organisation=bank)


def phones(*numbers: str) -> list[IdentifierInput]:
    return [IdentifierInput(kind="phone", value=n) for n in numbers]


@pytest.fixture(autouse=True)
def sent(monkeypatch: pytest.MonkeyPatch) -> DjangoAdapter:
    return route_to_django(monkeypatch)


def own_id(organisation: Organisation) -> str:
    """The id of the collection of the reports the organisation sent."""
    return feeds.feeds_for(organisation)[0].id


def sent_by(organisation: Organisation, *numbers: str) -> Report:
    """A referral from the organisation naming the scammer's phone numbers."""
    return make_report(
        source=Report.Source.PARTNER_FORM, organisation=organisation, identifiers=phones(*numbers)
    ).report


def own_collection(token: str) -> Collection:
    (collection,) = Server(ROOT, auth=TokenAuth(token)).api_roots[0].collections
    return collection


def indicator_patterns(objects: list[dict[str, Any]]) -> set[str]:
    return {o["pattern"] for o in objects if o["type"] == "indicator"}


def test_a_partner_finds_the_server_its_api_root_and_only_its_own_collection(
    bank: Organisation, bank_user: User, sent: DjangoAdapter
) -> None:
    other = OrganisationFactory(slug="police", name="Police")
    staff_user("police-system", role="Partner user", organisation=other)

    server = Server(ROOT, auth=TokenAuth(api_token(bank_user)))
    assert "intelligence feeds" in server.title
    assert server.default.url == "http://testserver/taxii2/feeds/"
    root: ApiRoot = server.api_roots[0]
    assert root.versions == [TAXII]
    collections = root.collections
    assert [c.title for c in collections] == ["Reports Example Bank sent"]
    assert collections[0].can_read and not collections[0].can_write
    assert collections[0].id == own_id(bank) != own_id(other)
    assert all(r.headers["Accept"] == TAXII for r in sent.sent)


def test_objects_hold_the_identifiers_of_the_readers_reports_and_no_others(
    bank: Organisation, bank_user: User
) -> None:
    make_report(
        source=Report.Source.PARTNER_FORM,
        organisation=bank,
        identifiers=[
            *phones("020 7946 0123"),
            IdentifierInput(kind="email", value="refunds@hmrc-rebate.example"),
            IdentifierInput(kind="person_name", value="Mark Evans"),
            IdentifierInput(kind="phone", value="159"),
        ],
    )
    make_report(identifiers=phones("020 7946 0999"))  # the hub's own, not the bank's
    assert ExcludedIdentifier.objects.filter(kind="phone", value="159").exists()

    envelope = own_collection(api_token(bank_user)).get_objects()

    assert indicator_patterns(envelope["objects"]) == {
        "[x-fraudhub-phone-number:value = '+442079460123']",
        "[email-addr:value = 'refunds@hmrc-rebate.example']",
    }
    assert envelope["more"] is False
    assert intel.validate_stix(
        {
            "type": "bundle",
            "id": "bundle--6b2b38ab-8a47-4d6c-b6c0-0a0a6e1e1f4f",
            "objects": envelope["objects"],
        }
    ).valid


def test_pages_of_objects_follow_each_other_without_gaps_or_repeats(
    bank: Organisation, bank_user: User
) -> None:
    for n in range(6):
        sent_by(bank, f"020 7946 01{n:02d}")
    collection = own_collection(api_token(bank_user))
    everything = collection.get_objects()["objects"]

    pages = list(as_pages(collection.get_objects, per_request=5))

    assert len(pages) == -(-len(everything) // 5)
    assert all(len(page["objects"]) <= 5 for page in pages)
    assert [o["id"] for page in pages for o in page["objects"]] == [o["id"] for o in everything]
    assert [page["more"] for page in pages] == [True] * (len(pages) - 1) + [False]


def test_asking_for_what_was_added_after_the_last_pull_gives_only_what_changed(
    bank: Organisation, bank_user: User
) -> None:
    sent_by(bank, "020 7946 0123", "020 7946 0456")
    collection = own_collection(api_token(bank_user))
    first = collection.get_objects()
    last = collection._conn.session.get(  # the header a client keeps for its next pull
        collection.url + "objects/", headers={"Accept": TAXII}
    ).headers["X-TAXII-Date-Added-Last"]

    assert collection.get_objects(added_after=last) == {"more": False}

    sent_by(bank, "020 7946 0123")
    newer = collection.get_objects(added_after=last)["objects"]

    (indicator,) = [o for o in newer if o["type"] == "indicator"]
    assert indicator["pattern"] == "[x-fraudhub-phone-number:value = '+442079460123']"
    assert indicator["x_fraudhub_report_count"] == 2
    before = {o["id"]: o for o in first["objects"]}[indicator["id"]]
    assert indicator["modified"] > before["modified"]


def test_the_manifest_names_each_object_with_its_version_and_when_it_was_added(
    bank: Organisation, bank_user: User
) -> None:
    sent_by(bank, "020 7946 0123")
    collection = own_collection(api_token(bank_user))
    objects = collection.get_objects()["objects"]

    manifest = collection.get_manifest()["objects"]

    assert [m["id"] for m in manifest] == [o["id"] for o in objects]
    by_id = {o["id"]: o for o in objects}
    for record in manifest:
        stix = by_id[record["id"]]
        assert record["version"] == stix.get("modified", stix.get("created", record["date_added"]))
        assert record["media_type"] == "application/stix+json;version=2.1"


def test_one_object_is_fetched_by_its_id(bank: Organisation, bank_user: User) -> None:
    sent_by(bank, "020 7946 0123")
    collection = own_collection(api_token(bank_user))
    indicator_id = intel.stable_id("indicator", "phone", "+442079460123")

    (found,) = collection.get_object(indicator_id)["objects"]

    assert found["id"] == indicator_id
    with pytest.raises(HTTPError) as missing:
        collection.get_object(intel.stable_id("indicator", "phone", "+442079460999"))
    assert missing.value.response.status_code == 404


def test_every_pull_of_objects_is_logged_as_a_disclosure_to_the_readers_organisation(
    bank: Organisation, bank_user: User
) -> None:
    sent_by(bank, "020 7946 0123")
    collection = own_collection(api_token(bank_user))

    collection.get_objects()
    collection.get_manifest()

    pulls = list(AuditEvent.objects.filter(detail__via="taxii").order_by("id"))
    assert [(p.action, p.detail["endpoint"]) for p in pulls] == [
        (AuditEvent.Action.EXPORT, "objects"),
        (AuditEvent.Action.VIEW, "manifest"),
    ]
    disclosure = pulls[0]
    assert disclosure.actor == bank_user
    assert disclosure.organisation == bank
    assert disclosure.detail["disclosed_to"] == "bank"
    assert disclosure.detail["collection"] == collection.id
    assert disclosure.detail["indicators"] == [
        intel.stable_id("indicator", "phone", "+442079460123")
    ]


def test_basic_authentication_with_the_token_as_password_is_accepted(
    bank: Organisation, bank_user: User, sent: DjangoAdapter
) -> None:
    server = Server(ROOT, user="any-name", password=api_token(bank_user))

    assert [c.title for c in server.api_roots[0].collections] == ["Reports Example Bank sent"]
    assert sent.sent[0].headers["Authorization"].startswith("Basic ")


# --- refusals, as TAXII error messages ------------------------------------------------------


def taxii_get(path: str, token: str | None = None, **headers: str) -> Any:
    extra = {"HTTP_ACCEPT": headers.pop("accept", TAXII)}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Token {token}"
    return Client().get(path, **extra)


def assert_taxii_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == TAXII
    body: dict[str, Any] = json.loads(response.content)
    assert body["http_status"] == str(status)
    assert body["title"]
    for word in words:
        assert word in body["description"]
    return body


def test_guessing_another_organisations_collection_is_not_found(
    bank: Organisation, bank_user: User
) -> None:
    police = OrganisationFactory(slug="police", name="Police")
    sent_by(police, "020 7946 0123")
    theirs = own_id(police)
    token = api_token(bank_user)

    for path in ("", "objects/", "manifest/"):
        response = taxii_get(f"/taxii2/feeds/collections/{theirs}/{path}", token)
        assert_taxii_error(response, 404, "no collection", "collections endpoint")
    assert not AuditEvent.objects.filter(detail__via="taxii").exists()
    with pytest.raises(HTTPError):
        Collection(f"{ROOT}feeds/collections/{theirs}/", auth=TokenAuth(token)).get_objects()


def test_without_a_token_the_server_asks_for_one(db: None) -> None:
    response = taxii_get("/taxii2/")

    assert_taxii_error(response, 401, "Authorization: Token")
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_refused(db: None) -> None:
    assert_taxii_error(taxii_get("/taxii2/", "fh_not-a-token"), 401, "Invalid token")


def test_a_login_with_no_organisation_is_refused(db: None) -> None:
    loner = unattached_user("loner", role="Partner user")

    assert_taxii_error(taxii_get("/taxii2/", api_token(loner)), 403, "not linked")


@pytest.mark.parametrize(
    "accept", ["application/taxii+json;version=2.0", "application/json", "text/html"]
)
def test_asking_for_another_media_type_is_not_acceptable(bank_user: User, accept: str) -> None:
    response = taxii_get("/taxii2/", api_token(bank_user), accept=accept)

    assert_taxii_error(response, 406, "Accept: application/taxii+json;version=2.1")


@pytest.mark.parametrize(
    "accept", ["application/taxii+json", "*/*", "text/html, */*;q=0.8", "application/*"]
)
def test_a_client_taking_taxii_or_anything_gets_taxii_2_1(bank_user: User, accept: str) -> None:
    response = taxii_get("/taxii2/", api_token(bank_user), accept=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == TAXII


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("limit=0", ["limit must be a whole number"]),
        ("limit=ten", ["limit must be a whole number"]),
        ("added_after=yesterday", ["added_after", "RFC 3339"]),
        ("next=not-ours", ["next is not a token this server gave"]),
        ("match[version]=soon", ["match[version]"]),
    ],
)
def test_a_filter_the_server_cannot_read_is_a_bad_request_saying_what_to_send(
    bank: Organisation, bank_user: User, query: str, words: list[str]
) -> None:
    collection = own_id(bank)

    response = taxii_get(
        f"/taxii2/feeds/collections/{collection}/objects/?{query}", api_token(bank_user)
    )

    assert_taxii_error(response, 400, *words)


def test_the_server_is_read_only(bank: Organisation, bank_user: User) -> None:
    collection = own_collection(api_token(bank_user))

    with pytest.raises((HTTPError, TAXIIServiceException)):
        collection.add_objects({"type": "bundle", "id": "bundle--1", "objects": []})
    response = Client().post(
        f"/taxii2/feeds/collections/{collection.id}/objects/",
        data="{}",
        content_type=TAXII,
        HTTP_ACCEPT=TAXII,
        HTTP_AUTHORIZATION=f"Token {api_token(bank_user)}",
    )
    assert_taxii_error(response, 405)


def test_the_hubs_own_collection_holds_every_report(hub_org: Organisation) -> None:
    analyst = staff_user("hub-system", role="Analyst", organisation=hub_org)
    partner = OrganisationFactory(slug="police", name="Police")
    make_report(source=Report.Source.PARTNER_FORM, organisation=partner)
    make_report(identifiers=phones("020 7946 0999"))

    collection = own_collection(api_token(analyst))

    assert collection.title.startswith("Every report to the")
    assert indicator_patterns(collection.get_objects()["objects"]) == {
        "[x-fraudhub-phone-number:value = '+442079460123']",
        "[x-fraudhub-phone-number:value = '+442079460999']",
    }


def test_a_bank_pulling_every_two_hours_as_the_guide_says_gets_each_new_report_once(
    bank: Organisation, bank_user: User
) -> None:
    """The job in docs/api.md: indicators only, after the newest `modified` received."""
    token = api_token(bank_user)
    since: dict[str, str] = {}
    received: list[tuple[str, int]] = []

    def pull() -> None:
        server = Server(ROOT, user="bank-system", password=token)
        for collection in server.api_roots[0].collections:
            filters = {"type": "indicator"}
            if collection.id in since:
                filters["added_after"] = since[collection.id]
            for page in as_pages(collection.get_objects, per_request=2, **filters):
                for indicator in page.get("objects", []):
                    received.append((indicator["pattern"], indicator["x_fraudhub_report_count"]))
                    since[collection.id] = max(since.get(collection.id, ""), indicator["modified"])

    for n in range(3):
        sent_by(bank, f"020 7946 01{n:02d}")
    pull()
    assert len(received) == 3
    pull()
    assert len(received) == 3  # nothing new

    sent_by(bank, "020 7946 0100", "020 7946 0999")
    pull()

    assert sorted(received[3:]) == [
        ("[x-fraudhub-phone-number:value = '+442079460100']", 2),
        ("[x-fraudhub-phone-number:value = '+442079460999']", 1),
    ]
