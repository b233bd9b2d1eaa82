"""The form that records or changes a data-sharing agreement, with GOV.UK error messages
that say what to fix."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from fraudhub.governance.categories import CATEGORY_LABELS, Category
from fraudhub.governance.documents import DocumentRefused, check_document
from fraudhub.governance.models import Organisation, SharingAgreement
from fraudhub.governance.services import AgreementValues
from fraudhub.govuk_forms import GovukForm, UKDateField, YesNoField
from fraudhub.reports import normalise

TOO_LARGE = "The signed agreement must be smaller than 10MB"


def _date(typed: str) -> date | None:
    return normalise.to_date(normalise.uk_date(typed, allow_future=True)) if typed else None


class AgreementForm(GovukForm):
    title = forms.CharField(
        label="Name of the agreement",
        max_length=200,
        help_text="As the signed document names it, for example 'Victim referrals: police "
        "and fraud hub'",
    )
    owner = forms.ChoiceField(
        label="Which organisation owns it?",
        help_text="It keeps the agreement up to date and is warned when its review is due",
    )
    parties = forms.MultipleChoiceField(
        label="Which organisations are parties to it?",
        help_text="Each party's reports are shared with every other party. Select the owner "
        "and at least one other organisation",
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label="Purpose",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Why the parties share, for example 'To support victims of fraud and "
        "disrupt scammers'",
    )
    lawful_basis = forms.CharField(
        label="Lawful basis",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example 'Law enforcement purposes, Data Protection Act 2018 Part 3' "
        "or 'Public task, UK GDPR Article 6(1)(e)'",
    )
    categories = forms.MultipleChoiceField(
        label="Which categories of data does it share?",
        help_text="A category not selected is withheld, and pages say so",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[(c.value, CATEGORY_LABELS[c].capitalize()) for c in Category],
    )
    shows_counts = YesNoField(
        label="May parties see how many of each other's reports they cannot open?",
        help_text="For example, that a cluster holds 3 reports of other organisations. "
        "Never which reports, or anything in them",
    )
    starts_on = UKDateField(
        label="Start date",
        past_only=False,
        noun="the start date",
        help_text="For example, 1 4 2026",
    )
    review_on = UKDateField(
        label="Review date",
        past_only=False,
        noun="the review date",
        help_text="When the owner should next check it. For example, 1 4 2027",
    )
    ends_on = UKDateField(
        label="End date (optional)",
        past_only=False,
        noun="the end date",
        required=False,
        help_text="Its last day in force. Leave it empty if it runs until it is ended",
    )
    document = forms.FileField(
        label="Signed agreement (optional)",
        required=False,
        help_text="A PDF, up to 10MB",
    )
    required_messages = {
        "title": "Enter the name of the agreement",
        "owner": "Select which organisation owns the agreement",
        "parties": "Select the organisations that are parties to the agreement",
        "purpose": "Enter the purpose of the agreement",
        "lawful_basis": "Enter the lawful basis for sharing",
        "shows_counts": "Select yes if parties may see how many reports they cannot open",
    }
    field_options = {"document": {"accept": ".pdf,application/pdf"}}

    def __init__(
        self,
        *args: Any,
        agreement: SharingAgreement | None = None,
        refused: str = "",
        **kwargs: Any,
    ) -> None:
        if agreement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": agreement.title,
                "owner": str(agreement.owner_id),
                "parties": [str(p.pk) for p in agreement.parties.all()],
                "purpose": agreement.purpose,
                "lawful_basis": agreement.lawful_basis,
                "categories": list(agreement.categories),
                "shows_counts": agreement.shows_counts,
                "starts_on": agreement.starts_on,
                "review_on": agreement.review_on,
                "ends_on": agreement.ends_on,
            }
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.refused = refused
        organisations = [(str(o.pk), o.name) for o in Organisation.objects.order_by("name")]
        self.fields["owner"].choices = [("", "Select an organisation"), *organisations]  # type: ignore[attr-defined]
        self.fields["parties"].choices = organisations  # type: ignore[attr-defined]
        if agreement is not None and agreement.document_name:
            self.fields["document"].label = "Replace the signed agreement (optional)"
            self.fields[
                "document"
            ].help_text = (
                f"It is {agreement.document_name}. Choose a PDF, up to 10MB, only to replace it"
            )

    def clean_document(self) -> Any:
        if self.refused:
            raise forms.ValidationError(self.refused)
        upload: UploadedFile | None = self.cleaned_data.get("document")
        if not upload:
            return None
        try:
            return check_document(upload.name or "", upload.read())
        except DocumentRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner, parties = data.get("owner"), data.get("parties")
        if owner and parties is not None:
            if owner not in parties:
                self.add_error("parties", "Select the owner as one of the parties")
            elif len(parties) < 2:
                self.add_error("parties", "Select at least one organisation besides the owner")
        if "categories" in data and not data["categories"] and data.get("shows_counts") is False:
            self.add_error(
                "categories",
                "Select at least one category of data, or answer yes to sharing counts",
            )
        start, review, end = (
            _date(data.get(n) or "") for n in ("starts_on", "review_on", "ends_on")
        )
        if start and review and review < start:
            self.add_error(
                "review_on", "The review date must be the same as or after the start date"
            )
        if start and end and end < start:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data

    def values(self) -> AgreementValues:
        data = self.cleaned_data
        parties = list(Organisation.objects.filter(pk__in=data["parties"]))
        start, review = _date(data["starts_on"]), _date(data["review_on"])
        assert start is not None and review is not None
        return AgreementValues(
            title=data["title"].strip(),
            owner=Organisation.objects.get(pk=data["owner"]),
            parties=parties,
            purpose=data["purpose"].strip(),
            lawful_basis=data["lawful_basis"].strip(),
            categories=[Category(c) for c in data["categories"]],
            starts_on=start,
            review_on=review,
            ends_on=_date(data.get("ends_on") or ""),
            shows_counts=bool(data["shows_counts"]),
        )


class EndForm(GovukForm):
    reason = forms.CharField(
        label="Why is it ending?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example 'Replaced by the 2027 agreement' or 'The bank withdrew'",
    )
    required_messages = {"reason": "Enter why the agreement is ending"}
