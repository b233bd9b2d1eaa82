"""`fraudhub demo-data`: load realistic synthetic reports and demo staff logins."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub import demo
from fraudhub.accounts.demo import give_demo_authenticator
from fraudhub.casework import demo as casework_demo
from fraudhub.casework.demo_recovery import recover_money
from fraudhub.governance.demo import seed_agreements
from fraudhub.governance.models import Organisation, StaffProfile
from fraudhub.governance.roles import Role
from fraudhub.linking.services import run_linking
from fraudhub.prevention.demo import publish_alerts
from fraudhub.prevention.demo_outreach import load_outreach
from fraudhub.prevention.demo_published import publish_demo_identifiers
from fraudhub.prevention.demo_subscribers import seed_subscribers
from fraudhub.reports.models import Report
from fraudhub.reports.services import create_report

DEMO_PASSWORD = "fraudhub-demo"  # noqa: S105 - printed on purpose, for local demos only
DEMO_ORGANISATIONS = [
    ("herts-police", "Hertfordshire Constabulary", Organisation.Kind.POLICE),
    ("trading-standards", "Hertfordshire Trading Standards", Organisation.Kind.TRADING_STANDARDS),
    ("citizens-advice", "Citizens Advice Hertfordshire", Organisation.Kind.CITIZENS_ADVICE),
    ("age-uk", "Age UK Hertfordshire", Organisation.Kind.CHARITY),
]
DEMO_USERS = [
    ("handler", Role.CALL_HANDLER, "fraud-hub"),
    ("manager", Role.CASE_MANAGER, "fraud-hub"),
    ("analyst", Role.ANALYST, "fraud-hub"),
    ("partner", Role.PARTNER_USER, "trading-standards"),
    ("dpo", Role.DATA_PROTECTION_OFFICER, "fraud-hub"),
    ("admin", Role.ADMINISTRATOR, "fraud-hub"),
]


class Command(BaseCommand):
    help = (
        "Load realistic synthetic reports and demo staff logins. The same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reports", type=int, default=300, help="How many reports (default 300)"
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1)")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The day the data ends, YYYY-MM-DD (default today); fix it to get identical data",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if demo reports exist"
        )
        parser.add_argument("--force", action="store_true", help="Allow loading with DEBUG off")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data is for local use: DEBUG is off. Add --force if you mean it."
            )
        organisations = self._organisations()
        logins = self._users(organisations)
        agreed = seed_agreements(as_of=options["as_of"] or date.today())
        if agreed:
            self.stdout.write(
                self.style.SUCCESS(f"Recorded {len(agreed)} data-sharing agreements.")
            )
        self.stdout.write(f"Alert subscribers: {seed_subscribers(seed=options['seed'])}.")
        existing = Report.objects.filter(extra__has_key="demo").count()
        if options["if_empty"] and existing:
            self.stdout.write(f"Demo data already loaded ({existing} reports).")
        else:
            as_of = options["as_of"] or date.today()
            partners = list(organisations.values())
            count = 0
            for count, submission in enumerate(
                demo.generate(options["reports"], seed=options["seed"], as_of=as_of), start=1
            ):
                if submission.source == Report.Source.PARTNER_FORM:
                    submission.organisation = partners[count % len(partners)]
                    submission.partner_reference = f"DEMO-{options['seed']}-{count:06d}"
                create_report(submission=submission, notify=False)
                if count % 100 == 0:
                    self.stdout.write(f"  {count} reports…")
            self.stdout.write(self.style.SUCCESS(f"Loaded {count} demo reports."))
            managers = [
                u
                for u in User.objects.filter(groups__name=Role.CASE_MANAGER).order_by("pk")
                if StaffProfile.objects.filter(user=u, organisation__slug="fraud-hub").exists()
            ]
            worked = casework_demo.work_cases(seed=options["seed"], as_of=as_of, managers=managers)
            self.stdout.write(self.style.SUCCESS(f"Worked {worked} demo cases."))
            recover_money(seed=options["seed"], as_of=as_of, managers=managers)
            linked = run_linking(seed=options["seed"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Linked {linked['clustered_reports']} reports into "
                    f"{linked['identifier_clusters']} clusters, and found "
                    f"{linked['people']['victim']['groups']} victims in more than one report."
                )
            )
            self.stdout.write(f"Published {publish_demo_identifiers()} identifiers for checking.")
            self.stdout.write(self.style.SUCCESS(load_outreach(seed=options["seed"], as_of=as_of)))
            self.stdout.write(f"Drafted {publish_alerts(as_of=as_of)} demo scam alerts.")
        self.stdout.write(f"\nDemo staff logins (password for each: {DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(
            "Each then asks for a code from an authenticator app. For a demo login, "
            "`fraudhub demo-code USERNAME` prints the code it needs now."
        )

    def _organisations(self) -> dict[str, Organisation]:
        found = {}
        for slug, name, kind in DEMO_ORGANISATIONS:
            found[slug], _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind}
            )
        return found

    def _users(self, organisations: dict[str, Organisation]) -> list[tuple[str, str]]:
        hub = Organisation.objects.get(slug="fraud-hub")
        logins = []
        for username, role, org_slug in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = role == Role.ADMINISTRATOR
                user.is_superuser = role == Role.ADMINISTRATOR
                user.save()
            user.groups.add(Group.objects.get(name=role))
            organisation = hub if org_slug == "fraud-hub" else organisations[org_slug]
            StaffProfile.objects.get_or_create(user=user, defaults={"organisation": organisation})
            give_demo_authenticator(user)
            logins.append((username, str(role)))
        return logins
