"""Template tags that render form fields as GOV.UK Design System components, and dates and
times in GOV.UK style."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import phonenumbers
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils import timezone

from fraudhub.govuk_forms import DateInputWidget
from fraudhub.reports import normalise

register = template.Library()


def _component(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.CheckboxInput):  # one yes-or-no box (a BooleanField)
        return "checkbox"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("govuk/field.html")
def field(
    bound: BoundField,
    heading: bool = False,
    classes: str = "",
    prefix: str = "",
    suffix: str = "",
    inline: bool = False,
    autocomplete: str = "",
    input_type: str = "",
    spellcheck: str = "",
    legend_size: str = "m",
    inputmode: str = "",
    rows: int = 5,
) -> dict[str, Any]:
    """Render one field: label or legend (as the page heading when `heading`), hint,
    error message and the control, in GOV.UK markup. A form's `field_options` give
    defaults per field, so fields revealed under a radio render the same way."""
    defaults = getattr(bound.form, "field_options", {}).get(bound.name, {})
    classes = classes or defaults.get("classes", "")
    prefix = prefix or defaults.get("prefix", "")
    suffix = suffix or defaults.get("suffix", "")
    autocomplete = autocomplete or defaults.get("autocomplete", "")
    inputmode = inputmode or defaults.get("inputmode", "")
    spellcheck = spellcheck or defaults.get("spellcheck", "")
    inline = inline or defaults.get("inline", False)
    input_type = input_type or defaults.get("input_type", "")
    rows = defaults.get("rows", rows)
    legend_size = defaults.get("legend_size", legend_size)
    component = _component(bound)
    context: dict[str, Any] = {
        "f": bound,
        "component": f"govuk/{component}.html",
        "heading": heading,
        "classes": classes,
        "prefix": prefix,
        "suffix": suffix,
        "inline": inline,
        "autocomplete": autocomplete,
        "input_type": input_type or _input_type(bound),
        "spellcheck": spellcheck,
        "inputmode": inputmode,
        "rows": rows,
        "accept": defaults.get("accept", ".csv,.txt,.xlsx"),
        "multiple": getattr(bound.field.widget, "allow_multiple_selected", False),
        "value": "" if bound.value() is None else bound.value(),
        "legend_size": "l" if heading else legend_size,
        "error": bound.errors[0] if bound.errors else "",
        "hint": bound.help_text,
    }
    if component == "date":
        context["parts"] = list(
            zip(
                ("day", "month", "year"),
                ("Day", "Month", "Year"),
                DateInputWidget.split(bound.value()),
                ("bday-day", "bday-month", "bday-year"),
                strict=True,
            )
        )
    if component in ("radios", "checkboxes"):
        context["options"] = _options(bound)
    return context


def _input_type(bound: BoundField) -> str:
    widget = bound.field.widget
    return getattr(widget, "input_type", "text") or "text"


def _options(bound: BoundField) -> list[dict[str, Any]]:
    """The choices of a radios or checkboxes field, with what each reveals."""
    form = bound.form
    reveals = getattr(form, "conditional_fields", {}).get(bound.name, {})
    hints = getattr(form, "choice_hints", {}).get(bound.name, {})
    dividers = getattr(form, "choice_dividers", {}).get(bound.name, {})
    value = bound.value()
    chosen = (
        {str(v) for v in value}
        if isinstance(value, list | tuple)
        else {str(bound.field.prepare_value(value))}
    )
    options: list[dict[str, Any]] = []
    for index, (choice_value, label) in enumerate(getattr(bound.field, "choices", [])):
        if choice_value == "":
            continue
        options.append(
            {
                "value": choice_value,
                "label": label,
                "id": bound.auto_id if not options else f"{bound.auto_id}_{index}",
                "checked": str(choice_value) in chosen,
                "hint": hints.get(str(choice_value), ""),
                "divider_before": dividers.get(str(choice_value), ""),
                "reveal": [form[name] for name in reveals.get(str(choice_value), [])],
            }
        )
    return options


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(*forms_: forms.Form) -> dict[str, Any]:
    """The GOV.UK error summary: every error, each linking to its field."""
    errors: list[dict[str, Any]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for name, messages in form.errors.items():
            if name == "__all__":
                errors.extend({"href": "", "text": m} for m in messages)
                continue
            target = form[name].auto_id
            if isinstance(form.fields[name].widget, DateInputWidget):
                parts = DateInputWidget.split(form[name].value())
                missing = [p for p, v in zip(DateInputWidget.parts, parts, strict=True) if not v]
                target = f"{target}_{missing[0] if missing and len(missing) < 3 else 'day'}"
            errors.append({"href": f"#{target}", "text": messages[0]})
    return {"errors": errors}


@register.filter
def yes_no(value: Any) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return "Not known"


@register.filter
def phone_display(value: str) -> str:
    """A stored E.164 number as people read and dial it: UK numbers in national form
    ("01727 123456"), others in international form."""
    if not value or not value.startswith("+"):
        return value or ""
    try:
        number = phonenumbers.parse(value)
    except phonenumbers.NumberParseException:
        return value
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == "GB"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


@register.filter
def did_you_mean(email: str) -> str:
    """The common provider an email address is probably a slip for ("...@gmail.com" for
    "...@gmial.com"), or "": a hint beside the address, which is kept as given."""
    return normalise.email(email).extra.get("did_you_mean", "") if email else ""


def _clock(moment: datetime) -> str:
    """A time the GOV.UK way: 9am, 2:30pm, midday, midnight."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


@register.filter
def govuk_datetime(value: Any, style: str = "") -> str:
    """ "6 December 2026 at 2:30pm" in local time ("6 Dec 2026 at 2:30pm" with "short",
    for tables); empty for nothing."""
    if not isinstance(value, datetime):
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    month = "%b" if style == "short" else "%B"
    return f"{moment.day} {moment.strftime(f'{month} %Y')} at {_clock(moment)}"


@register.filter
def withheld_reasons(reports: Any) -> list[str]:
    """Why anything is withheld from the reader in these reports, each reason once (a list
    page says it once above the table and "Withheld" in each cell)."""
    found: list[str] = []
    for report in reports:
        release = getattr(report, "release", None)
        for reason in dict(getattr(release, "reasons", None) or {}).values():
            words = str(reason).removeprefix("Withheld: ")
            words = words[:1].upper() + words[1:]
            if words not in found:
                found.append(words)
    return found


@register.filter
def pounds(value: Any) -> str:
    """Money the GOV.UK way: "£4,000.00" (empty for nothing)."""
    if value is None or value == "":
        return ""
    return f"£{Decimal(value):,.2f}"
