"""Staff roles and what each may do: a pure table, kept as Django groups and permissions
(governance.permissions keeps them in step) so administrators see them in the admin.

Who may see which organisation's records is decided separately (reports.selectors); a
permission says what a person may do with the records they can see. Decision 9 gives the
reasons for each grant."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CALL_HANDLER = "Call handler"
    CASE_MANAGER = "Case manager"
    ANALYST = "Analyst"
    PARTNER_USER = "Partner user"
    DATA_PROTECTION_OFFICER = "Data protection officer"
    ADMINISTRATOR = "Administrator"


ALL_ROLES = tuple(Role)


class Permission(StrEnum):
    """One thing a person can do. The value is the Django permission's codename."""

    VIEW_REPORTS = "view_reports"
    TAKE_REPORT = "take_report"
    SEND_REFERRALS = "send_referrals"
    MANAGE_IMPORTS = "manage_imports"
    VIEW_CASES = "view_cases"
    WORK_CASES = "work_cases"
    SEE_INTELLIGENCE = "see_intelligence"
    DECIDE_PERSON_LINKS = "decide_person_links"
    EXPORT = "export"
    MANAGE_RIGHTS = "manage_rights"
    MANAGE_AGREEMENTS = "manage_agreements"
    READ_AUDIT_LOG = "read_audit_log"
    ADMINISTER = "administer"
    # prevention: scam alerts (drafted by one person, approved by another)
    DRAFT_ALERTS = "draft_alerts"
    APPROVE_ALERTS = "approve_alerts"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def doing(self) -> str:
        """What the permission lets a person do, to finish "You cannot ..."."""
        return DOING[self]


LABELS: dict[Permission, str] = {
    Permission.VIEW_REPORTS: "Read the reports their organisation may see",
    Permission.TAKE_REPORT: "Take a report by phone for the fraud hub",
    Permission.SEND_REFERRALS: "Send referrals for their organisation (form and API)",
    Permission.MANAGE_IMPORTS: "Upload referral files and decide on quarantined rows",
    Permission.VIEW_CASES: "Read the case queue, cases and proactive calls",
    Permission.WORK_CASES: "Work cases: contacts, plans, referrals, outcomes, closing, calls",
    Permission.SEE_INTELLIGENCE: "See intelligence: clusters, people, map, trends, searches",
    Permission.DECIDE_PERSON_LINKS: "Confirm or split links between people",
    Permission.EXPORT: "Export reports and intelligence (STIX, MISP, CSV)",
    Permission.MANAGE_RIGHTS: (
        "Answer people's data protection rights (access, correction, erasure, restriction), "
        "place legal holds and run retention"
    ),
    Permission.MANAGE_AGREEMENTS: "Record, change and end data-sharing agreements",
    Permission.READ_AUDIT_LOG: "Search and export the audit log (data protection officers)",
    Permission.ADMINISTER: "Administer: reference data, staff, roles and the audit log",
    Permission.DRAFT_ALERTS: "Draft scam alerts and send them for approval",
    Permission.APPROVE_ALERTS: (
        "Approve and publish scam alerts someone else drafted, send them back, withdraw them"
    ),
}

DOING: dict[Permission, str] = {
    Permission.VIEW_REPORTS: "read reports",
    Permission.TAKE_REPORT: "take reports by phone",
    Permission.SEND_REFERRALS: "send referrals",
    Permission.MANAGE_IMPORTS: "upload referral files or decide on quarantined rows",
    Permission.VIEW_CASES: "see cases",
    Permission.WORK_CASES: "change cases or proactive calls",
    Permission.SEE_INTELLIGENCE: "see intelligence",
    Permission.DECIDE_PERSON_LINKS: "confirm or split links between people",
    Permission.EXPORT: "export reports or intelligence",
    Permission.MANAGE_RIGHTS: "handle people's data protection rights or retention",
    Permission.MANAGE_AGREEMENTS: "record, change or end data-sharing agreements",
    Permission.READ_AUDIT_LOG: "search the audit log",
    Permission.ADMINISTER: "administer Fraud Hub",
    Permission.DRAFT_ALERTS: "draft scam alerts",
    Permission.APPROVE_ALERTS: "approve, send back or withdraw scam alerts",
}

P = Permission
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CALL_HANDLER: frozenset({P.VIEW_REPORTS, P.TAKE_REPORT, P.VIEW_CASES}),
    Role.CASE_MANAGER: frozenset(
        {
            P.VIEW_REPORTS,
            P.TAKE_REPORT,
            P.VIEW_CASES,
            P.WORK_CASES,
            P.SEE_INTELLIGENCE,
            P.DECIDE_PERSON_LINKS,
            # they hear of a new scam from victims first: they draft, an analyst approves
            P.DRAFT_ALERTS,
        }
    ),
    Role.ANALYST: frozenset(
        {
            P.VIEW_REPORTS,
            P.SEE_INTELLIGENCE,
            P.DECIDE_PERSON_LINKS,
            P.EXPORT,
            P.DRAFT_ALERTS,
            P.APPROVE_ALERTS,
        }
    ),
    Role.PARTNER_USER: frozenset({P.VIEW_REPORTS, P.SEND_REFERRALS, P.MANAGE_IMPORTS}),
    # Decision 12: answers people's rights (reading reports for it); decision 10: searches
    # the audit log.
    Role.DATA_PROTECTION_OFFICER: frozenset({P.VIEW_REPORTS, P.MANAGE_RIGHTS, P.READ_AUDIT_LOG}),
    Role.ADMINISTRATOR: frozenset(Permission),
}

# Permissions that act for the fraud hub itself: granted or not, staff of any other
# organisation (or of none) are refused them, so a partner can never add hub reports,
# work the hub's cases or regroup people across every organisation's reports.
HUB_ONLY: frozenset[Permission] = frozenset(
    {
        P.TAKE_REPORT,
        P.VIEW_CASES,
        P.WORK_CASES,
        P.DECIDE_PERSON_LINKS,
        P.MANAGE_RIGHTS,
        P.READ_AUDIT_LOG,
        # an alert speaks for the hub to the public
        P.DRAFT_ALERTS,
        P.APPROVE_ALERTS,
    }
)


def permissions_of(roles: set[str] | frozenset[str]) -> frozenset[Permission]:
    """Everything the named roles together may do (names that are not roles give nothing)."""
    found: set[Permission] = set()
    for name in roles:
        if name in Role._value2member_map_:
            found |= GRANTS[Role(name)]
    return frozenset(found)
