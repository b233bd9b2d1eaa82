"""The starting list of UK banks and building societies, and the words of the letters
about a claim (to the bank, a complaint, the ombudsman referral summary); administrators
change both in the admin afterwards."""

from __future__ import annotations

from typing import Any

BANKS: list[tuple[str, str]] = [
    ("Bank of Scotland", "bank"),
    ("Barclays", "bank"),
    ("Chase", "bank"),
    ("Clydesdale Bank", "bank"),
    ("The Co-operative Bank", "bank"),
    ("First Direct", "bank"),
    ("Halifax", "bank"),
    ("HSBC UK", "bank"),
    ("Lloyds Bank", "bank"),
    ("Metro Bank", "bank"),
    ("Monzo", "bank"),
    ("NatWest", "bank"),
    ("Royal Bank of Scotland", "bank"),
    ("Santander UK", "bank"),
    ("Starling Bank", "bank"),
    ("TSB", "bank"),
    ("Tesco Bank", "bank"),
    ("Triodos Bank", "bank"),
    ("Ulster Bank", "bank"),
    ("Virgin Money", "bank"),
    ("Coventry Building Society", "building_society"),
    ("Leeds Building Society", "building_society"),
    ("Nationwide Building Society", "building_society"),
    ("Principality Building Society", "building_society"),
    ("Skipton Building Society", "building_society"),
    ("Yorkshire Building Society", "building_society"),
]

LETTERS: list[tuple[str, str, str, str]] = [
    (
        "claim-letter",
        "Claim letter to the bank",
        "Claim for reimbursement: {{ victim_name }}, {{ reference }}",
        """Dear Sir or Madam,

I am writing on behalf of {{ victim_name }}, your customer, who was the victim of a scam. With their agreement, the {{ hub_name }} is helping them claim their money back.

We ask you to consider this as a claim for {{ route }} for the payments listed in the evidence pack below, {{ amount_claimed }} in all. The victim reported the scam to us under reference {{ reference }}.

Please send your decision to the victim and to us at the address below. We understand you will answer by {{ answer_due }}.

Yours faithfully,

{{ case_manager }}
{{ hub_name }}
{{ hub_address }}
{{ hub_phone }}""",
    ),
    (
        "complaint-letter",
        "Complaint letter",
        "Complaint about your decision on a claim: {{ victim_name }}, {{ reference }}",
        """Dear Sir or Madam,

I am writing on behalf of {{ victim_name }} to complain about your decision on their claim for {{ route }} ({{ amount_claimed }} claimed{% if amount_reimbursed %}, {{ amount_reimbursed }} paid back{% endif %}).{% if refusal_reason %} You told us: {{ refusal_reason }}.{% endif %}

We ask you to look again at the claim, using the evidence pack below. Please send your final response within 8 weeks, by {{ final_response_due }}.

Yours faithfully,

{{ case_manager }}
{{ hub_name }}
{{ hub_address }}
{{ hub_phone }}""",
    ),
    (
        "ombudsman-summary",
        "Ombudsman referral summary",
        "Referral to the Financial Ombudsman Service: {{ victim_name }}, {{ reference }}",
        """Summary of the complaint

Customer: {{ victim_name }}
Firm: {{ bank }}
Claim: {{ route }}, {{ amount_claimed }} claimed, {{ amount_reimbursed }} paid back, {{ amount_outstanding }} outstanding.
Claim lodged: {{ lodged_on }}. Decision: {{ decided_on }}.{% if refusal_reason %} The firm's reason: {{ refusal_reason }}.{% endif %}
Complaint made: {{ complained_on }}. Final response: {{ final_response_on }}.
The last day to refer this complaint is {{ ombudsman_deadline }}.

The {{ hub_name }} is helping the customer with their agreement. The evidence pack below sets out what happened and the payments.

{{ case_manager }}
{{ hub_name }}
{{ hub_phone }}""",
    ),
]


def seed(bank: Any, message_template: Any) -> None:
    """Create the starting banks and letters (from a data migration, with its historical
    models)."""
    for name, kind in BANKS:
        bank.objects.get_or_create(name=name, defaults={"kind": kind})
    for slug, name, subject, body in LETTERS:
        message_template.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "channel": "recovery", "subject": subject, "body": body},
        )
