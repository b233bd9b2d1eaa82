"""What casework's pages look up before anything else: the person's team and its members,
the case asked for (not found, or the restricted page, when the person may not see it),
the victim's contact rules and the moves the case may make."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fraudhub.governance.models import Organisation
from fraudhub.reports.models import Person

from .. import selectors, services
from ..lifecycle import ALLOWED, ENDED, LABELS, State
from ..models import Case


def team_or_404(request: HttpRequest) -> Organisation:
    team = selectors.team_of(request.user)
    if team is None:
        raise PermissionDenied("Casework is for the fraud hub team")
    return team


def members(team: Organisation) -> list[User]:
    return list(
        User.objects.filter(staff_profile__organisation=team, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


class Restricted(Exception):
    """The case's processing is restricted: its pages say so, and nothing more."""


def case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_for_staff(request.user, case_id)
    if case is None:
        if selectors.case_restricted_for_staff(request.user, case_id):
            raise Restricted
        raise Http404("No case with that number that you can see")
    return case


def restricted(request: HttpRequest, case_id: int) -> HttpResponse:
    return render(request, "casework/case_restricted.html", {"case_id": case_id})


def rule_labels(case: Case) -> list[str]:
    """The victim's contact rules from intake, other than "contact them directly"."""
    labels = dict(Person.ContactRule.choices)
    return [
        labels[r] for r in sorted(services.contact_rules(case)) if r != Person.ContactRule.DIRECT
    ]


def moves(case: Case) -> list[tuple[str, str]]:
    """Moves offered on the move page (closing to closed has its own outcome page)."""
    current = State(case.state)
    return [
        (s.value, LABELS[s])
        for s in State
        if s in ALLOWED[current] and s != State.CLOSED and current not in ENDED
    ]
