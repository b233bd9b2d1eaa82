"""The people benchmarks/load.py sends at the production server, as a locust file: residents
walking the public journey to a stored report and following its tracking link; case
managers signed in with a password and an authenticator code, working the case queue,
case pages and the staff search; partner systems on the API; and, beside them, requests
for a trivial page (the server's ceiling). Each request's time goes to the file named by
LOAD_RESULTS for load.py to sum up by group. Not run on its own: load.py starts it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from http.cookiejar import Cookie
from typing import Any

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

CONFIG: dict[str, Any] = json.loads(open(os.environ["LOAD_CONFIG"]).read())  # noqa: SIM115
WAIT = between(CONFIG["wait"][0], CONFIG["wait"][1])
# (group, name, milliseconds, failed, when it ended: seconds since the epoch)
TIMES: list[tuple[str, str, float, bool, float]] = []
STAFF = itertools.count()
SYSTEMS = itertools.count()
ANY = frozenset({200, 302})

JOURNEY = [  # someone reporting for a parent who lost nothing: the fewest answers
    ("who", {"reporting_for": "someone_else"}),
    ("relationship", {"relationship": "family"}),
    ("scam-type", {"scam_type": "courier"}),
    ("contact-method", {"contact_method": "phone_call"}),
    (
        "what-happened",
        {"narrative": "A caller said he was a police officer and asked for his cards."},
    ),
    ("when", {"incident_date_day": "2", "incident_date_month": "11", "incident_date_year": "2026"}),
    ("still-in-contact", {"still_in_contact": "no"}),
    ("scammer-details", {"phones": "020 7946 0999"}),
    ("money", {"lost_money": "no"}),
    ("about", {"first_name": "Arthur", "last_name": "Bell", "age": "86", "postcode": "SG1 1AA"}),
    ("support-needs", {"indicators": ["none"]}),
    ("safe-contact", {"contact_rule": "no_phone"}),
    (
        "contact-details",
        {"reporter_first_name": "Ann", "reporter_last_name": "Bell", "email": "ann@example.com"},
    ),
    ("consent", {"consent_to_contact": "yes", "consent_to_share": "yes"}),
]
TRACKING = re.compile(r'id="tracking-link" href="https?://[^/"]+(/track/[^"]+)"')


@events.request.add_listener
def _timed(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    TIMES.append((name.split(":")[0], name, response_time, exception is not None, time.time()))


@events.quitting.add_listener
def _written(**_: Any) -> None:
    with open(os.environ["LOAD_RESULTS"], "w") as out:  # noqa: PTH123
        json.dump(TIMES, out)


class PlainHttpCookies(RequestsCookieJar):
    """Keeps the production cookies (marked Secure, as behind the TLS proxy) for the
    benchmark's plain HTTP to 127.0.0.1."""

    def set_cookie(self, cookie: Cookie, *args: Any, **kwargs: Any) -> None:
        cookie.secure = False
        super().set_cookie(cookie, *args, **kwargs)


def totp(key_hex: str, at: float) -> str:
    """The six-digit code an authenticator app shows at `at` for this key (RFC 6238)."""
    counter = struct.pack(">Q", int(at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


class Browser(HttpUser):
    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        self.client.cookies = PlainHttpCookies()

    def csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get(CONFIG["csrf_cookie"], "")}

    def post(
        self, path: str, data: dict[str, Any], name: str, ok: frozenset[int] = frozenset({302})
    ) -> Any:
        with self.client.post(
            path,
            data=data,
            headers=self.csrf(),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:300]}")
            return response


