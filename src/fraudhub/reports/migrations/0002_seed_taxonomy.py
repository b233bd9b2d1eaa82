"""Seed the scam-type taxonomy and the channel list; administrators extend them later."""

from django.db import migrations

from fraudhub.reports.taxonomy import CONTACT_METHODS, SCAM_TYPES


def seed(apps, schema_editor):
    ScamType = apps.get_model("reports", "ScamType")
    ContactMethod = apps.get_model("reports", "ContactMethod")
    for order, item in enumerate(SCAM_TYPES, start=1):
        ScamType.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "group": item.group,
                "public_hint": item.public_hint,
                "sort_order": 999 if item.slug == "other" else order,
            },
        )
    for order, (slug, name) in enumerate(CONTACT_METHODS, start=1):
        ContactMethod.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("reports", "ScamType").objects.filter(slug__in=[t.slug for t in SCAM_TYPES]).delete()
    apps.get_model("reports", "ContactMethod").objects.filter(
        slug__in=[slug for slug, _ in CONTACT_METHODS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
