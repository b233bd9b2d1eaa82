# Joins the agreements' and the retention's migrations, and adds the permission to search
# the audit log (decision 10).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_retention_holds_restrictions'),
        ('governance', '0005_sharing_agreements'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='access',
            options={'default_permissions': (), 'managed': False, 'permissions': [('view_reports', 'Read the reports their organisation may see'), ('take_report', 'Take a report by phone for the fraud hub'), ('send_referrals', 'Send referrals for their organisation (form and API)'), ('manage_imports', 'Upload referral files and decide on quarantined rows'), ('view_cases', 'Read the case queue, cases and proactive calls'), ('work_cases', 'Work cases: contacts, plans, referrals, outcomes, closing, calls'), ('see_intelligence', 'See intelligence: clusters, people, map, trends, searches'), ('decide_person_links', 'Confirm or split links between people'), ('export', 'Export reports and intelligence (STIX, MISP, CSV)'), ('manage_rights', "Answer people's data protection rights (access, correction, erasure, restriction), place legal holds and run retention"), ('read_audit_log', 'Search and export the audit log (data protection officers)'), ('administer', 'Administer: reference data, staff, roles and the audit log')], 'verbose_name': 'what staff may do'},
        ),
    ]
