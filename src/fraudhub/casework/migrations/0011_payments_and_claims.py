"""Payments on a case, claims to get the money back and the letters kept on them; the
main UK banks and building societies, and the words of the letters to banks and the
ombudsman (both editable in the admin, both removed again if the migration is undone)."""

import django.db.models.deletion
import django.utils.timezone
import fraudhub.casework.models.payments
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models



def add_banks_and_letters(apps, schema_editor):
    from fraudhub.casework.recovery_library import seed

    seed(apps.get_model("casework", "Bank"), apps.get_model("casework", "MessageTemplate"))


def remove_banks_and_letters(apps, schema_editor):
    from fraudhub.casework.recovery_library import BANKS, LETTERS

    apps.get_model("casework", "MessageTemplate").objects.filter(
        slug__in=[slug for slug, *_ in LETTERS]
    ).delete()
    apps.get_model("casework", "Bank").objects.filter(
        name__in=[name for name, _ in BANKS], claims__isnull=True, payment__isnull=True
    ).delete()
    if schema_editor.connection.vendor == "postgresql":
        # The deletions' deferred foreign-key checks now, not at commit: PostgreSQL will
        # not drop the tables below in a transaction with checks still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0010_refund_rule_sets'),
        ('reports', '0009_person_matching_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Bank',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True)),
                ('kind', models.CharField(choices=[('bank', 'Bank'), ('building_society', 'Building society')], default='bank', max_length=20)),
                ('active', models.BooleanField(default=True, help_text='Offered when a payment is recorded.')),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='case',
            name='refund_deadline',
            field=models.DateField(blank=True, help_text="The next deadline to get the victim's money back (a route to claim on, or a claim's next date), kept when payments or claims change: the queue raises a case whose deadline is near.", null=True),
        ),
        migrations.AlterField(
            model_name='messagetemplate',
            name='channel',
            field=models.CharField(choices=[('letter', 'Letter'), ('email', 'Email'), ('tracking', 'Update on the tracking page'), ('recovery', 'Letter to a bank or the ombudsman about a claim')], max_length=16),
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('paid_on', models.DateField()),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                ('method', models.CharField(choices=[('faster_payment', 'Faster Payment (bank transfer)'), ('chaps', 'CHAPS'), ('debit_card', 'Debit card'), ('credit_card', 'Credit card'), ('cash', 'Cash'), ('gift_card', 'Gift card or voucher'), ('crypto', 'Cryptocurrency'), ('cheque', 'Cheque'), ('other', 'Another way')], max_length=20)),
                ('authorised', models.BooleanField(help_text='The victim made the payment themselves.')),
                ('payee_uk', models.BooleanField(default=True, help_text='Paid to an account in the UK.')),
                ('purchase', models.BooleanField(default=False, help_text='A purchase of goods or services.')),
                ('payee_sort_code', models.CharField(blank=True, max_length=20)),
                ('payee_account', models.CharField(blank=True, max_length=30)),
                ('payee_account_normalised', models.CharField(blank=True, max_length=30)),
                ('card_merchant', models.CharField(blank=True, max_length=200)),
                ('wallet', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('bank', models.ForeignKey(blank=True, help_text="The victim's bank.", null=True, on_delete=django.db.models.deletion.PROTECT, to='casework.bank')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payments', to='casework.case')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(help_text="The report the payee's details are added to, so they link into clusters.", on_delete=django.db.models.deletion.CASCADE, related_name='payments', to='reports.report')),
            ],
            options={
                'ordering': ['paid_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('route', models.CharField(choices=[('app_reimbursement', 'APP scam reimbursement'), ('chargeback', 'Chargeback'), ('section_75', 'Section 75 claim'), ('unauthorised', 'Unauthorised payment refund')], max_length=20)),
                ('state', models.CharField(choices=[('drafting', 'Drafting'), ('lodged', 'Lodged with the bank'), ('more_information', 'Bank asked for more information (clock stopped)'), ('reimbursed_in_full', 'Reimbursed in full'), ('reimbursed_in_part', 'Reimbursed in part'), ('refused', 'Refused'), ('complaint_made', 'Complaint made'), ('final_response', 'Final response received'), ('ombudsman', 'Referred to the Financial Ombudsman Service'), ('closed', 'Closed')], default='drafting', max_length=20)),
                ('amount_claimed', models.DecimalField(decimal_places=2, max_digits=12)),
                ('amount_reimbursed', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12)),
                ('lodged_on', models.DateField(blank=True, null=True)),
                ('information_asked_on', models.DateField(blank=True, null=True)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('refusal_reason', models.CharField(blank=True, choices=[('gross_negligence', 'Bank says the victim was grossly negligent'), ('not_covered', 'Bank says the payment is not covered'), ('out_of_time', 'Bank says the claim was made too late'), ('civil_dispute', 'Bank says it is a civil dispute, not a scam'), ('first_party', 'Bank suspects the customer of fraud'), ('other', 'Another reason')], max_length=20)),
                ('complained_on', models.DateField(blank=True, null=True)),
                ('final_response_on', models.DateField(blank=True, null=True)),
                ('referred_on', models.DateField(blank=True, null=True)),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('due_on', models.DateField(blank=True, db_index=True, help_text="The next date the rules give: the route's deadline while drafting, the bank's answer, its final response, or the last day to go to the ombudsman.", null=True)),
                ('due_what', models.CharField(blank=True, max_length=100)),
                ('notes', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('bank', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='casework.bank')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='casework.case')),
                ('payments', models.ManyToManyField(related_name='claims', to='casework.payment')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RecoveryLetter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('claim', 'Claim letter to the bank'), ('complaint', 'Complaint letter'), ('ombudsman', 'Ombudsman referral summary')], max_length=12)),
                ('format', models.CharField(choices=[('docx', 'Word'), ('pdf', 'PDF')], max_length=4)),
                ('file', models.FileField(max_length=200, upload_to=fraudhub.casework.models.payments.letter_path)),
                ('file_name', models.CharField(max_length=120)),
                ('written_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='casework.claim')),
                ('written_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-written_at', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.UniqueConstraint(fields=('case', 'route', 'bank'), name='one_claim_per_route_and_bank'),
        ),
        migrations.RunPython(add_banks_and_letters, remove_banks_and_letters),
    ]
