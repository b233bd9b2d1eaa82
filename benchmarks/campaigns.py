"""Campaign purity of identifier clusters: how much of each cluster is one true campaign.
Used by benchmarks/link.py on the clusters `fraudhub link` stored and, with
`--campaigns-only`, on the generator's reports replayed through the campaign rule in
memory beside plain joining (every shared identifier joins), in seconds at a million."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any


def purity(cluster_of: Mapping[int, int], campaign_of: Mapping[int, int]) -> dict[str, Any]:
    """Purity: of the reports in clusters, the share in their cluster's main true campaign.
    Pair recall: of pairs of reports in one true campaign, the share in one cluster."""
    by_cluster: dict[int, Counter[int]] = {}
    for report, cluster in cluster_of.items():
        by_cluster.setdefault(cluster, Counter())[campaign_of[report]] += 1
    clustered = sum(sum(c.values()) for c in by_cluster.values())
    main = sum(c.most_common(1)[0][1] for c in by_cluster.values())

    def pairs(groups: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in groups)

    in_campaign = {r: c for r, c in campaign_of.items() if c >= 0}
    true_pairs = pairs(Counter(in_campaign.values()).values())
    found = pairs(
        Counter((c, cluster_of[r]) for r, c in in_campaign.items() if r in cluster_of).values()
    )
    return {
        "clusters": len(by_cluster),
        "true_campaigns": len(set(in_campaign.values())),
        "largest_cluster": max((sum(c.values()) for c in by_cluster.values()), default=0),
        "purity": round(main / clustered, 4) if clustered else 1.0,
        "pair_recall": round(found / true_pairs, 4) if true_pairs else 1.0,
    }


def stored_figures(campaign_of: Mapping[int, int]) -> dict[str, Any]:
    """Purity of the clusters stored in the database."""
    from fraudhub.linking.models import CampaignBridge, ClusterMember

    cluster_of = dict(ClusterMember.objects.values_list("report_id", "cluster_id").iterator(20_000))
    return purity(cluster_of, campaign_of) | {"bridges_kept": CampaignBridge.objects.count()}


def replayed_figures(
    reports: Iterable[tuple[int, list[tuple[str, str]]]],
) -> dict[str, Any]:
    """Each report (its true campaign, its identifiers) placed in turn by the campaign
    rule, and by plain joining, in memory: purity of each and the rule's seconds."""
    from fraudhub.linking.campaigns import Campaigns, Seen

    rule, plain = Campaigns(), Campaigns(small=2**62)  # nothing is large: all join
    campaign_of: dict[int, int] = {}
    first: dict[tuple[str, str], int] = {}
    held: Counter[tuple[str, str]] = Counter()
    seconds = {"rule": 0.0, "plain": 0.0}
    for number, (campaign, used) in enumerate(reports, start=1):
        campaign_of[number] = campaign
        keys = {k: Seen(first[k], held[k]) if k in first else None for k in set(used)}
        if not keys:
            continue
        for name, campaigns in (("rule", rule), ("plain", plain)):
            started = time.perf_counter()
            campaigns.place(number, keys)
            seconds[name] += time.perf_counter() - started
        for key in keys:
            first.setdefault(key, number)
            held[key] += 1
    result: dict[str, Any] = {"reports": len(campaign_of)}
    for name, campaigns in (("rule", rule), ("plain", plain)):
        cluster_of = {r: root for root, members in campaigns.groups().items() for r in members}
        sizes = Counter(cluster_of.values())
        clustered = {r: c for r, c in cluster_of.items() if sizes[c] > 1}
        result[name] = purity(clustered, campaign_of) | {
            "seconds": round(seconds[name], 1),
            "bridges_kept": len(campaigns.bridges),
        }
    return result
