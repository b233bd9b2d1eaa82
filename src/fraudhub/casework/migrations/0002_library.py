from django.db import migrations


def forwards(apps, schema_editor):
    from fraudhub.casework.library import seed

    seed(apps.get_model("casework", "Intervention"), apps.get_model("casework", "MessageTemplate"))
    apps.get_model("casework", "TriageSettings").objects.get_or_create(pk=1)


def backwards(apps, schema_editor):
    from fraudhub.casework.library import INTERVENTIONS, TEMPLATES

    apps.get_model("casework", "Intervention").objects.filter(
        slug__in=[i[0] for i in INTERVENTIONS]
    ).delete()
    apps.get_model("casework", "MessageTemplate").objects.filter(
        slug__in=[t[0] for t in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
