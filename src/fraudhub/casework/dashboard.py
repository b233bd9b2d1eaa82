"""The team dashboard's figures (being built: see the casework issue)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fraudhub.governance.models import Organisation

from .lifecycle import OPEN_VALUES
from .models import Case


def figures(team: Organisation, *, today: date) -> dict[str, Any]:
    open_cases = Case.objects.filter(team=team, state__in=OPEN_VALUES)
    return {"open_by_level": {lvl: open_cases.filter(level=lvl).count() for lvl in (1, 2, 3)}}
