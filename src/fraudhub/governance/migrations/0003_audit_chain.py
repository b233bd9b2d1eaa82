"""Chain the audit log: number every entry, keep the organisation's name with it, and give
each the hash of the one before once its transaction commits (governance/audit_chain.py). Existing entries are chained
in the order they were written. On PostgreSQL a trigger refuses any change or removal of a
chained value, so only someone who can disable triggers can tamper, and `audit-verify`
catches them."""

from django.db import migrations, models

from fraudhub.governance.audit_chain import GENESIS, entry_hash

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION governance_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Audit entries cannot be removed';
    END IF;
    IF OLD.sequence IS NULL AND (NEW.at, NEW.actor_label, NEW.organisation_label,
        NEW.action, NEW.object_type, NEW.object_id, NEW.object_label, NEW.detail::text)
       IS NOT DISTINCT FROM
       (OLD.at, OLD.actor_label, OLD.organisation_label, OLD.action, OLD.object_type,
        OLD.object_id, OLD.object_label, OLD.detail::text) THEN
        RETURN NEW;  -- an entry being chained for the first time
    END IF;
    IF (NEW.sequence, NEW.at, NEW.actor_label, NEW.organisation_label, NEW.action,
        NEW.object_type, NEW.object_id, NEW.object_label, NEW.detail::text,
        NEW.previous_hash, NEW.hash)
       IS DISTINCT FROM
       (OLD.sequence, OLD.at, OLD.actor_label, OLD.organisation_label, OLD.action,
        OLD.object_type, OLD.object_id, OLD.object_label, OLD.detail::text,
        OLD.previous_hash, OLD.hash) THEN
        RAISE EXCEPTION 'Audit entries cannot be changed';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER governance_auditevent_append_only
    BEFORE UPDATE OR DELETE ON governance_auditevent
    FOR EACH ROW EXECUTE FUNCTION governance_audit_append_only();
"""
NOT_APPEND_ONLY = """
DROP TRIGGER IF EXISTS governance_auditevent_append_only ON governance_auditevent;
DROP FUNCTION IF EXISTS governance_audit_append_only();
"""


def chain(apps, schema_editor):
    AuditEvent = apps.get_model("governance", "AuditEvent")
    AuditChainHead = apps.get_model("governance", "AuditChainHead")
    previous = GENESIS
    sequence = 0
    batch = []
    for event in AuditEvent.objects.select_related("organisation").order_by("at", "id").iterator(
        chunk_size=2000
    ):
        sequence += 1
        event.sequence = sequence
        event.organisation_label = event.organisation.name if event.organisation else ""
        event.previous_hash = previous
        event.hash = entry_hash(previous, event.__dict__)
        previous = event.hash
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(
                batch, ["sequence", "organisation_label", "previous_hash", "hash"]
            )
            batch = []
    AuditEvent.objects.bulk_update(batch, ["sequence", "organisation_label", "previous_hash", "hash"])
    AuditChainHead.objects.create(pk=1, sequence=sequence, hash=previous)


def unchain(apps, schema_editor):
    apps.get_model("governance", "AuditChainHead").objects.all().delete()


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def not_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NOT_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_roles_and_hub")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="auditevent",
            name="organisation_label",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The organisation they acted for, kept even if it is later removed.",
                max_length=200,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.RunPython(chain, unchain),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(
                blank=True, help_text="Its place in the chain.", null=True, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="auditevent", name="previous_hash", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.AlterField(
            model_name="auditevent", name="hash", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.RunPython(append_only, not_append_only),
    ]
