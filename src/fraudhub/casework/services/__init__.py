"""Writes to casework: triage, cases and everything done on them, one module a job. Every
write to a case checks the version the person was looking at, so two people editing the
same case never silently overwrite each other. The public names are re-exported here
because many callers (handlers, tasks, commands, other apps' tests) import
`fraudhub.casework.services`; new code may import from the module that holds a name."""

from .case_edits import (
    add_plan_item,
    assign_case,
    confirm_indicators,
    record_contact,
    record_follow_up,
    record_victim_consent,
    save_assessment,
    update_plan_item,
)
from .contact_rules import contact_rule_problem, contact_rules
from .duty import tell_duty_of_level_1
from .edits import RESTRICTED, CaseRuleBroken, Edit, StaleCase, hub_team
from .messages import record_warning, render_message, send_message
from .moves import FOLLOW_UP_MONTHS, close_case, move_case, reopen_case, report_status
from .new_information import information_seen, note_new_information
from .referrals import refer, update_referral
from .triage import TRIAGE_FIELDS, facts_for, retriage, retriage_victims, triage_reports

__all__ = [
    "FOLLOW_UP_MONTHS",
    "RESTRICTED",
    "TRIAGE_FIELDS",
    "CaseRuleBroken",
    "Edit",
    "StaleCase",
    "add_plan_item",
    "assign_case",
    "close_case",
    "confirm_indicators",
    "contact_rule_problem",
    "contact_rules",
    "facts_for",
    "hub_team",
    "information_seen",
    "move_case",
    "note_new_information",
    "record_contact",
    "record_follow_up",
    "record_victim_consent",
    "record_warning",
    "refer",
    "render_message",
    "reopen_case",
    "report_status",
    "retriage",
    "retriage_victims",
    "save_assessment",
    "send_message",
    "tell_duty_of_level_1",
    "triage_reports",
    "update_plan_item",
    "update_referral",
]
