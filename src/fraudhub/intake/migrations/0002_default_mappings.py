"""Seed the shared mapping table with common partner wording."""

from django.db import migrations

from fraudhub.intake.mapping_defaults import seed_defaults


def seed(apps, schema_editor):
    seed_defaults(
        apps.get_model("intake", "ValueMapping"),
        apps.get_model("reports", "ScamType"),
        apps.get_model("reports", "ContactMethod"),
    )


def unseed(apps, schema_editor):
    apps.get_model("intake", "ValueMapping").objects.filter(organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("reports", "0002_seed_taxonomy")]
    operations = [migrations.RunPython(seed, unseed)]
