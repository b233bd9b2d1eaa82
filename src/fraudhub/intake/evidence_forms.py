"""The reporter's form for adding information and evidence to a report they track."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from fraudhub.govuk_forms import GovukForm
from fraudhub.reports import evidence as checks
from fraudhub.reports.additions import NOTHING_ADDED


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one GOV.UK file upload; cleans to a list (empty when none)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AddInformationForm(GovukForm):
    text = forms.CharField(
        label="What else should we know?",
        help_text="For example, something that has happened since you reported it, or "
        "details you have remembered.",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    evidence = MultipleFileField(
        label="Upload files (optional)",
        help_text="Screenshots, photos of letters or bank statements. Files must be JPG, PNG "
        f"or PDF, smaller than 10MB each, up to {checks.MAX_FILES} at a time.",
        required=False,
    )
    field_options = {
        "text": {"rows": 6},
        "evidence": {"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"},
    }

    def __init__(self, *args: Any, refused: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused  # the upload was stopped as it streamed in: why
        self.checked: list[checks.CheckedFile] = []

    def clean_evidence(self) -> list[UploadedFile]:
        if self.refused:
            raise forms.ValidationError(self.refused)
        files: list[UploadedFile] = self.cleaned_data.get("evidence") or []
        if len(files) > checks.MAX_FILES:
            raise forms.ValidationError(checks.TOO_MANY)
        problems: list[str] = []
        for upload in files:
            name = checks.display_name(upload.name or "")
            try:
                if (upload.size or 0) > checks.MAX_FILE_BYTES:
                    raise checks.EvidenceRefused(checks.TOO_LARGE)
                self.checked.append(checks.check_file(name=name, content=upload.read()))
            except checks.EvidenceRefused as refusal:
                problems.append(f"{refusal} ({name})" if len(files) > 1 else str(refusal))
        if problems:
            self.checked = []
            raise forms.ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("text") or "").strip() and not self.checked:
            self.add_error("text", NOTHING_ADDED)
        return cleaned
