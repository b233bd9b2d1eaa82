"""The TAXII 2.1 server partners pull scammers' identifiers from (docs/api.md): discovery,
one API root, its collections and their objects and manifests. Read-only; every answer,
errors too, in TAXII's media type; what a reader may pull is decided in feeds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from fraudhub.accounts.api_auth import HashedTokenAuthentication, TokenAsPasswordAuthentication
from fraudhub.governance.access import allowed, organisation_of, reason
from fraudhub.governance.models import Organisation
from fraudhub.governance.roles import Permission

from . import feeds
from .resources import (
    TAXII_MEDIA_TYPE,
    BadRequest,
    Filters,
    Stored,
    envelope,
    error,
    manifest,
    page_headers,
    read_filters,
    select,
    versions,
)


class TaxiiRenderer(JSONRenderer):
    media_type = TAXII_MEDIA_TYPE
    format = "taxii"


class TaxiiNegotiation(BaseContentNegotiation):
    """TAXII 2.1 for a client asking for it (with or without the version), for anything,
    or saying nothing; any other media type, TAXII 2.0 included, is not acceptable."""

    def select_parser(self, request: Request, parsers: Any) -> None:
        return None

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: str | None = None
    ) -> tuple[Any, str]:
        renderer = renderers[0]
        accepted = request.META.get("HTTP_ACCEPT", "").strip()
        if not accepted or acceptable(accepted):
            return renderer, renderer.media_type
        raise exceptions.NotAcceptable()


def acceptable(header: str) -> bool:
    """Whether an Accept header takes TAXII 2.1."""
    for part in header.split(","):
        kind, *params = (p.strip().lower() for p in part.split(";"))
        values = dict(p.partition("=")[::2] for p in params)
        if values.get("q", "1").strip() in ("0", "0.0", "0.00", "0.000"):
            continue
        if kind in ("*/*", "application/*"):
            return True
        if kind == "application/taxii+json" and values.get("version", "2.1").strip() == "2.1":
            return True
    return False


class MayPull(BasePermission):
    """A login of an organisation (who the sharing is with) whose role lets it read."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if organisation_of(request.user) is None:
            self.message = (
                "This login is not linked to an organisation, so no collection is shared "
                "with it. Ask a Fraud Hub administrator to give it a staff profile."
            )
            return False
        if not allowed(request.user, Permission.VIEW_REPORTS):
            self.message = reason(request.user, Permission.VIEW_REPORTS)
            return False
        return True


TITLES = {
    400: "The request could not be read",
    401: "Authentication is needed",
    403: "Not allowed",
    404: "Not found",
    405: "This server is read-only",
    406: "This server answers in TAXII 2.1 only",
    429: "Too many requests",
}
HINTS = {
    401: " Send the token the fraud hub gave you: 'Authorization: Token <token>', or HTTP "
    "Basic with any user name and the token as the password.",
    406: " Send 'Accept: application/taxii+json;version=2.1'.",
}


def taxii_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handling of refusals, as TAXII's error message resource."""
    if isinstance(exc, BadRequest):
        exc = exceptions.ValidationError(str(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        description = str(data["detail"])
    elif isinstance(data, list):
        description = " ".join(str(d) for d in data)
    else:
        description = str(data)
    code = response.status_code
    response.data = error(
        code, TITLES.get(code, "The request failed"), description + HINTS.get(code, "")
    )
    return response


class TaxiiView(APIView):
    """A TAXII endpoint: a token (or signed-in staff), TAXII's media type in and out."""

    authentication_classes = [
        HashedTokenAuthentication,
        TokenAsPasswordAuthentication,
        SessionAuthentication,
    ]
    permission_classes = [MayPull]
    renderer_classes = [TaxiiRenderer]
    content_negotiation_class = TaxiiNegotiation
    parser_classes: list[Any] = []
    metadata_class = None
    schema = None  # TAXII's own standard describes these endpoints, not the OpenAPI schema

    def get_exception_handler(self) -> Any:
        return taxii_exception_handler

    def organisation(self) -> Organisation:
        organisation = organisation_of(self.request.user)
        assert organisation is not None  # MayPull let the request in
        return organisation

    def feed(self, collection: str) -> feeds.Feed:
        """The reader's collection, or a 404: another's is the same as none at all."""
        found = feeds.feed_for(self.organisation(), collection)
        if found is None:
            raise Http404(
                f"There is no collection {collection} that you may read. The collections "
                "endpoint lists those shared with your organisation."
            )
        return found


def api_root_url(request: Request) -> str:
    return request.build_absolute_uri(reverse("taxii:api_root"))


class DiscoveryView(TaxiiView):
    """Server discovery: the one API root."""

    def get(self, request: Request) -> Response:
        root = api_root_url(request)
        return Response(
            {
                "title": f"{settings.FRAUDHUB_HUB_NAME} intelligence feeds",
                "description": (
                    "Scammers' identifiers reported to the fraud hub, shared with partners "
                    "under data-sharing agreements, as STIX 2.1."
                ),
                "contact": settings.FRAUDHUB_HUB_EMAIL,
                "default": root,
                "api_roots": [root],
            }
        )


class ApiRootView(TaxiiView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "title": "Scammers' identifiers",
                "description": "One collection for each data-sharing agreement with you, and "
                "one of the reports your organisation sent.",
                "versions": [TAXII_MEDIA_TYPE],
                # read-only: nothing may be sent to this server
                "max_content_length": 0,
            }
        )


class CollectionsView(TaxiiView):
    def get(self, request: Request) -> Response:
        shared = [feed.resource() for feed in feeds.feeds_for(self.organisation())]
        return Response({"collections": shared} if shared else {})


class CollectionView(TaxiiView):
    def get(self, request: Request, collection: str) -> Response:
        return Response(self.feed(collection).resource())


class PageView(TaxiiView):
    """An endpoint that answers a page of a collection's objects."""

    endpoint = ""

    def page(
        self, request: Request, collection: str, **match: str
    ) -> tuple[feeds.Feed, list[Stored], bool]:
        feed = self.feed(collection)
        filters = read_filters(dict(request.query_params.lists()))
        if match:
            filters = Filters(**{**filters.__dict__, "ids": frozenset(match.values())})
        objects = feeds.stored_objects(feed, added_after=filters.added_after)
        page, more = select(objects, filters)
        if match and not page:
            raise Http404(f"Collection {collection} holds no object {match['object_id']}.")
        feeds.record_pull(
            actor=request.user,
            organisation=self.organisation(),
            feed=feed,
            endpoint=self.endpoint,
            sent=page,
        )
        return feed, page, more


class ObjectsView(PageView):
    endpoint = "objects"

    def get(self, request: Request, collection: str) -> Response:
        _, page, more = self.page(request, collection)
        return Response(envelope(page, more), headers=page_headers(page))


class ObjectView(PageView):
    endpoint = "object"

    def get(self, request: Request, collection: str, object_id: str) -> Response:
        _, page, more = self.page(request, collection, object_id=object_id)
        return Response(envelope(page, more), headers=page_headers(page))


class ObjectVersionsView(PageView):
    endpoint = "versions"

    def get(self, request: Request, collection: str, object_id: str) -> Response:
        _, page, more = self.page(request, collection, object_id=object_id)
        return Response(versions(page, more), headers=page_headers(page))


class ManifestView(PageView):
    endpoint = "manifest"

    def get(self, request: Request, collection: str) -> Response:
        _, page, more = self.page(request, collection)
        return Response(manifest(page, more), headers=page_headers(page))
