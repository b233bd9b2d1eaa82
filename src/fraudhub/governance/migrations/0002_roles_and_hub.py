"""Create the staff roles as groups, and the fraud hub's own organisation."""

from django.db import migrations

ROLES = ["Call handler", "Case manager", "Analyst", "Partner user", "Administrator"]


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Organisation = apps.get_model("governance", "Organisation")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    Organisation.objects.get_or_create(
        slug="fraud-hub",
        defaults={"name": "Fraud Hub", "kind": "fraud_hub", "sees_all_reports": True},
    )


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("governance", "Organisation").objects.filter(slug="fraud-hub").delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, unseed)]
