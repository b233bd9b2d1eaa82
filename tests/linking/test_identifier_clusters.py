"""Reports that share a scammer's identifier form clusters; common values never join them."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from fraudhub.linking.models import Cluster, ClusterMember, ExcludedIdentifier
from fraudhub.linking.services import rebuild_clusters
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report

from ..factories import linked_report, make_report

pytestmark = pytest.mark.django_db


def _cluster_of(report: Report) -> int | None:
    member = ClusterMember.objects.filter(report=report).first()
    return member.cluster_id if member else None


def test_reports_sharing_a_phone_typed_differently_join_one_cluster() -> None:
    first = linked_report(("phone", "07700 900123"))
    second = linked_report(("phone", "+44 7700-900-123"))
    assert _cluster_of(first) is not None
    assert _cluster_of(first) == _cluster_of(second)


def test_a_report_sharing_nothing_is_in_no_cluster() -> None:
    linked_report(("phone", "07700 900123"))
    alone = linked_report(("website", "fake-parcels.co.uk"))
    assert _cluster_of(alone) is None


def test_excluded_values_do_not_join_reports() -> None:
    assert ExcludedIdentifier.objects.filter(kind="phone", value="159").exists()
    first = linked_report(("phone", "159"))
    second = linked_report(("phone", "159"))
    assert _cluster_of(first) is None and _cluster_of(second) is None


def test_shared_scammer_name_alone_does_not_link() -> None:
    first = linked_report(("person_name", "John Smith"))
    second = linked_report(("person_name", "john  smith"))
    assert _cluster_of(first) is None and _cluster_of(second) is None


def test_a_new_report_bridging_two_clusters_merges_them() -> None:
    a1 = linked_report(("website", "secure-bank-login.com"))
    a2 = linked_report(("website", "https://www.secure-bank-login.com/verify"))
    b1 = linked_report(("phone", "020 7946 0999"))
    b2 = linked_report(("phone", "02079460999"))
    assert _cluster_of(a1) != _cluster_of(b1)
    bridge = linked_report(("website", "secure-bank-login.com"), ("phone", "020 7946 0999"))
    clusters = {_cluster_of(r) for r in (a1, a2, b1, b2, bridge)}
    assert len(clusters) == 1 and None not in clusters
    assert Cluster.objects.count() == 1


def test_rebuild_gives_the_same_clusters_as_incremental_linking() -> None:
    reports = [
        linked_report(("email", "prize@winner-claims.net")),
        linked_report(("email", "PRIZE@winner-claims.net")),
        linked_report(("company", "Acme Roofing Ltd")),
        linked_report(("company", "ACME ROOFING LTD"), ("vehicle", "AB12 CDE")),
        linked_report(("vehicle", "ab12cde")),
        linked_report(("website", "unrelated-shop.com")),
    ]
    before = [_cluster_of(r) is not None for r in reports]
    together = {_cluster_of(r) for r in reports[2:5]}
    assert len(together) == 1
    assert rebuild_clusters() == 2
    after = [_cluster_of(r) is not None for r in reports]
    assert before == after
    assert len({_cluster_of(r) for r in reports[2:5]}) == 1
    assert _cluster_of(reports[0]) == _cluster_of(reports[1])


def test_link_command_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    linked_report(("phone", "07700 900123"))
    linked_report(("phone", "07700900123"))
    call_command("link")
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["identifier_clusters"] == 1
    assert printed["clustered_reports"] == 2
    assert printed["largest_cluster"] == 2


def test_a_cluster_keeps_its_number_when_a_rebuild_finds_it_grown_or_merged() -> None:
    older = [linked_report(("phone", "020 7946 0111")), linked_report(("phone", "02079460111"))]
    newer = [
        linked_report(("website", "fake-prizes.co.uk")),
        linked_report(("website", "fake-prizes.co.uk")),
    ]
    first, second = _cluster_of(older[0]), _cluster_of(newer[0])
    assert first is not None and second is not None and first < second
    rebuild_clusters()
    assert {_cluster_of(r) for r in older} == {first}  # nothing changed: same numbers
    assert {_cluster_of(r) for r in newer} == {second}

    # A report that arrived without being linked joins the first cluster at the next run.
    late = make_report(identifiers=[IdentifierInput(kind="phone", value="020 7946 0111")]).report
    rebuild_clusters()
    assert _cluster_of(late) == first

    # One that uses both identifiers merges the two: the older number stays.
    bridge = make_report(
        identifiers=[
            IdentifierInput(kind="phone", value="020 7946 0111"),
            IdentifierInput(kind="website", value="fake-prizes.co.uk"),
        ]
    ).report
    assert rebuild_clusters() == 1
    assert {_cluster_of(r) for r in [*older, *newer, late, bridge]} == {first}
    assert list(Cluster.objects.values_list("pk", flat=True)) == [first]


def test_excluding_a_value_splits_a_cluster_and_the_larger_part_keeps_the_number() -> None:
    big = [
        linked_report(("phone", "020 7946 0222"), ("email", "help@bank-refunds.net"))
        for _ in range(3)
    ]
    small = linked_report(("email", "help@bank-refunds.net"), ("phone", "020 7946 0333"))
    other = linked_report(("phone", "020 7946 0333"))
    number = _cluster_of(big[0])
    assert {_cluster_of(r) for r in [*big, small, other]} == {number}
    ExcludedIdentifier.objects.create(kind="email", value="help@bank-refunds.net", reason="Test")
    assert rebuild_clusters() == 2
    assert {_cluster_of(r) for r in big} == {number}
    split_off = _cluster_of(small)
    assert split_off is not None and split_off != number and _cluster_of(other) == split_off
    assert split_off > number  # a new number, after every number given before
