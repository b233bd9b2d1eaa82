"""One permission for each thing staff can do, granted to the roles' groups. The grants are
copied here as they were when this migration was written; governance.permissions keeps
the groups in step with governance.roles after every migrate."""

from django.db import migrations, models

PERMISSIONS = {
    "view_reports": "Read the reports their organisation may see",
    "take_report": "Take a report by phone for the fraud hub",
    "send_referrals": "Send referrals for their organisation (form and API)",
    "manage_imports": "Upload referral files and decide on quarantined rows",
    "view_cases": "Read the case queue, cases and proactive calls",
    "work_cases": "Work cases: contacts, plans, referrals, outcomes, closing, calls",
    "see_intelligence": "See intelligence: clusters, people, map, trends, searches",
    "decide_person_links": "Confirm or split links between people",
    "export": "Export reports and intelligence (STIX, MISP, CSV)",
    "administer": "Administer: reference data, staff, roles and the audit log",
}
GRANTS = {
    "Call handler": ["view_reports", "take_report", "view_cases"],
    "Case manager": [
        "view_reports",
        "take_report",
        "view_cases",
        "work_cases",
        "see_intelligence",
        "decide_person_links",
    ],
    "Analyst": ["view_reports", "see_intelligence", "decide_person_links", "export"],
    "Partner user": ["view_reports", "send_referrals", "manage_imports"],
    "Administrator": list(PERMISSIONS),
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="governance", model="access")
    made = {}
    for codename, name in PERMISSIONS.items():
        made[codename], _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for role, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*(made[c] for c in codenames))


def ungrant(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="governance", codename__in=list(PERMISSIONS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_audit_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [
        migrations.CreateModel(
            name="Access",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "what staff may do",
                "managed": False,
                "default_permissions": (),
                "permissions": [(c, n) for c, n in PERMISSIONS.items()],
            },
        ),
        migrations.RunPython(grant, ungrant),
    ]
