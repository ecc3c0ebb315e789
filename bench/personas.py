"""Signed-in personas, the report rows the benchmark writes to, and query counting.

Runs in the benchmark process with Django set up against the benchmark database.
Sessions are made with the test client's ``force_login`` (a real session row, so
the gunicorn workers accept the cookie); CSRF uses a cookie and the same secret
in the form, as a browser does.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.demo_national import reporter_email, staff_email
from accounts.models import User
from agreements.models import TargetCategory
from core.models import Municipality
from reception.models import FollowUpReport, ReportFigure, ReportingPeriod, ReportStatus

from .pages import Fixtures, Page

JOBS_FILE = Path(__file__).resolve().parent / "results" / "tmp" / "post_jobs.tsv"


def csrf_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def ensure_draft(municipality: Municipality, period: ReportingPeriod) -> FollowUpReport:
    """The municipality's report for the period, as an editable draft with every figure."""
    report, _ = FollowUpReport.objects.get_or_create(
        municipality=municipality, period=period, defaults={"status": ReportStatus.DRAFT}
    )
    FollowUpReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.DRAFT, submitted_at=None, submitted_figures={}
    )
    for category in TargetCategory.objects.filter(active=True):
        ReportFigure.objects.get_or_create(
            report=report, category=category, defaults={"received": 1}
        )
    report.refresh_from_db()
    return report


def form_body(csrf: str, *, action: str = "save", value: int = 2) -> dict[str, str]:
    """A valid draft: ``value`` received per category, split one woman, the rest men."""
    body = {"csrfmiddlewaretoken": csrf, "version": "{version}", "action": action}
    for category in TargetCategory.objects.filter(active=True):
        body[f"received_{category.code}"] = str(value)
        if category.asks_for_split:
            body[f"women_{category.code}"] = "1"
            body[f"men_{category.code}"] = str(value - 1)
            body[f"children_{category.code}"] = "0"
    body["self_settled"] = "0"
    body["comment"] = ""
    return body


@dataclass
class World:
    fixtures: Fixtures
    users: dict[str, User]
    post_municipalities: list[Municipality]
    period: ReportingPeriod
    csrf: str = field(default_factory=csrf_secret)
    _cookies: dict[str, str] = field(default_factory=dict)

    def session(self, user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def cookie_for(self, user: User) -> str:
        return (
            f"{settings.SESSION_COOKIE_NAME}={self.session(user)}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
        )

    def cookie(self, persona: str | None) -> str:
        if persona is None:
            return ""
        if persona not in self._cookies:
            self._cookies[persona] = self.cookie_for(self.users[persona])
        return self._cookies[persona]

    def reporter(self, municipality: Municipality) -> User:
        return User.objects.get(email=reporter_email(municipality.code))

    def post_jobs(self, *, path_for) -> list[tuple[str, str, int, str]]:
        """One (path, cookie, version, body) per connection: a draft of its own each."""
        jobs = []
        for municipality in self.post_municipalities:
            report = ensure_draft(municipality, self.period)
            fixtures = Fixtures(
                self.fixtures.year, self.fixtures.county_code, municipality.code, self.period.pk
            )
            body = urlencode(form_body(self.csrf)).replace("%7Bversion%7D", "{version}")
            cookie = self.cookie_for(self.reporter(municipality))
            jobs.append((path_for(fixtures), cookie, report.version, body))
        return jobs

    def write_jobs(self, jobs) -> Path:
        JOBS_FILE.parent.mkdir(parents=True, exist_ok=True)
        JOBS_FILE.write_text(
            "".join(f"{p}\t{c}\t{v}\t{b}\n" for p, c, v, b in jobs), encoding="utf-8"
        )
        return JOBS_FILE

    def count_queries(self, page: Page, path: str) -> int:
        """Queries of one request (the second: caches warm), with Django's test client."""
        client = Client()
        if page.persona:
            client.force_login(self.users[page.persona])
        if page.method == "POST":
            report = ensure_draft(self.post_municipalities[0], self.period)
            # The reporter persona reports for post_municipalities[0].
            body = form_body("x")
            body["version"] = str(report.version)
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(path, body)
            expected = 302
        else:
            client.get(path)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            expected = 200
        if response.status_code != expected:
            raise RuntimeError(f"{page.name}: {path} answered {response.status_code}")
        return len(ctx.captured_queries)


def build(*, staff_county: str, connections: int) -> World:
    """Personas and report rows in ``staff_county``; the current year's latest ended month."""
    today = timezone.localdate()
    municipalities = list(Municipality.objects.filter(county__code=staff_county).order_by("code"))
    period = (
        ReportingPeriod.objects.filter(county__code=staff_county, year=today.year, end__lt=today)
        .order_by("-start")
        .first()
    )
    if period is None:  # January: last year's December
        period = ReportingPeriod.objects.filter(county__code=staff_county, end__lt=today).latest(
            "start"
        )
    first = municipalities[0]
    ensure_draft(first, period)
    users = {
        "staff": User.objects.get(email=staff_email(staff_county, 1)),
        "reporter": User.objects.get(email=reporter_email(first.code)),
    }
    fixtures = Fixtures(
        year=today.year, county_code=staff_county, municipality_code=first.code,
        period_pk=period.pk,
    )  # fmt: skip
    return World(fixtures, users, municipalities[:connections], period)