class Resident(Browser):
    fixed_count = CONFIG["users"]["public"]

    @staticmethod
    def answers() -> list[tuple[str, dict[str, Any]]]:
        """The journey's answers about a person of the county picked at random."""
        victim = {
            "first_name": random.choice(CONFIG["first_names"]),
            "last_name": random.choice(CONFIG["last_names"]),
            "age": str(random.randint(60, 95)),
            "postcode": random.choice(CONFIG["postcodes"]),
        }
        reporter = {
            "reporter_first_name": random.choice(CONFIG["first_names"]),
            "reporter_last_name": victim["last_name"],
        }
        changed = {"about": victim, "contact-details": reporter}
        return [(slug, {**data, **changed.get(slug, {})}) for slug, data in JOURNEY]

    @task
    def report_a_scam_and_track_it(self) -> None:
        # A person reads each page and answers it before the next: the pause comes
        # between pages, not only between journeys.
        self.client.get("/report/", name="public: start")
        self.wait()
        self.client.get("/report/who/", name="public: first question")
        for slug, data in self.answers():
            self.wait()
            answered = self.post(f"/report/{slug}/", data, "public: answer")
            if answered.status_code == 302:  # the browser follows on to the next question
                self.client.get(answered.headers["Location"], name="public: question")
        self.wait()
        self.post("/report/check-answers/", {}, "public: send report")
        sent = self.client.get("/report/sent/", name="public: report sent")
        found = TRACKING.search(sent.text)
        if found is None:
            events.request.fire(
                request_type="GET",
                name="public: tracking",
                response_time=0,
                response_length=0,
                exception=Exception("no tracking link"),
                context={},
            )
            return
        self.wait()
        self.client.get(found.group(1), name="public: tracking")


class CaseManager(Browser):
    fixed_count = CONFIG["users"]["staff"]
    CODE = "/staff/sign-in/code/"

    def on_start(self) -> None:
        super().on_start()
        staff = CONFIG["staff"][next(STAFF) % len(CONFIG["staff"])]
        self.client.get("/staff/sign-in/", name="sign-in")
        self.post(
            "/staff/sign-in/",
            {"username": staff["username"], "password": CONFIG["password"]},
            "sign-in",
        )
        now = time.time()
        # This step's code, or the next one if an earlier run used it (the server allows
        # an app a step ahead).
        if (
            self.post(self.CODE, {"code": totp(staff["key"], now)}, "sign-in", ANY).status_code
            != 302
        ):
            self.post(self.CODE, {"code": totp(staff["key"], now + 30)}, "sign-in")
        self.post("/staff/reports-reason/", {"reason": "investigation"}, "sign-in", ANY)

    def page(self, path: str, name: str, params: dict[str, str] | None = None) -> None:
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if "/staff/sign-in/" in response.url or response.status_code != 200:
                response.failure(f"{response.status_code} at {response.url}")

    @task(4)
    def queue(self) -> None:
        self.page("/staff/cases/", "staff: case queue", random.choice(CONFIG["queue_filters"]))

    @task(3)
    def case_page(self) -> None:
        self.page(f"/staff/cases/{random.choice(CONFIG['case_ids'])}/", "staff: case page")

    @task(2)
    def search(self) -> None:
        self.page("/staff/search/", "staff: search", {"q": random.choice(CONFIG["search_terms"])})


class PartnerSystem(HttpUser):
    fixed_count = CONFIG["users"]["api"]
    wait_time = WAIT

    def on_start(self) -> None:
        n = next(SYSTEMS)
        self.reader = {
            "Authorization": f"Token {CONFIG['read_tokens'][n % len(CONFIG['read_tokens'])]}"
        }
        self.sender = {
            "Authorization": f"Token {CONFIG['send_tokens'][n % len(CONFIG['send_tokens'])]}"
        }

    @task(3)
    def list_reports(self) -> None:
        self.client.get(
            "/api/v1/reports/",
            params={"page": random.randint(1, 50)},
            headers=self.reader,
            name="api: list reports",
        )

    @task(2)
    def one_report(self) -> None:
        self.client.get(
            f"/api/v1/reports/{random.choice(CONFIG['references'])}/",
            headers=self.reader,
            name="api: one report",
        )

    @task(1)
    def send_referral(self) -> None:
        body = {
            "partner_reference": f"LOAD-{base64.b32encode(os.urandom(5)).decode()}",
            "received_date": "2026-11-05",
            "scam_type": "Courier fraud",
            "contact_method": "Telephone",
            "description": "A man said he was a police officer and sent a courier for her cards.",
            "amount_lost": "£2,400",
            "victim_first_name": random.choice(CONFIG["first_names"]),
            "victim_last_name": random.choice(CONFIG["last_names"]),
            "victim_postcode": random.choice(CONFIG["postcodes"]),
            "consent_to_contact": "yes",
        }
        with self.client.post(
            "/api/v1/reports/",
            json=body,
            headers=self.sender,
            name="api: send referral",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:300]}")


class Ceiling(HttpUser):
    fixed_count = CONFIG["users"]["trivial"]
    wait_time = WAIT

    @task
    def trivial(self) -> None:
        self.client.get(CONFIG["trivial_path"], name="trivial: " + CONFIG["trivial_path"])
