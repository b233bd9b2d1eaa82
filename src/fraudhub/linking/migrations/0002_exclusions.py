from django.db import migrations


def forwards(apps, schema_editor):
    from fraudhub.linking.exclusions import seed

    seed(apps.get_model("linking", "ExcludedIdentifier"))


def backwards(apps, schema_editor):
    from fraudhub.linking.exclusions import STARTING_EXCLUSIONS

    model = apps.get_model("linking", "ExcludedIdentifier")
    for kind, value, _ in STARTING_EXCLUSIONS:
        model.objects.filter(kind=kind, value=value).delete()


class Migration(migrations.Migration):
    dependencies = [("linking", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
