"""The starting intervention library and message templates; administrators change them in
the admin afterwards."""

from __future__ import annotations

from typing import Any

INTERVENTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    # slug, name, need, description, needs consent
    (
        "call-blocker",
        "Call blocker",
        "practical",
        "Fit a call blocker for someone getting scam calls.",
        False,
    ),
    (
        "tps-mps",
        "Telephone and Mail Preference Service registration",
        "practical",
        "Register the victim with the TPS and MPS to cut unwanted calls and post.",
        False,
    ),
    (
        "contact-bank",
        "Contact the bank",
        "financial",
        "Help the victim call their bank on 159 about the payment and their accounts.",
        False,
    ),
    (
        "notify-bank-vulnerable",
        "Tell the bank the customer is vulnerable",
        "financial",
        "With consent, tell the victim's bank they are vulnerable to scams (as the Banking "
        "Protocol and police bank-notification schemes do).",
        True,
    ),
    (
        "account-security",
        "Password and account security",
        "digital",
        "Change passwords, turn on two-step verification, check devices for remote access.",
        False,
    ),
    (
        "credit-file",
        "Credit file check and protective registration",
        "financial",
        "Check the credit file and, after identity fraud, apply for CIFAS Protective Registration.",
        False,
    ),
    (
        "mail-redirection",
        "Mail redirection",
        "practical",
        "With consent, redirect scam mail to a trusted person or stop it reaching the victim.",
        True,
    ),
    (
        "friends-against-scams",
        "Friends Against Scams session",
        "practical",
        "An awareness session so the victim can spot and avoid scams.",
        False,
    ),
    (
        "befriending",
        "Befriending",
        "emotional",
        "Refer to a befriending service against loneliness and isolation.",
        False,
    ),
    (
        "emotional-support",
        "Emotional support calls",
        "emotional",
        "Regular calls from the victim care team.",
        False,
    ),
    (
        "citizens-advice",
        "Citizens Advice",
        "financial",
        "Refer to Citizens Advice for consumer, debt or benefits advice.",
        False,
    ),
    (
        "adult-safeguarding",
        "Adult safeguarding referral",
        "safeguarding",
        "Refer to the council's adult safeguarding team where someone is at risk of harm.",
        False,
    ),
)

TEMPLATES: tuple[tuple[str, str, str, str, str], ...] = (
    # slug, name, channel, subject, body
    (
        "letter-unable-to-contact",
        "We tried to reach you",
        "letter",
        "We have been trying to contact you",
        "Dear {{ first_name|default:'resident' }},\n\nYou, or someone on your behalf, reported a "
        "scam to us (reference {{ reference }}). We have tried to contact you to offer free, "
        "confidential support but have not been able to reach you.\n\nIf you would like our "
        "help, please call us or reply to this letter quoting {{ reference }}.\n\n"
        "We will never ask for your bank details or for money.\n\n{{ case_manager }}\n{{ team }}",
    ),
    (
        "letter-support-plan",
        "Your support plan",
        "letter",
        "Your support plan",
        "Dear {{ first_name|default:'resident' }},\n\nThank you for talking to us about what "
        "happened (reference {{ reference }}). This letter confirms the support we agreed.\n\n"
        "{{ case_manager }}\n{{ team }}",
    ),
    (
        "email-offer-support",
        "Offer of support (email)",
        "email",
        "Support after a scam: your reference {{ reference }}",
        "Dear {{ first_name|default:'resident' }},\n\nYou, or someone on your behalf, reported a "
        "scam to us (reference {{ reference }}). We would like to offer you free, confidential "
        "support. Please reply to this email or call us, quoting your reference.\n\n"
        "We will never ask for your bank details, your PIN or for money.\n\n"
        "{{ case_manager }}\n{{ team }}",
    ),
    (
        "tracking-in-contact",
        "Milestone: first contact",
        "tracking",
        "",
        "A member of the fraud hub team has been in touch to offer support.",
    ),
    (
        "tracking-plan-active",
        "Milestone: support plan agreed",
        "tracking",
        "",
        "A support plan has been agreed. The fraud hub team is working through it.",
    ),
    (
        "tracking-unable-to-contact",
        "Milestone: unable to contact",
        "tracking",
        "",
        "We tried to get in touch several times and sent a letter. Contact us with your "
        "reference if you would like support.",
    ),
    (
        "tracking-closed",
        "Milestone: support finished",
        "tracking",
        "",
        "The fraud hub's support has finished. We will check in again in the coming months. "
        "Report any new scam attempt to us straight away.",
    ),
)


def seed(intervention: Any, message_template: Any) -> None:
    """Create the starting library (from a data migration, with its historical models)."""
    for order, (slug, name, need, description, consent) in enumerate(INTERVENTIONS, start=1):
        intervention.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "need": need,
                "description": description,
                "needs_consent": consent,
                "sort_order": order,
            },
        )
    for slug, name, channel, subject, body in TEMPLATES:
        message_template.objects.get_or_create(
            slug=slug, defaults={"name": name, "channel": channel, "subject": subject, "body": body}
        )
