"""The OASIS taxii2-client talking to this server through Django's test client: a requests
adapter hands each request to the application and its answer back, so the client's own
parsing, paging and checks of media types run against the real views."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from requests.adapters import BaseAdapter

ROOT = "http://testserver/taxii2/"


class DjangoAdapter(BaseAdapter):
    """Sends a request to the Django application under test instead of the network."""

    def __init__(self) -> None:
        super().__init__()
        self.client = Client()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request)
        parts = urlsplit(request.url or "")
        headers = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length")
        }
        answer = self.client.generic(
            request.method or "GET",
            parts.path + (f"?{parts.query}" if parts.query else ""),
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            **headers,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers.update(dict(answer.items()))
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


class TokenAuth(requests.auth.AuthBase):
    """The fraud hub's token header."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Token {self.token}"
        return request


def route_to_django(monkeypatch: pytest.MonkeyPatch) -> DjangoAdapter:
    """Every requests session (taxii2-client makes one per resource it finds) sends what
    it asks of http://testserver/ to the application under test."""
    adapter = DjangoAdapter()
    original = requests.Session.get_adapter

    def get_adapter(session: requests.Session, url: str) -> BaseAdapter:
        if url.startswith("http://testserver/"):
            return adapter
        return original(session, url)

    monkeypatch.setattr(requests.Session, "get_adapter", get_adapter)
    return adapter
