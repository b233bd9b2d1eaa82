"""The refund rules table: every figure the refund routes use, one row a version, each
with the day it takes effect, so the next change in the rules is a row an administrator
adds, not a change of code."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from ..refund_rules import DEFAULT_FIGURES, RuleFigures

_D = DEFAULT_FIGURES


def _pounds(default: Decimal, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        max_digits=12, decimal_places=2, default=default, help_text=f"{help_text} In pounds."
    )


def _count(default: int, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(default=default, help_text=help_text)


class RefundRuleSet(models.Model):
    """One version of the refund rules' figures. A scam's payments use the newest version
    in effect on the day of its last payment (see `selectors.figures_on`)."""

    effective_from = models.DateField(
        unique=True, help_text="The first day these figures apply to a scam's payments."
    )
    app_start = models.DateField(
        default=_D.app_start,
        help_text="APP reimbursement covers Faster Payments and CHAPS made on or after this day.",
    )
    app_claim_months = _count(
        _D.app_claim_months,
        "An APP claim is in time up to this many months after the scam's last payment.",
    )
    app_cap = _pounds(_D.app_cap, "The most reimbursed on one APP claim.")
    app_max_excess = _pounds(
        _D.app_max_excess,
        "The most a bank may deduct once per APP claim (never for a vulnerable customer).",
    )
    app_answer_business_days = _count(
        _D.app_answer_business_days, "Business days for the bank's answer to an APP claim."
    )
    app_stopped_clock_business_days = _count(
        _D.app_stopped_clock_business_days,
        "Business days for the answer when the bank stops the clock.",
    )
    chargeback_days = _count(
        _D.chargeback_days,
        "The card schemes' usual limit for a chargeback, in days after the payment.",
    )
    section_75_min = _pounds(
        _D.section_75_min, "Section 75 covers a credit card purchase costing more than this ..."
    )
    section_75_max = _pounds(_D.section_75_max, "... and not more than this.")
    unauthorised_notify_months = _count(
        _D.unauthorised_notify_months,
        "Tell the bank of an unauthorised payment within this many months of it.",
    )
    complaint_final_response_weeks = _count(
        _D.complaint_final_response_weeks, "Weeks for the bank's final response to a complaint."
    )
    ombudsman_months = _count(
        _D.ombudsman_months,
        "Months after the final response to refer the complaint to the Financial Ombudsman "
        "Service.",
    )
    source = models.TextField(
        help_text="Where each figure comes from, with the publication and its date."
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "refund rules version"

    def __str__(self) -> str:
        return f"Refund rules from {self.effective_from.day} {self.effective_from:%B %Y}"

    def clean(self) -> None:
        """Figures the rules could not use are refused here, not when a victim's routes are
        worked out."""
        errors: dict[str, str] = {}
        for name in (
            "app_claim_months",
            "app_answer_business_days",
            "chargeback_days",
            "unauthorised_notify_months",
            "complaint_final_response_weeks",
            "ombudsman_months",
        ):
            if getattr(self, name) == 0:
                errors[name] = "Enter a number of 1 or more."
        if self.app_cap is not None and self.app_cap <= 0:
            errors["app_cap"] = "Enter an amount more than £0.00."
        for name in ("app_max_excess", "section_75_min", "section_75_max"):
            amount = getattr(self, name)
            if amount is not None and amount < 0:
                errors[name] = "Enter an amount of £0.00 or more."
        answer, stopped = self.app_answer_business_days, self.app_stopped_clock_business_days
        if answer is not None and stopped is not None and stopped < answer:
            errors["app_stopped_clock_business_days"] = (
                "Enter at least as many business days as for the answer without the clock stopped."
            )
        low, high = self.section_75_min, self.section_75_max
        if low is not None and high is not None and low >= high:
            errors["section_75_max"] = "Enter an amount more than the Section 75 lower figure."
        if errors:
            raise ValidationError(errors)

    def figures(self) -> RuleFigures:
        return RuleFigures(**{f.name: getattr(self, f.name) for f in fields(RuleFigures)})
