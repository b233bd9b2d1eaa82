"""On PostgreSQL a file's new reports are stored with COPY: what that stores must be what
the ORM path (`reports.services.create_reports`) stores for the same submissions, row for
row in every table, audit log included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model

from fraudhub.governance.audit_chain import has_good_seal
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports import bulk_write
from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import Identifier, Person, Report, ReportUpdate
from fraudhub.reports.preparation import Taxonomy, prepare
from fraudhub.reports.services import create_reports
from tests.factories import OrganisationFactory, staff_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
    pytest.mark.django_db,
]

LEFT_OUT = {"id", "report_id", "reference", "tracking_secret_hash", "created_at", "updated_at"}


def submissions(organisation: Organisation, prefix: str) -> list[ReportSubmission]:
    """Reports with a bit of everything: flagged values, identifiers of each kind, an
    overlong value, a received date in another year, no victim details at all."""
    return [
        ReportSubmission(
            source=Report.Source.PARTNER_FILE,
            organisation=organisation,
            partner_reference=f"{prefix}-1",
            received_date=date(2025, 3, 4),
            incident_date="01/03/2025",
            scam_type="courier_fraud",
            contact_method="phone_call",
            narrative="Said he was from the bank and sent a courier for my card.",
            amount_lost="£1,250.00",
            payment_method=Report.PaymentMethod.CASH,
            victim=PersonInput(
                first_name="Edna",
                last_name="Smith",
                age="84",
                postcode="al1 3ej",
                phone="01727 123456",
                email="Edna@Example.COM",
                consent_to_contact=True,
            ),
            identifiers=[
                IdentifierInput(kind=Identifier.Kind.PHONE, value="0906 123 4567"),
                IdentifierInput(kind=Identifier.Kind.WEBSITE, value="https://secure-bank.co.uk/x"),
                IdentifierInput(kind=Identifier.Kind.BANK_ACCOUNT, value="12345678", sort_code="1"),
            ],
            extra={"columns": {"officer": "PC 123"}},
            field_issues=["scam_type 'Courier' was not recognised"],
            source_hash=f"{prefix}-hash-1",
        ),
        ReportSubmission(
            source=Report.Source.PARTNER_FILE,
            organisation=organisation,
            partner_reference=f"{prefix}-2",
            received_date=date(2024, 12, 30),
            incident_date="sometime",
            narrative="x" * 50,
            amount_lost="a few hundred",
            victim=PersonInput(town="T" * 150, phone="+33 1 42 68 53 00", age="79 years"),
            crime_reference="C" * 120,
            source_hash=f"{prefix}-hash-2",
        ),
        ReportSubmission(
            source=Report.Source.PARTNER_FILE,
            organisation=organisation,
            partner_reference=f"{prefix}-3",
            received_date=date(2025, 1, 1),
            scam_type="romance",
            victim=PersonInput(),
            source_hash=f"{prefix}-hash-3",
        ),
    ]


def stored(model: type[Model], **filters: Any) -> list[dict[str, Any]]:
    rows = model.objects.filter(**filters).order_by("id")
    return [{f.attname: getattr(r, f.attname) for f in model._meta.concrete_fields} for r in rows]


def without(
    rows: list[dict[str, Any]], prefix: str, more: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """The rows without ids, times and the random secret; references without the prefix."""
    cleaned = []
    for row in rows:
        item = {k: v for k, v in row.items() if k not in LEFT_OUT | more}
        for key in ("partner_reference", "source_hash"):
            if key in item:
                item[key] = str(item[key]).replace(prefix, "")
        cleaned.append(item)
    return cleaned


def everything(prefix: str) -> dict[str, Any]:
    reports = Report.objects.filter(partner_reference__startswith=prefix)
    ids = [str(pk) for pk in reports.values_list("pk", flat=True)]
    # Each entry, copied or saved, carries the application's seal, so it is chained.
    written = AuditEvent.objects.filter(object_type="reports.report", object_id__in=ids)
    assert all(has_good_seal(settings.SECRET_KEY, e.__dict__) for e in written)
    return {
        "reports": without(stored(Report, partner_reference__startswith=prefix), prefix),
        "persons": without(stored(Person, report__in=reports), prefix),
        "identifiers": without(stored(Identifier, report__in=reports), prefix),
        "updates": without(stored(ReportUpdate, report__in=reports), prefix),
        "audit": without(
            stored(AuditEvent, object_type="reports.report", object_id__in=ids),
            prefix,
            frozenset(
                {"at", "object_id", "object_label", "sequence", "previous_hash", "hash", "seal"}
            ),
        ),
    }


def test_copy_stores_what_the_orm_stores_for_the_same_reports() -> None:
    organisation = OrganisationFactory()
    actor = staff_user(organisation=organisation)
    taxonomy = Taxonomy.load()
    create_reports(submissions=submissions(organisation, "ORM"), actor=actor, taxonomy=taxonomy)
    with transaction.atomic():
        prepared = [prepare(s, taxonomy) for s in submissions(organisation, "COPY")]
        ids = bulk_write.create_reports(prepared=prepared, actor=actor)

    orm, copied = everything("ORM"), everything("COPY")
    assert len(orm["reports"]) == len(ids) == 3
    assert len(orm["identifiers"]) == 3 and len(orm["audit"]) == 3
    for table in orm:
        assert copied[table] == orm[table], table


def test_copied_reports_have_references_in_order_within_their_year() -> None:
    organisation = OrganisationFactory()
    with transaction.atomic():
        prepared = [prepare(s, Taxonomy.load()) for s in submissions(organisation, "REF")]
        ids = bulk_write.create_reports(prepared=prepared, actor=None)
    references = dict(Report.objects.filter(pk__in=ids).values_list("pk", "reference"))
    assert [references[pk] for pk in ids] == ["FH-2025-000001", "FH-2024-000001", "FH-2025-000002"]
    audit = AuditEvent.objects.get(object_id=str(ids[0]))
    assert (audit.actor_label, audit.action, audit.object_label) == (
        "system",
        AuditEvent.Action.CREATE,
        "FH-2025-000001",
    )
