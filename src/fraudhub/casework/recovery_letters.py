"""Letters about a claim (to the bank, a complaint, the ombudsman referral summary), filled
in from the administrators' templates, each with an evidence pack: what happened, in
date order (the scam, the report, the payments and this claim's steps); the payments; the
report reference; and the victim's vulnerability only where they agreed to it being
shared. Written as Word or PDF."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.template import Context, Template
from django.utils import timezone

from fraudhub.governance.access import Actor
from fraudhub.hub import hub_details
from fraudhub.reports.consent import consent_of
from fraudhub.reports.normalise import printable

from . import refund_rules as rules
from .models import Claim, MessageTemplate, RecoveryLetter
from .recovery import figures_for

TEMPLATE_OF = {
    RecoveryLetter.Kind.CLAIM: "claim-letter",
    RecoveryLetter.Kind.COMPLAINT: "complaint-letter",
    RecoveryLetter.Kind.OMBUDSMAN: "ombudsman-summary",
}
PAYMENT_HEADINGS = ("Date", "Amount", "How paid", "Paid to", "Victim's bank")


class LetterRefused(Exception):
    """A letter that cannot be written, said in plain words."""


@dataclass(frozen=True)
class Letter:
    """A letter and its evidence pack, ready to write out in either format."""

    subject: str
    body: str
    reference: str
    timeline: tuple[tuple[date, str], ...]
    payments: tuple[tuple[str, ...], ...]
    vulnerability: str  # empty unless the victim agreed to it being shared
    file_stem: str


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "not yet"


def _money(amount: object) -> str:
    return f"£{amount:,.2f}"


def compose(claim: Claim, kind: str, actor: Actor) -> Letter:
    """The letter of this kind for the claim, from the template the administrators keep."""
    template = MessageTemplate.objects.filter(
        slug=TEMPLATE_OF[RecoveryLetter.Kind(kind)], channel=MessageTemplate.Channel.RECOVERY
    ).first()
    if template is None:
        raise LetterRefused("The words for this letter are missing: ask an administrator")
    case = claim.case
    victim = case.victim
    reports = list(case.reports.order_by("received_date", "id"))
    reference = ", ".join(r.reference for r in reports if r.reference)
    today = timezone.localdate()
    figures = figures_for(claim, today=today)
    payments = list(claim.payments.select_related("bank").order_by("paid_on", "id"))
    hub = hub_details()
    user_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        user_name = actor.get_full_name() or actor.get_username()  # type: ignore[union-attr]
    context = Context(
        {
            "victim_name": victim.full_name or "the customer",
            "reference": reference,
            "bank": claim.bank.name,
            "route": claim.get_route_display(),
            "amount_claimed": _money(claim.amount_claimed),
            "amount_reimbursed": _money(claim.amount_reimbursed),
            "amount_outstanding": _money(claim.outstanding),
            "lodged_on": _day(claim.lodged_on),
            "decided_on": _day(claim.decided_on),
            "complained_on": _day(claim.complained_on),
            "final_response_on": _day(claim.final_response_on),
            "refusal_reason": claim.get_refusal_reason_display() if claim.refusal_reason else "",
            "answer_due": _day(
                rules.bank_answer_due(claim.lodged_on or today, figures)
                if claim.state in ("drafting", "lodged")
                else claim.due_on
            ),
            "final_response_due": _day(
                claim.due_on
                if claim.state == "complaint_made"
                else rules.final_response_due(today, figures)
            ),
            "ombudsman_deadline": _day(
                rules.ombudsman_deadline(claim.final_response_on, figures)
                if claim.final_response_on
                else None
            ),
            "case_manager": user_name,
            "hub_name": hub.name,
            "hub_phone": hub.phone,
            "hub_address": ", ".join(hub.address_lines),
        },
        autoescape=False,
    )
    timeline: list[tuple[date, str]] = []
    for report in reports:
        if report.incident_date:
            timeline.append((report.incident_date, "The scam happened"))
        timeline.append((report.received_date, f"Reported to the {hub.name} ({report.reference})"))
        # Not the tracking page's updates: they are written to the reporter, may say what
        # the victim did not agree to share, and tell of claims with other banks.
    timeline += [
        (p.paid_on, f"Paid {_money(p.amount)} by {p.get_method_display().lower()}")
        for p in payments
    ]
    for day, what in (
        (claim.lodged_on, f"Claim lodged with {claim.bank.name}"),
        (claim.information_asked_on, "The bank asked for more information"),
        (claim.decided_on, "The bank decided the claim"),
        (claim.complained_on, "Complaint made"),
        (claim.final_response_on, "The bank's final response"),
        (claim.referred_on, "Referred to the Financial Ombudsman Service"),
    ):
        if day:
            timeline.append((day, what))
    timeline.sort(key=lambda entry: entry[0])
    consent = consent_of(victim, reported_by_someone_else=victim.report.reported_by_someone_else)
    vulnerability = ""
    if consent.may_share and victim.vulnerability_indicators:
        vulnerability = (
            f"{victim.full_name or 'The customer'} agreed to us telling you that they are "
            f"vulnerable: {', '.join(victim.vulnerability_labels()).lower()}. Please take "
            "this into account, as the reimbursement rules require."
        )
    # Every text without control characters (pasted from a statement, say): a Word file
    # cannot hold them, and a letter is not refused for one.
    return Letter(
        subject=printable(Template(template.subject).render(context).strip()),
        body=printable(Template(template.body).render(context).strip()),
        reference=printable(reference),
        timeline=tuple((day, printable(what)) for day, what in timeline),
        payments=tuple(
            (
                _day(p.paid_on),
                _money(p.amount),
                p.get_method_display(),
                printable(p.payee or "Not known"),
                p.bank.name if p.bank else "Not recorded",
            )
            for p in payments
        ),
        vulnerability=printable(vulnerability),
        file_stem=f"{RecoveryLetter.Kind(kind).value}-{claim.case_id}-{claim.pk}",
    )


def to_docx(letter: Letter) -> bytes:
    """The letter and its evidence pack as a Word document."""
    from docx import Document

    document = Document()
    document.add_heading(letter.subject, level=1)
    for paragraph in letter.body.split("\n\n"):
        document.add_paragraph(paragraph)
    document.add_page_break()
    document.add_heading("Evidence pack", level=1)
    document.add_paragraph(f"Reference: {letter.reference}")
    document.add_heading("What happened", level=2)
    for day, what in letter.timeline:
        document.add_paragraph(f"{_day(day)}: {what}", style="List Bullet")
    document.add_heading("Payments", level=2)
    table = document.add_table(rows=1, cols=len(PAYMENT_HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, PAYMENT_HEADINGS, strict=True):
        cell.text = heading
    for row in letter.payments:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    if letter.vulnerability:
        document.add_heading("The customer's circumstances", level=2)
        document.add_paragraph(letter.vulnerability)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Characters the PDF's built-in font lacks, written the nearest way it has.
_PLAIN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"}
)


def latin_1(text: str) -> str:
    """Text the PDF's built-in font can write: accented letters outside Latin-1 (Welsh ŵ
    and ŷ) lose their accent, and anything else it cannot write (an emoji) becomes "?"
    rather than failing the letter. "£" is in Latin-1 and stays."""
    out = []
    for ch in text.translate(_PLAIN):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch)[:1]
            out.append(base if base.isascii() and base.isalpha() else "?")
    return "".join(out)


def to_pdf(letter: Letter) -> bytes:
    """The letter and its evidence pack as a PDF, in the built-in Helvetica (no font file
    ships with the product), its text made safe for that font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(False)  # plain text inside: a search of stored letters finds it
    pdf.set_title(latin_1(letter.subject))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(text: str, size: int) -> None:
        pdf.set_font("Helvetica", style="B", size=size)
        pdf.multi_cell(0, size * 0.5, latin_1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def para(text: str) -> None:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5.5, latin_1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    heading(letter.subject, 14)
    for paragraph in letter.body.split("\n\n"):
        para(paragraph)
    pdf.add_page()
    heading("Evidence pack", 14)
    para(f"Reference: {letter.reference}")
    heading("What happened", 12)
    for day, what in letter.timeline:
        para(f"{_day(day)}: {what}")
    heading("Payments", 12)
    pdf.set_font("Helvetica", size=9)
    with pdf.table(col_widths=(22, 18, 30, 40, 30)) as table:
        table.row([latin_1(h) for h in PAYMENT_HEADINGS])
        for values in letter.payments:
            table.row([latin_1(v) for v in values])
    pdf.ln(4)
    if letter.vulnerability:
        heading("The customer's circumstances", 12)
        para(letter.vulnerability)
    return bytes(pdf.output())
