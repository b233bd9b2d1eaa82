"""Answers on contact and sharing given by someone reporting for the victim were stored as
the victim's too. They are the reporter's: the victim's become "not asked yet", and the
reporter keeps the answer (given one, if only the victim's copy held it). Reversing
copies the reporter's answer on sharing back to the victim, as it was stored before."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def _third_party_victims(apps):  # type: ignore[no-untyped-def]
    Person = apps.get_model("reports", "Person")
    reporters = Person.objects.filter(report=OuterRef("report"), role="reporter")
    return Person, Person.objects.filter(role="victim", consent_answered_by="").filter(
        Exists(reporters)
    )


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person, victims = _third_party_victims(apps)
    for victim in victims.exclude(consent_to_contact=None, consent_to_share=None).iterator():
        reporter = Person.objects.filter(report_id=victim.report_id, role="reporter").first()
        changed = []
        for name in ("consent_to_contact", "consent_to_share"):
            if getattr(reporter, name) is None and getattr(victim, name) is not None:
                setattr(reporter, name, getattr(victim, name))
                changed.append(name)
        if changed:
            reporter.save(update_fields=changed)
    victims.update(consent_to_contact=None, consent_to_share=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person, victims = _third_party_victims(apps)
    for victim in victims.iterator():
        reporter = Person.objects.filter(report_id=victim.report_id, role="reporter").first()
        if reporter.consent_to_share is not None:
            victim.consent_to_share = reporter.consent_to_share
            victim.save(update_fields=["consent_to_share"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_victim_consent_answered_by")]

    operations = [migrations.RunPython(forwards, backwards)]
