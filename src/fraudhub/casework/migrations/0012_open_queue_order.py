"""The case queue's order read from an index alone on PostgreSQL: the open cases' team,
level, due date and id with their refund deadline, which makes a case as urgent as level
1 when it is near (casework.selectors.queue)."""

from django.db import migrations

from fraudhub.postgres_indexes import PostgresIndex


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("casework", "0011_payments_and_claims"),
    ]

    operations = [
        PostgresIndex(
            "casework_open_queue_order",
            "casework_case",
            "team_id, level, due_date, id",
            include="refund_deadline",
            where="state IN ('new', 'awaiting_contact', 'in_contact', 'plan_active', 'closing')",
        ),
    ]
