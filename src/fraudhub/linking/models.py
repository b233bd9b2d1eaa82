"""Links between reports: clusters of reports that share a scammer's identifier, the
values administrators exclude from linking because they would join unrelated reports, and
groups of person records that are one real person, with analysts' decisions on them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fraudhub.reports.models import Identifier, Person, Report

LINKING_KINDS = (
    Identifier.Kind.PHONE,
    Identifier.Kind.EMAIL,
    Identifier.Kind.WEBSITE,
    Identifier.Kind.BANK_ACCOUNT,
    Identifier.Kind.VEHICLE,
    Identifier.Kind.COMPANY,
    Identifier.Kind.CRYPTO_WALLET,
)


class ExcludedIdentifier(models.Model):
    """A normalised value that must not link reports (159, a bank's own number, webmail)."""

    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300, help_text="As normalised: +441727123456, gmail.com")
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="linking_excluded_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Cluster(models.Model):
    """Reports joined by shared identifiers: likely one campaign or one group."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cluster {self.pk}"


class ClusterMember(models.Model):
    """A report's place in a cluster; a report is in at most one."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="cluster_member")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")

    def __str__(self) -> str:
        return f"{self.report} in {self.cluster}"


class PersonGroup(models.Model):
    """Person records judged to be one real person (a repeat victim, a known suspect):
    the model's links at or above the threshold, as analysts' decisions allow."""

    role = models.CharField(max_length=16, choices=Person.Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Person group {self.pk}"


class PersonGroupMember(models.Model):
    """A person record's place in a group; a record is in at most one."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="person_group")
    group = models.ForeignKey(PersonGroup, on_delete=models.CASCADE, related_name="members")

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"


class PersonPair(models.Model):
    """A pair of person records the model scored, kept so an analyst can judge the link:
    its match probability and how each compared field agreed. Replaced by every run."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    agreement = models.JSONField(
        default=dict, help_text="Field name to how it compared: exact, close, different, missing."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="linking_person_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="linking_person_pair_order"
            ),
        ]
        # The links to check are read likeliest first, on one side of the threshold.
        indexes = [models.Index(fields=["probability"], name="linking_pair_probability")]

    def __str__(self) -> str:
        return f"{self.left_id} and {self.right_id}: {self.probability:.3f}"


class PersonDecision(models.Model):
    """An analyst's judgement that two person records are, or are not, the same person.
    Kept for good; the newest decision on a pair is the one every run respects."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(help_text="True: the same person. False: not the same person.")
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["left", "right"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")),
                name="linking_person_decision_order",
            )
        ]

    def __str__(self) -> str:
        verdict = "same person" if self.same else "not the same person"
        return f"{self.left_id} and {self.right_id}: {verdict}"


def same_person_report_dates(person_ids: list[int], *, besides: set[int]) -> list[date]:
    """When the reports were received whose person is in a group with any of these
    records, other than the reports `besides` (the repeat-victim rule counts them)."""
    return list(
        Report.objects.filter(persons__person_group__group__members__person_id__in=person_ids)
        .exclude(pk__in=besides)
        .distinct()
        .values_list("received_date", flat=True)
    )


class CampaignBridge(models.Model):
    """A report holding an identifier of a cluster it was kept apart from (see
    linking/campaigns.py): the anchor is the earliest report with that identifier, so the
    other cluster is the anchor's. Rewritten by every rebuild; kept when clusters join, to
    show why they did."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300)
    anchor = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["report", "kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "value"], name="linking_campaign_bridge_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} shares {self.kind} {self.value} with {self.anchor_id}"


class CampaignDecision(models.Model):
    """An analyst's judgement on a bridge: join the two clusters, or keep them apart.
    Kept for good; the newest decision on a bridge is the one every run respects."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300)
    join = models.BooleanField(help_text="True: one campaign. False: keep the clusters apart.")
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["report", "kind", "value"])]

    def __str__(self) -> str:
        verdict = "join" if self.join else "keep apart"
        return f"{self.report_id} {self.kind} {self.value}: {verdict}"


class ConfirmedCampaign(models.Model):
    """An analyst's judgement that a cluster is one campaign run by one group, with why:
    what lets case managers warn its victims (prevention's warnings). The cluster keeps
    its number while it holds the same campaign (linking.services.rebuild_clusters); if a
    run ever splits or merges it away, the confirmation stays, with the number it had."""

    cluster = models.OneToOneField(
        Cluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmation",
    )
    cluster_number = models.PositiveBigIntegerField(help_text="The cluster's number when confirmed")
    name = models.CharField(max_length=150, help_text="What staff call the campaign")
    reason = models.TextField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by_label = models.CharField(max_length=200)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]

    def __str__(self) -> str:
        return self.name
