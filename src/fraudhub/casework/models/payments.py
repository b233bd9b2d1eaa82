"""Getting a victim's money back: the banks a victim may hold an account with, each payment
they made or lost, the claims to their bank (one per route and bank) and the letters kept
on a claim."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from fraudhub.reports.models import Report

from ..claim_states import LABELS as CLAIM_LABELS
from ..claim_states import ClaimState
from .cases import Case


class Bank(models.Model):
    """A UK bank or building society a victim may pay from; administrators keep the list."""

    class Kind(models.TextChoices):
        BANK = "bank", "Bank"
        BUILDING_SOCIETY = "building_society", "Building society"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BANK)
    active = models.BooleanField(default=True, help_text="Offered when a payment is recorded.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Payment(models.Model):
    """One payment the victim made or lost in the scam, as staff recorded it."""

    class Method(models.TextChoices):
        # The methods the refund rules know (refund_rules.Method), in the same spelling.
        FASTER_PAYMENT = "faster_payment", "Faster Payment (bank transfer)"
        CHAPS = "chaps", "CHAPS"
        DEBIT_CARD = "debit_card", "Debit card"
        CREDIT_CARD = "credit_card", "Credit card"
        CASH = "cash", "Cash"
        GIFT_CARD = "gift_card", "Gift card or voucher"
        CRYPTO = "crypto", "Cryptocurrency"
        CHEQUE = "cheque", "Cheque"
        OTHER = "other", "Another way"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="payments",
        help_text="The report the payee's details are added to, so they link into clusters.",
    )
    paid_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    method = models.CharField(max_length=20, choices=Method.choices)
    authorised = models.BooleanField(help_text="The victim made the payment themselves.")
    payee_uk = models.BooleanField(default=True, help_text="Paid to an account in the UK.")
    purchase = models.BooleanField(default=False, help_text="A purchase of goods or services.")
    bank = models.ForeignKey(
        Bank, null=True, blank=True, on_delete=models.PROTECT, help_text="The victim's bank."
    )
    payee_sort_code = models.CharField(max_length=20, blank=True)
    payee_account = models.CharField(max_length=30, blank=True)
    payee_account_normalised = models.CharField(max_length=30, blank=True)
    card_merchant = models.CharField(max_length=200, blank=True)
    wallet = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} on {self.paid_on.day} {self.paid_on:%B %Y}"

    @property
    def payee(self) -> str:
        """Who was paid, as far as the record says."""
        if self.payee_account_normalised or self.payee_account:
            return f"Account {self.payee_account_normalised or self.payee_account}"
        return self.card_merchant or self.wallet


class Claim(models.Model):
    """A claim to one bank on one route for some of the victim's payments, from drafting to
    the ombudsman, with the dates the rules give and the amounts claimed and paid back."""

    class Route(models.TextChoices):
        # The routes the refund rules name (refund_rules.RouteName), but "none".
        APP_REIMBURSEMENT = "app_reimbursement", "APP scam reimbursement"
        CHARGEBACK = "chargeback", "Chargeback"
        SECTION_75 = "section_75", "Section 75 claim"
        UNAUTHORISED = "unauthorised", "Unauthorised payment refund"

    class RefusalReason(models.TextChoices):
        GROSS_NEGLIGENCE = "gross_negligence", "Bank says the victim was grossly negligent"
        NOT_COVERED = "not_covered", "Bank says the payment is not covered"
        OUT_OF_TIME = "out_of_time", "Bank says the claim was made too late"
        CIVIL_DISPUTE = "civil_dispute", "Bank says it is a civil dispute, not a scam"
        FIRST_PARTY = "first_party", "Bank suspects the customer of fraud"
        OTHER = "other", "Another reason"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    route = models.CharField(max_length=20, choices=Route.choices)
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="claims")
    payments = models.ManyToManyField(Payment, related_name="claims")
    state = models.CharField(
        max_length=20,
        choices=[(s.value, CLAIM_LABELS[s]) for s in ClaimState],
        default=ClaimState.DRAFTING,
    )
    amount_claimed = models.DecimalField(max_digits=12, decimal_places=2)
    amount_reimbursed = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    lodged_on = models.DateField(null=True, blank=True)
    information_asked_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=20, choices=RefusalReason.choices, blank=True)
    complained_on = models.DateField(null=True, blank=True)
    final_response_on = models.DateField(null=True, blank=True)
    referred_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The next date the rules give: the route's deadline while drafting, the "
        "bank's answer, its final response, or the last day to go to the ombudsman.",
    )
    due_what = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "route", "bank"], name="one_claim_per_route_and_bank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_route_display()} with {self.bank}"

    @property
    def state_label(self) -> str:
        return CLAIM_LABELS[ClaimState(self.state)]

    @property
    def outstanding(self) -> Decimal:
        return self.amount_claimed - self.amount_reimbursed

    @property
    def is_open(self) -> bool:
        return self.state != ClaimState.CLOSED


def letter_path(instance: RecoveryLetter, filename: str) -> str:
    """A random name under letters/: nothing typed reaches the file system."""
    return f"letters/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class RecoveryLetter(models.Model):
    """A letter written for a claim (to the bank, a complaint, or the ombudsman referral
    summary) with its evidence pack, kept on the case as Word or PDF and downloaded only
    by staff who may see the case."""

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim letter to the bank"
        COMPLAINT = "complaint", "Complaint letter"
        OMBUDSMAN = "ombudsman", "Ombudsman referral summary"

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to=letter_path, max_length=200)
    file_name = models.CharField(max_length=120)
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


@receiver(post_delete, sender=RecoveryLetter)
def _delete_letter_file(sender: type[RecoveryLetter], instance: RecoveryLetter, **kw: Any) -> None:
    """A deleted letter (its case erased, say) takes its file with it once committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
