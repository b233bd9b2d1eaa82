"""Panels that feature apps add to the staff report page. The core records never import a
feature: a feature registers a panel maker when it starts (linking adds the campaign a
report belongs to), and the report page shows whatever panels its reader gets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fraudhub.governance.access import Actor

from .models import Report


@dataclass(frozen=True)
class Panel:
    """A template to include in the report page's side column, with what it needs."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelMaker = Callable[[Actor, Report], Panel | None]
_MAKERS: list[PanelMaker] = []


def register(maker: PanelMaker) -> PanelMaker:
    """Add a panel maker (once: registering the same one again changes nothing)."""
    if maker not in _MAKERS:
        _MAKERS.append(maker)
    return maker


def panels_for(user: Actor, report: Report) -> list[Panel]:
    """The panels this reader gets on this report's page, in the order they registered."""
    return [panel for maker in _MAKERS if (panel := maker(user, report)) is not None]
