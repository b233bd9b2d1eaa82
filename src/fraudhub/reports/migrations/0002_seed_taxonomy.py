"""Seed the scam-type taxonomy and the channel list; administrators extend them later."""

from django.db import migrations

from fraudhub.reports import taxonomy
from fraudhub.reports.taxonomy import CONTACT_METHODS, SCAM_TYPES


def seed(apps, schema_editor):
    taxonomy.seed(apps.get_model("reports", "ScamType"), apps.get_model("reports", "ContactMethod"))


def unseed(apps, schema_editor):
    apps.get_model("reports", "ScamType").objects.filter(slug__in=[t.slug for t in SCAM_TYPES]).delete()
    apps.get_model("reports", "ContactMethod").objects.filter(
        slug__in=[slug for slug, _ in CONTACT_METHODS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
