"""The partner REST API (docs/api.md): partners send referrals and read the reports they
may see. A thin layer: intake.services writes, reports.selectors decides who sees what."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    AuthenticationFailed,
    NotAuthenticated,
    NotFound,
    ParseError,
    UnsupportedMediaType,
)
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from fraudhub.governance.access import api_permission, organisation_of
from fraudhub.governance.roles import Permission
from fraudhub.reports.models import Report
from fraudhub.reports.selectors import (
    any_opened_from_outside,
    partner_reports,
    record_listed,
    report_for_staff,
    report_needing_reason,
)

from .referrals import COLUMNS, unknown_columns
from .serializers import (
    WHOLE_REQUEST,
    ErrorSerializer,
    ReferralResultSerializer,
    ReferralSerializer,
    ReportFiltersSerializer,
    ReportSerializer,
)
from .services import submit_referral

MAX_BODY_BYTES = 1_000_000
PAGE_PARAMETERS = frozenset({"page", "format", "reason"})
FILTER_NAMES = tuple(ReportFiltersSerializer().fields)


class HasOrganisation(BasePermission):
    """Only staff linked to an organisation may use the API: it is who sends the
    referral, and who the sharing policy is about."""

    message = (
        "This login is not linked to an organisation, so it can neither send nor read "
        "reports. Ask a Fraud Hub administrator to give it a staff profile."
    )

    def has_permission(self, request: Request, view: APIView) -> bool:
        return organisation_of(request.user) is not None


class BodyTooLarge(APIException):
    """A referral is a few kilobytes; DRF would otherwise read any size into memory."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = (
        f"The body is larger than {MAX_BODY_BYTES:,} bytes: send one referral at a time."
    )
    default_code = "too_large"


MAX_JSON_DEPTH = 10


class TooDeep(ParseError):
    default_detail = (
        f"The body is JSON nested more than {MAX_JSON_DEPTH} levels deep. A referral is one "
        "JSON object of field names and text values: send that."
    )
    default_code = "too_deep"


class ReferralJSONParser(JSONParser):
    """DRF's JSON parser, refusing JSON nested more than MAX_JSON_DEPTH levels with a 400:
    Python's own parser gives up at about 1,000 levels with an error that would be a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise TooDeep() from exc
        if json_depth(data) > MAX_JSON_DEPTH:
            raise TooDeep()
        return data


def json_depth(data: object) -> int:
    """How deeply lists and objects nest in parsed JSON (a plain value is 0), counted
    without recursion so any depth is safe."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in value)
    return deepest


