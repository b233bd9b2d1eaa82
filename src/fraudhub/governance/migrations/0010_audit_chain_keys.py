"""Chain version 2: each new audit entry also chains the ids of the login and organisation
it was written by (`actor_key`, `organisation_key`) and its version, so moving an entry to
someone else is caught by `audit-verify`; and each new entry carries the application's seal
(an HMAC keyed with the service's secret), so that only entries the application wrote are
chained. Entries written before keep version 1 (their
hashes, and the checkpoints taken of them, stay valid). On PostgreSQL the append-only
trigger now also refuses a change to the new values, and lets an entry's links to its
login and organisation change only to empty (as removing that login or organisation
does)."""

from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION governance_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Audit entries cannot be removed';
    END IF;
    IF (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
           AND NEW.organisation_id IS NOT NULL) THEN
        RAISE EXCEPTION 'Audit entries cannot be moved to another login or organisation';
    END IF;
    IF OLD.sequence IS NULL AND (NEW.at, NEW.actor_label, NEW.organisation_label,
        NEW.action, NEW.object_type, NEW.object_id, NEW.object_label, NEW.detail::text,
        NEW.actor_key, NEW.organisation_key, NEW.chain_version, NEW.seal)
       IS NOT DISTINCT FROM
       (OLD.at, OLD.actor_label, OLD.organisation_label, OLD.action, OLD.object_type,
        OLD.object_id, OLD.object_label, OLD.detail::text,
        OLD.actor_key, OLD.organisation_key, OLD.chain_version, OLD.seal) THEN
        RETURN NEW;  -- an entry being chained for the first time
    END IF;
    IF (NEW.sequence, NEW.at, NEW.actor_label, NEW.organisation_label, NEW.action,
        NEW.object_type, NEW.object_id, NEW.object_label, NEW.detail::text,
        NEW.previous_hash, NEW.hash, NEW.actor_key, NEW.organisation_key, NEW.chain_version, NEW.seal)
       IS DISTINCT FROM
       (OLD.sequence, OLD.at, OLD.actor_label, OLD.organisation_label, OLD.action,
        OLD.object_type, OLD.object_id, OLD.object_label, OLD.detail::text,
        OLD.previous_hash, OLD.hash, OLD.actor_key, OLD.organisation_key, OLD.chain_version, OLD.seal)
       THEN
        RAISE EXCEPTION 'Audit entries cannot be changed';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
# Version 1's trigger, as governance 0003 wrote it.
APPEND_ONLY_V1 = """
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
        RETURN NEW;
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
"""


def trigger_v2(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def trigger_v1(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_V1)


class Migration(migrations.Migration):
    dependencies = [("governance", "0009_read_audit_log_permission")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="actor_key",
            field=models.PositiveBigIntegerField(
                blank=True, editable=False, help_text="The login's id when written.", null=True
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="organisation_key",
            field=models.PositiveBigIntegerField(
                blank=True,
                editable=False,
                help_text="The organisation's id when written.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(
                blank=True,
                db_default="",
                editable=False,
                help_text="The application's seal.",
                max_length=64,
            ),
        ),
        # Entries already written are version 1; new ones are version 2.
        migrations.AddField(
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2, db_default=2, editable=False),
        ),
        migrations.RunPython(trigger_v2, trigger_v1),
    ]
