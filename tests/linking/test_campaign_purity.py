"""The link benchmark's campaign figures: purity and the number of clusters, under the
campaign rule beside plain joining (benchmarks/campaigns.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "campaigns.py"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("campaign_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_purity_is_the_share_of_clustered_reports_in_their_clusters_main_campaign() -> None:
    campaign_of = {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 1, 8: 1, 9: 1, 10: -1}
    cluster_of = {r: 100 for r in range(1, 9)} | {9: 200}  # 6 of campaign 0, 2 of 1
    figures = _benchmark().purity(cluster_of, campaign_of)
    assert figures["clusters"] == 2
    assert figures["true_campaigns"] == 2
    assert figures["purity"] == round(7 / 9, 4)
    assert figures["pair_recall"] == round((15 + 1) / (15 + 3), 4)


def test_the_replay_reports_the_rule_keeping_a_bridge_apart_and_plain_joining_it() -> None:
    a, b = ("phone", "+447700900111"), ("website", "refund-desk-b.co.uk")
    reports = [(0, [a])] * 5 + [(1, [b])] * 5 + [(1, [a, b]), (-1, [])]
    figures = _benchmark().replayed_figures(reports)
    assert figures["reports"] == 12
    assert figures["rule"]["clusters"] == 2
    assert figures["rule"]["purity"] == round(10 / 11, 4)  # the mixed-up report sits in one
    assert figures["rule"]["bridges_kept"] == 1
    assert figures["plain"]["clusters"] == 1
    assert figures["plain"]["purity"] == round(6 / 11, 4)
