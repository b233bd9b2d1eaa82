"""Indexes for the staff search on PostgreSQL: names containing what was typed (trigrams)
and references typed in any case, built without blocking writes."""

from django.db import migrations

from fraudhub.postgres_indexes import PostgresExtension, PostgresIndex


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("reports", "0009_person_matching_indexes"),
    ]

    operations = [
        PostgresExtension("pg_trgm"),
        PostgresIndex(
            "person_first_name_trgm", "reports_person", "upper(first_name) gin_trgm_ops", "gin"
        ),
        PostgresIndex(
            "person_last_name_trgm", "reports_person", "upper(last_name) gin_trgm_ops", "gin"
        ),
        PostgresIndex("report_reference_upper", "reports_report", "upper(reference)"),
        PostgresIndex(
            "report_partner_reference_upper", "reports_report", "upper(partner_reference)"
        ),
        PostgresIndex("report_crime_reference_upper", "reports_report", "upper(crime_reference)"),
    ]