def error_body(message: str, errors: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The one error format: a sentence, and the problems by field name."""
    return {
        "message": message,
        "errors": {
            str(name): [str(m) for m in (found if isinstance(found, list) else [found])]
            for name, found in (errors or {}).items()
        },
    }


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handling of errors (401, 403, 404, bad JSON...), reshaped to our error format."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        message = str(data["detail"])
        if isinstance(exc, NotAuthenticated | AuthenticationFailed):
            message += " Send your token in the header 'Authorization: Token <your token>'."
        elif isinstance(exc, TooDeep):
            pass
        elif isinstance(exc, ParseError):
            message = f"The body is not valid JSON ({message}). Send one JSON object."
        elif isinstance(exc, UnsupportedMediaType):
            message += " Send JSON with the header 'Content-Type: application/json'."
        response.data = error_body(message)
    elif isinstance(data, dict):
        response.data = error_body("Some values could not be read.", data)
    else:
        response.data = error_body("The request could not be read.", {WHOLE_REQUEST: data})
    return response


class PartnerAPIView(GenericAPIView):
    """JSON in, JSON out, for a token (or signed-in staff user) with an organisation."""

    permission_classes = [IsAuthenticated, HasOrganisation]
    parser_classes = [ReferralJSONParser]
    renderer_classes = [JSONRenderer]
    metadata_class = None  # OPTIONS would describe the wrong body; /api/schema/ is the contract

    def get_exception_handler(self) -> Any:
        return api_exception_handler


ERRORS: dict[int | str, Any] = {
    401: OpenApiResponse(ErrorSerializer, description="No token, or a token not recognised."),
    403: OpenApiResponse(
        ErrorSerializer,
        description="The login has no organisation, or its role does not allow this.",
    ),
}
REFERRAL_EXAMPLE = OpenApiExample(
    "A referral",
    request_only=True,
    value={
        "partner_reference": "TS-2026-0042",
        "received_date": "2026-03-06",
        "incident_date": "2026-03-05",
        "scam_type": "bank_impersonation",
        "contact_method": "phone_call",
        "description": "A caller said he was from her bank and asked her to move her savings.",
        "amount_lost": "1250.00",
        "payment_method": "bank transfer",
        "victim_first_name": "Margaret",
        "victim_last_name": "Hughes",
        "victim_age": "78",
        "victim_postcode": "AL1 3EJ",
        "victim_phone": "01727 123456",
        "suspect_phone": "020 7946 0123",
        "consent_to_contact": "yes",
    },
)


class ReportsAPI(PartnerAPIView):
    """Send a referral; list the reports the caller may see."""

    serializer_class = ReportSerializer
    permission_classes = [
        *PartnerAPIView.permission_classes,
        api_permission(GET=Permission.VIEW_REPORTS, POST=Permission.SEND_REFERRALS),
    ]

    @extend_schema(
        operation_id="reports_list",
        tags=["reports"],
        summary="List the reports you may see",
        description=(
            "Newest first, 100 to a page. A partner sees the reports its organisation sent "
            "and those shared with it by a data-sharing agreement; the hub sees all. Each "
            "report listed is recorded in the audit log as viewed. A page holding a report "
            "that is not your organisation's needs `reason`, as reading one report does; "
            "without it the answer is 400."
        ),
        parameters=[
            ReportFiltersSerializer,
            OpenApiParameter(
                "reason",
                str,
                description="Why you are reading reports that are not your organisation's "
                "(up to 200 characters)",
                required=False,
            ),
        ],
        responses={
            200: ReportSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="A filter could not be read."),
            404: OpenApiResponse(ErrorSerializer, description="No such page."),
            **ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - PAGE_PARAMETERS - set(FILTER_NAMES))
        if unknown:
            return bad_request(
                "Some filters are not known.",
                {
                    name[:100]: [f"Not a filter. Use {', '.join(FILTER_NAMES)} or page."]
                    for name in unknown
                },
            )
        pages = request.query_params.getlist("page")
        if pages and (len(pages) > 1 or not re.fullmatch(r"[1-9][0-9]{0,8}", pages[0])):
            return bad_request(
                "The page could not be read.",
                {"page": ["Give one page number, a whole number from 1, or leave it out."]},
            )
        filters = ReportFiltersSerializer(data=request.query_params.dict())
        if not filters.is_valid():
            return bad_request(
                "Some filters could not be read: fix them and ask again.", filters.errors
            )
        reports = partner_reports(request.user, **filters.validated_data)
        listed = self.paginate_queryset(reports) or []
        reason = _reason_or_refusal(
            request,
            "api list",
            outside=any_opened_from_outside(request.user, listed),
            refusal="Say why you are reading these reports: some are not your organisation's",
        )
        if isinstance(reason, Response):
            return reason
        page = record_listed(request.user, listed, reason=reason)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        operation_id="reports_send",
        tags=["reports"],
        summary="Send a referral",
        description=(
            "Creates a report (201), or, when your organisation already sent this "
            "partner_reference, updates it if anything changed (200, outcome 'updated') or "
            "leaves it alone (200, outcome 'unchanged'). Values that are odd but usable are "
            "kept, and explained in data_quality_issues; only a referral that cannot be a "
            "report at all is refused (400)."
        ),
        request=ReferralSerializer,
        responses={
            201: OpenApiResponse(ReferralResultSerializer, description="A new report."),
            200: OpenApiResponse(
                ReferralResultSerializer, description="Sent before: updated or unchanged."
            ),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Not a JSON object, values of the wrong type or too long, or "
                "a referral that cannot be a report (the reasons are under the fields named).",
            ),
            413: OpenApiResponse(ErrorSerializer, description="The body is too large."),
            415: OpenApiResponse(ErrorSerializer, description="The body is not JSON."),
            **ERRORS,
        },
        examples=[REFERRAL_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        if _content_length(request) > MAX_BODY_BYTES:
            raise BodyTooLarge()
        referral = ReferralSerializer(data=request.data)
        if not referral.is_valid():
            return bad_request(
                "Some values could not be read: fix the fields named and send it again.",
                referral.errors,
            )
        values: dict[str, Any] = referral.validated_data
        organisation = organisation_of(request.user)
        assert organisation is not None  # HasOrganisation
        result, report, outcome = submit_referral(
            values=values, organisation=organisation, source=Report.Source.API, actor=request.user
        )
        if report is None:
            return bad_request(
                "This referral cannot be a report: "
                + "; ".join(result.quarantine_reasons)
                + ". Fix the fields named and send it again.",
                reason_errors(result.quarantine_reasons),
            )
        warnings = [
            f"unknown field '{name}' kept as extra data" for name in unknown_columns(list(values))
        ] + result.warnings
        body = ReferralResultSerializer(
            report, context={"outcome": outcome, "warnings": warnings}
        ).data
        code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
        return Response(body, status=code)


@extend_schema(exclude=True)
class ReportsWithoutSlashAPI(ReportsAPI):
    """The same endpoint without its trailing slash, which Django would otherwise answer
    with a redirect that turns a POST into a GET."""


class ReportAPI(PartnerAPIView):
    """One report the caller may see; the look is audited."""

    serializer_class = ReportSerializer
    permission_classes = [
        *PartnerAPIView.permission_classes,
        api_permission(GET=Permission.VIEW_REPORTS),
    ]

    @extend_schema(
        operation_id="reports_read",
        tags=["reports"],
        summary="Read one report",
        description="The look is recorded in the audit log. A report that is not your "
        "organisation's (shared with it by a data-sharing agreement) needs `reason`: why you "
        "are reading it, kept in the audit log with your name; without it the answer is 400.",
        parameters=[
            OpenApiParameter(
                "reason",
                str,
                description="Why you are reading a report that is not your organisation's "
                "(up to 200 characters)",
                required=False,
            )
        ],
        responses={
            200: ReportSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="No such report, or not one you may see."
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        reason = _reason_or_refusal(
            request,
            "api",
            outside=report_needing_reason(request.user, reference) is not None,
            refusal="Say why you are reading this report: it is not your organisation's",
        )
        if isinstance(reason, Response):
            return reason
        report = report_for_staff(request.user, reference, reason=reason)
        if report is None:
            raise NotFound(f"There is no report {reference[:40]} that you may see.")
        return Response(ReportSerializer(report).data)


REASON_HINT = (
    "Add ?reason= with why you are reading it, for example reason=safeguarding or a "
    "request number; it is kept in the audit log with your name"
)


def _reason_or_refusal(
    request: Request, via: str, *, outside: bool, refusal: str
) -> dict[str, str] | Response:
    """What the audit keeps of a read (`via`, and the reason given, tidied to 200
    characters), or the 400 that asks for `?reason=` when what is read is another
    organisation's and no reason was given."""
    kept = {"via": via}
    if outside:
        given = " ".join(str(request.query_params.get("reason", "")).split())[:200]
        if not given:
            return bad_request(refusal, {"reason": [REASON_HINT]})
        kept["reason_given"] = given
    return kept


def bad_request(message: str, errors: Mapping[str, Any]) -> Response:
    """A 400 in the one error format."""
    return Response(error_body(message, errors), status=status.HTTP_400_BAD_REQUEST)


def _content_length(request: Request) -> int:
    """The declared size of the body, read before the body itself is."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def reason_errors(reasons: list[str]) -> dict[str, list[str]]:
    """Each reason a referral cannot be a report, under every column it names. What was
    typed is quoted in a reason and may contain anything, so it is not searched."""
    errors: dict[str, list[str]] = {}
    for reason in reasons:
        named = re.sub(r"'.*'", "", reason, flags=re.DOTALL)
        fields = [c for c in COLUMNS if re.search(rf"\b{c}\b", named)] or [WHOLE_REQUEST]
        for field in fields:
            errors.setdefault(field, []).append(reason)
    return errors
