"""The Atom feed of published scam alerts, for partners' websites and feed readers."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from fraudhub.hub import hub_details
from fraudhub.prevention.models import Alert
from fraudhub.prevention.selectors.alerts import published_alerts
from fraudhub.reports.normalise import printable

FEED_LENGTH = 50


class AlertFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"Scam alerts from {hub_details().name}"

    def subtitle(self) -> str:
        return "Scams reported in the county, how to spot them and what to do"

    def link(self) -> str:
        return reverse("prevention:alert_list")

    def items(self) -> QuerySet[Alert]:
        return published_alerts()[:FEED_LENGTH]

    def item_title(self, item: Alert) -> str:
        return printable(item.title)

    def item_description(self, item: Alert) -> str:
        """The summary is HTML to feed readers: the alert's words escaped, one paragraph a
        section, so markup typed in an alert shows as text on partners' websites."""
        text = (
            f"What it looks like: {item.looks_like}\n\nHow to spot it: {item.how_to_spot}\n\n"
            f"What to do: {item.what_to_do}"
        )
        return linebreaks(printable(text), autoescape=True)

    def item_link(self, item: Alert) -> str:
        return reverse("prevention:alert_detail", kwargs={"public_id": item.public_id})

    def item_guid(self, item: Alert) -> str:
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Alert) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Alert) -> datetime | None:
        return item.published_at

    def item_categories(self, item: Alert) -> list[str]:
        return [item.scam_type.name] if item.scam_type else []
