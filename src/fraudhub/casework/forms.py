"""Case managers' forms. Each write form carries the case version it was drawn from, so a
change made meanwhile by someone else is caught, not overwritten."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User

from fraudhub.governance.models import Organisation
from fraudhub.govuk_forms import GovukForm, UKDateField, YesNoField, set_choices
from fraudhub.reports import normalise
from fraudhub.reports.ages import LABELS as AGE_LABELS
from fraudhub.reports.models import Person, ScamType

from .models import (
    Case,
    Contact,
    Intervention,
    MessageTemplate,
    NeedsAssessment,
    PlanItem,
    ProactiveCall,
)

IMPACT_CHOICES = [(str(i), str(i)) for i in range(1, 11)]
SATISFACTION_CHOICES = [
    ("5", "Very satisfied"),
    ("4", "Satisfied"),
    ("3", "Neither satisfied nor dissatisfied"),
    ("2", "Dissatisfied"),
    ("1", "Very dissatisfied"),
]


def member_choices(team_members: list[User]) -> list[tuple[str, str]]:
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in team_members]


class CaseForm(GovukForm):
    """A form that changes a case (or a proactive call): it carries the version it was
    drawn from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case | ProactiveCall | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is not None and not self.is_bound:
            self.initial["version"] = case.version


class QueueFilterForm(GovukForm):
    district = forms.CharField(label="Postcode district", required=False, max_length=6)
    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    age_band = forms.ChoiceField(
        label="Age",
        required=False,
        choices=[("", "Any"), *((label, label) for label in AGE_LABELS)],
    )
    assignee = forms.ChoiceField(label="Assigned to", required=False)
    overdue_only = forms.ChoiceField(
        label="First contact",
        required=False,
        choices=[("", "Any"), ("yes", "Overdue only")],
    )
    field_options = {"district": {"classes": "govuk-input--width-5"}}

    def __init__(self, *args: Any, team_members: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "scam_type", [("", "Any")] + [(t.slug, t.name) for t in ScamType.objects.all()]
        )
        set_choices(
            self,
            "assignee",
            [("", "Anyone"), ("me", "Me"), ("nobody", "Nobody yet")]
            + member_choices(team_members or []),
        )


class AssignForm(CaseForm):
    assignee = forms.ChoiceField(label="Assign to")

    def __init__(self, *args: Any, team_members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "assignee",
            [("", "Nobody")] + member_choices(team_members),
        )
        self.fields["assignee"].required = False


