"""Data-quality scoring: a pure function of what a report holds, explained issue by issue."""

from dataclasses import dataclass, field

# What each gap costs. Age and a full postcode matter most: without them the hub cannot
# profile victims or find them, which is what the county's data failed to do.
WEIGHTS = {
    "no_age": 20,
    "no_postcode": 15,
    "bad_postcode": 10,
    "no_incident_date": 10,
    "no_scam_type": 10,
    "no_narrative": 10,
    "no_victim_contact": 10,
    "field_issue": 5,
}


@dataclass(frozen=True)
class QualityInput:
    """The facts about a report that bear on its quality."""

    has_scam_type: bool
    has_narrative: bool
    has_incident_date: bool
    victim_age_known: bool
    victim_postcode_ok: bool
    victim_postcode_typed: bool
    victim_contactable: bool
    postcode_issues: tuple[str, ...] = ()
    field_issues: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Quality:
    score: int
    issues: tuple[str, ...]


def assess(facts: QualityInput) -> Quality:
    """Score a report from 0 to 100 and list, in plain words, what is missing or wrong."""
    issues: list[str] = []
    cost = 0
    if not facts.victim_age_known:
        issues.append("no age")
        cost += WEIGHTS["no_age"]
    if not facts.victim_postcode_typed:
        issues.append("no postcode")
        cost += WEIGHTS["no_postcode"]
    elif not facts.victim_postcode_ok:
        issues.extend(facts.postcode_issues or ("postcode is not valid",))
        cost += WEIGHTS["bad_postcode"]
    if not facts.has_incident_date:
        issues.append("no date of the scam")
        cost += WEIGHTS["no_incident_date"]
    if not facts.has_scam_type:
        issues.append("no scam type")
        cost += WEIGHTS["no_scam_type"]
    if not facts.has_narrative:
        issues.append("no description of what happened")
        cost += WEIGHTS["no_narrative"]
    if not facts.victim_contactable:
        issues.append("no way to contact the victim")
        cost += WEIGHTS["no_victim_contact"]
    for issue in facts.field_issues:
        if issue not in issues:
            issues.append(issue)
            cost += WEIGHTS["field_issue"]
    return Quality(score=max(0, 100 - cost), issues=tuple(issues))
