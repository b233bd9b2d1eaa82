"""The smoke test's two helpers, standard library only (deploy/smoke.sh runs them):

python deploy/smoke_walk.py proxy LISTEN_PORT TARGET_PORT
    a TCP proxy from 127.0.0.1:LISTEN_PORT to PostgreSQL on 127.0.0.1:TARGET_PORT; the
    application reaches its database through it, so stopping it is the database going away
python deploy/smoke_walk.py walk BASE_URL
    through HTTP, as nginx would pass it on: a resident reports a scam and tracks it, a
    case manager signs in with the second factor and finds it, a partner system calls
    the API; /readyz/ answers 200 and /metrics counts the requests
python deploy/smoke_walk.py not-ready BASE_URL
    /readyz/ answers 503 naming the database
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie


def proxy(listen_port: int, target_port: int) -> None:
    server = socket.create_server(("127.0.0.1", listen_port), reuse_port=False)

    def pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", target_port))
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pipe, args=(a, b), daemon=True).start()


class Browser:
    """Cookies, CSRF tokens and the headers nginx adds; no redirects followed unasked."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.host = urllib.parse.urlsplit(self.base).netloc

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        sent = {
            # what nginx adds in front (TRUSTED_PROXIES=1): HTTPS ended there
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.10",
            "Referer": f"https://{self.host}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        req = urllib.request.Request(self.base + path, data=body, headers=sent)  # noqa: S310 - http://127.0.0.1 from the script
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=30) as response:
                status, got, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, got, text = error.code, error.headers, error.read().decode()
        for header in got.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, dict(got.items()), text

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request(path, headers=headers)

    def post(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, str], str]:
        _, _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form on {path}"
        return self.request(path, {**data, "csrfmiddlewaretoken": token.group(1)})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


JOURNEY = [
    ("who", {"reporting_for": "myself"}),
    ("scam-type", {"scam_type": "bank_impersonation"}),
    ("contact-method", {"contact_method": "phone_call"}),
    ("what-happened", {"narrative": "A caller said he was from my bank."}),
    ("when", {"incident_date_day": "5", "incident_date_month": "3", "incident_date_year": "2026"}),
    ("still-in-contact", {"still_in_contact": "no"}),
    ("scammer-details", {"phones": "020 7946 0123"}),
    ("money", {"lost_money": "no"}),
    ("about", {"first_name": "Edith", "last_name": "Smoke", "age": "80", "postcode": "AL1 3EJ"}),
    ("support-needs", {"indicators": "lives_alone"}),
    ("contact-details", {"email": "edith@example.com"}),
    ("consent", {"consent_to_contact": "yes", "consent_to_share": "yes"}),
]


def check(what: str, ok: bool, detail: object = "") -> None:
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        raise SystemExit(f"smoke test failed: {what} {str(detail)[:2000]}")


def walk(base: str) -> None:
    resident = Browser(base)
    for slug, data in JOURNEY:
        status, headers, page = resident.post(f"/report/{slug}/", data)
        check(f"report page {slug}", status == 302, page)
    status, headers, page = resident.post("/report/check-answers/", {})
    check("report sent", status == 302 and "X-Request-ID" in headers, page)
    status, _, page = resident.get("/report/sent/")
    found = re.search(r"/track/(FH-\d{4}-\d{6})/([^/\"]+)/", page)
    check("confirmation shows the reference and tracking link", status == 200 and bool(found), page)
    assert found
    reference = found.group(1)
    status, _, page = Browser(base).get(found.group(0))
    check("tracking the report by its link", status == 200 and reference in page, page)

    code = subprocess.run(  # noqa: S603 - the project's own command
        [os.environ.get("FRAUDHUB", "fraudhub"), "demo-code", "manager"],
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    staff = Browser(base)
    status, headers, page = staff.post(
        "/staff/sign-in/", {"username": "manager", "password": "fraudhub-demo"}
    )
    check("staff password", status == 302 and "/code/" in headers.get("Location", ""), page)
    status, headers, page = staff.post("/staff/sign-in/code/", {"code": code})
    check("staff second factor", status == 302, page)
    status, _, page = staff.get(f"/staff/reports/{reference}/")
    check(
        "the case manager opens the report", status == 200 and "Edith" in html.unescape(page), page
    )

    token = os.environ["SMOKE_API_TOKEN"]
    status, _, body = Browser(base).get(
        "/api/v1/reports/?reason=smoke-test", Authorization=f"Token {token}"
    )
    check("partner API lists its reports", status == 200 and "results" in json.loads(body), body)

    deadline = time.monotonic() + 60
    while True:
        status, _, body = Browser(base).get("/readyz/")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    check(
        "/readyz/ answers 200 (database, migrations, worker heartbeat, media)", status == 200, body
    )
    status, _, body = Browser(base).get(
        "/metrics", Authorization=f"Bearer {os.environ['METRICS_TOKEN']}"
    )
    check(
        "/metrics counts requests by view",
        status == 200 and 'view="intake:step"' in body and reference not in body,
        body,
    )


def not_ready(base: str) -> None:
    status, _, body = Browser(base).get("/readyz/")
    check(
        "/readyz/ answers 503 with the database gone",
        status == 503 and "database" in json.loads(body)["failed"],
        body,
    )
    status, _, body = Browser(base).get("/healthz/")
    check("/healthz/ still answers 200", status == 200, body)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "proxy":
        proxy(int(args[0]), int(args[1]))
    elif command == "walk":
        walk(args[0])
    elif command == "not-ready":
        not_ready(args[0])
    else:
        raise SystemExit(__doc__)