class ContactForm(CaseForm):
    method = forms.ChoiceField(
        label="How", choices=Contact.Method.choices, widget=forms.RadioSelect
    )
    with_whom = forms.ChoiceField(
        label="With whom", choices=Contact.With.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label="What happened", choices=Contact.Outcome.choices, widget=forms.RadioSelect
    )
    impact = forms.ChoiceField(
        label="If you spoke to the victim: how much has this affected them, from 1 (not at all) to 10 (very badly)?",
        choices=[("", "Not asked")] + IMPACT_CHOICES,
        required=False,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required_messages = {
        "method": "Select how you made contact",
        "with_whom": "Select who you contacted",
        "outcome": "Select what happened",
    }


class AssessmentForm(CaseForm):
    practical = forms.ChoiceField(
        label="Practical", choices=NeedsAssessment.Level.choices, widget=forms.RadioSelect
    )
    emotional = forms.ChoiceField(
        label="Emotional", choices=NeedsAssessment.Level.choices, widget=forms.RadioSelect
    )
    financial = forms.ChoiceField(
        label="Financial", choices=NeedsAssessment.Level.choices, widget=forms.RadioSelect
    )
    safeguarding = forms.ChoiceField(
        label="Safeguarding", choices=NeedsAssessment.Level.choices, widget=forms.RadioSelect
    )
    digital = forms.ChoiceField(
        label="Digital", choices=NeedsAssessment.Level.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_options = {area: {"inline": True} for area in NeedsAssessment.AREAS}
    required_messages = {area: f"Select the {area} need" for area in NeedsAssessment.AREAS}


class IndicatorsForm(CaseForm):
    indicators = forms.MultipleChoiceField(
        label="Vulnerability indicators",
        choices=Person.Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class VictimConsentForm(CaseForm):
    """The victim's own answers, asked at first contact: a person who reported for them
    answered only for themselves."""

    answered_by = forms.ChoiceField(
        label="Who answered?",
        choices=Person.ConsentBy.choices,
        widget=forms.RadioSelect,
    )
    attorney_name = forms.CharField(
        label="Name of the person with lasting power of attorney", max_length=200
    )
    answered_on = UKDateField(label="When did they answer?", noun="the date they answered")
    consent_to_contact = YesNoField(label="Have they agreed that the fraud hub may contact them?")
    consent_to_share = YesNoField(
        label="Have they agreed that the fraud hub may share their report with partner "
        "organisations that fight scams?"
    )
    conditional_fields = {"answered_by": {Person.ConsentBy.ATTORNEY.value: ["attorney_name"]}}
    required_messages = {
        "answered_by": "Select who answered: the victim or their attorney",
        "attorney_name": "Enter the name of the person with lasting power of attorney",
        "answered_on": "Enter the date they answered",
        "consent_to_contact": "Select yes if they agreed that the fraud hub may contact them",
        "consent_to_share": "Select yes if they agreed to sharing with partner organisations",
    }
    field_options = {
        "answered_on": {"legend_size": "s"},
        "answered_by": {"legend_size": "s"},
        "consent_to_contact": {"legend_size": "s", "inline": True},
        "consent_to_share": {"legend_size": "s", "inline": True},
    }

    def answered(self) -> date:
        answered = normalise.to_date(normalise.uk_date(self.cleaned_data["answered_on"]))
        assert answered is not None  # UKDateField accepted it as a real date, not in the future
        return answered


class PlanItemForm(CaseForm):
    intervention = forms.ChoiceField(label="Action")
    owner = forms.CharField(label="Who will do it", max_length=120)
    due_date = UKDateField(label="Due by", past_only=False, noun="the due date")
    consent_given = forms.ChoiceField(
        label="Has the victim agreed to this?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not needed for this action")],
        widget=forms.RadioSelect,
        required=False,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required_messages = {
        "intervention": "Select an action",
        "owner": "Enter who will do it",
        "due_date": "Enter the date it is due by",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "intervention",
            [("", "Choose an action")]
            + [
                (str(i.pk), f"{i.name}{' (needs consent)' if i.needs_consent else ''}")
                for i in Intervention.objects.filter(active=True)
            ],
        )

    def due(self) -> date:
        due = normalise.to_date(normalise.uk_date(self.cleaned_data["due_date"], allow_future=True))
        assert due is not None  # UKDateField accepted it as a real date
        return due


class PlanItemStatusForm(CaseForm):
    status = forms.ChoiceField(label="Status", choices=PlanItem.Status.choices)


class ReferralForm(CaseForm):
    organisation = forms.ChoiceField(label="Refer to")
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))
    required_messages = {
        "organisation": "Select who to refer to",
        "reason": "Enter why you are referring",
    }

    def __init__(self, *args: Any, team: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Organisation.objects.exclude(pk=team.pk) if team else Organisation.objects.all()
        set_choices(
            self,
            "organisation",
            [("", "Choose an organisation")] + [(str(o.pk), o.name) for o in others],
        )


class ReferralStatusForm(CaseForm):
    status = forms.ChoiceField(label="Status", choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import PartnerReferral

        set_choices(self, "status", list(PartnerReferral.Status.choices))


class MoveForm(CaseForm):
    target = forms.ChoiceField(label="Move the case to", widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason (needed to reopen)", required=False, max_length=300)
    required_messages = {"target": "Select where to move the case"}

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "target", targets)


class CloseForm(CaseForm):
    closure_reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=Case.ClosureReason.choices,
        widget=forms.RadioSelect,
    )
    impact_at_closure = forms.ChoiceField(
        label="How much does this affect them now, from 1 (not at all) to 10 (very badly)?",
        choices=[("", "Not asked")] + IMPACT_CHOICES,
        required=False,
    )
    able_to_spot_scams = forms.ChoiceField(
        label="Do they feel able to spot and avoid scams now?",
        choices=[("yes", "Yes"), ("no", "No"), ("not_asked", "Not asked")],
        widget=forms.RadioSelect,
    )
    money_recovered = forms.ChoiceField(
        label="Was money recovered?", choices=Case.Recovered.choices, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label="How satisfied were they with the support?",
        choices=[("", "Not asked")] + SATISFACTION_CHOICES,
        required=False,
    )
    required_messages = {
        "closure_reason": "Select why the case is closing",
        "able_to_spot_scams": "Select whether they feel able to spot scams, or not asked",
        "money_recovered": "Select whether money was recovered",
    }


class ReopenForm(CaseForm):
    reason = forms.CharField(label="Why reopen the case?", max_length=300)
    required_messages = {"reason": "Enter why you are reopening the case"}


class MessageForm(CaseForm):
    template = forms.ChoiceField(label="Letter or email")
    with_whom = forms.ChoiceField(
        label="To", choices=Contact.With.choices, widget=forms.RadioSelect
    )
    required_messages = {
        "template": "Select a letter or email",
        "with_whom": "Select who the letter is to",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "template",
            [("", "Choose what to send")]
            + [
                (str(t.pk), f"{t.get_channel_display()}: {t.name}")
                for t in MessageTemplate.objects.exclude(
                    channel__in=[
                        MessageTemplate.Channel.TRACKING,
                        MessageTemplate.Channel.RECOVERY,
                    ]
                )
            ],
        )


class FollowUpForm(CaseForm):
    new_approach = forms.ChoiceField(
        label="Have scammers approached them again since we last spoke?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required_messages = {"new_approach": "Select yes if scammers have approached them again"}


class CallForm(CaseForm):
    def __init__(self, *args: Any, call: ProactiveCall | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=call, **kwargs)


class CallOutcomeForm(CallForm):
    status = forms.ChoiceField(
        label="What happened",
        choices=[c for c in ProactiveCall.Status.choices if c[0] != ProactiveCall.Status.TO_CALL],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    required_messages = {"status": "Select what happened on the call"}


class CallAssignForm(AssignForm):
    def __init__(
        self, *args: Any, call: ProactiveCall, team_members: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, case=call, team_members=team_members, **kwargs)


class CallFilterForm(GovukForm):
    show = forms.ChoiceField(
        label="Calls",
        required=False,
        choices=[("", "Still to make"), ("all", "All, with outcomes")],
    )
    assignee = forms.ChoiceField(label="Assigned to", required=False)

    def __init__(self, *args: Any, team_members: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "assignee",
            [("", "Anyone"), ("me", "Me"), ("nobody", "Nobody yet")]
            + member_choices(team_members or []),
        )
