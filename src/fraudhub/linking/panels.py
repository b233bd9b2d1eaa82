"""What linking adds to the staff report page: the campaign (cluster) the report is in."""

from __future__ import annotations

from fraudhub.governance.access import Actor
from fraudhub.reports.models import Report
from fraudhub.reports.panels import Panel, register

from .selectors import cluster_of_report


@register
def report_cluster(user: Actor, report: Report) -> Panel | None:
    cluster = cluster_of_report(user, report)
    if cluster is None:
        return None
    return Panel("linking/_report_clusters.html", {"clusters": [cluster]})
