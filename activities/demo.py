"""Demo organisations, SFI / civic-orientation / other activities and their reports (county 01).

Idempotent: organisations and activities are found by name and title; a report
that already exists for (activity, municipality, period) is left alone. Everyone
is invented. The reporter municipalities' latest ended period is left open so
the demo reporters have something to report.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import User
from activities import services
from activities.models import (
    Activity,
    ActivityCourseFigure,
    ActivityKind,
    ActivityReport,
    Language,
    Organisation,
)
from activities.rules import COURSE_CODES, with_check_digit
from core.models import County, Municipality
from reception.demo_time import handed_in_at, reviewed_at
from reception.models import ReportStatus
from reception.periods import periods_ensure

COUNTY = "01"
STAFF_EMAIL = "elin.berggren@lansstyrelsen.example"
OPEN_FOR = {"0181", "0126"}

ORGANISATIONS = [
    # name, kind, nine first digits of the organisation number, contact, e-mail, phone
    (
        "Södertälje Lärcenter",
        "municipality",
        "212000018",
        "Lina Åkesson",
        "larcenter@sodertalje.example",
        "08-523 010 00",
    ),
    (
        "Huddinge vuxenutbildning",
        "municipality",
        "212000008",
        "Jonas Berg",
        "vux@huddinge.example",
        "08-535 300 00",
    ),
    (
        "Samordningsförbundet Sydväst",
        "joint_body",
        "222000123",
        "Maria Lund",
        "info@sydvast.example",
        "08-123 456 00",
    ),
    (
        "Folkhögskolan Mälarbacken",
        "folk_high_school",
        "802400123",
        "Yusuf Karimi",
        "kansli@malarbacken.example",
        "08-555 120 30",
    ),
    (
        "Språkvänner i Stockholm",
        "non_profit",
        "802500456",
        "Anna Holm",
        "hej@sprakvanner.example",
        "070-123 45 67",
    ),
    (
        "Kompetensbryggan AB",
        "company",
        "556700123",
        "Erik Sand",
        "kontakt@kompetensbryggan.example",
        "08-400 200 10",
    ),
]

LANG = {
    "ar": "ar", "prs": "prs", "ti": "ti", "so": "so", "uk": "uk",
    "fa": "fa", "sv": "sv", "sv-easy": "sv-easy",
}  # fmt: skip


def _activities(today: datetime.date) -> list[dict]:
    year = today.year
    return [
        {
            "title": "SFI studieväg 1, Södertälje",
            "kind": ActivityKind.SFI, "org": "Södertälje Lärcenter",
            "municipalities": ["0181"], "languages": ["ar", "ti", "so"],
            "delivery": "classroom", "study_form": "regular",
            "start": datetime.date(year - 1, 1, 9), "end": datetime.date(year + 1, 6, 12),
            "places": 60, "hours": 525, "location": "Lärcentrum, Storgatan 12, Södertälje",
            "contact": ("Lina Åkesson", "larcenter@sodertalje.example", "08-523 010 00"),
            "published": True,
        },
        {
            "title": "SFI kvällskurs, Huddinge",
            "kind": ActivityKind.SFI, "org": "Huddinge vuxenutbildning",
            "municipalities": ["0126"], "languages": ["prs", "uk", "fa"],
            "delivery": "mixed", "study_form": "regular",
            "start": datetime.date(year - 1, 8, 19), "end": datetime.date(year + 1, 6, 5),
            "places": 40, "hours": 400, "location": "Kommunalvägen 28, Huddinge",
            "contact": ("Jonas Berg", "vux@huddinge.example", "08-535 300 00"),
            "published": True,
        },
        {
            "title": "Samhällsorientering på modersmål, Sydväst",
            "kind": ActivityKind.CIVIC, "org": "Samordningsförbundet Sydväst",
            "municipalities": ["0181", "0126", "0127", "0128"],
            "languages": ["ar", "prs", "ti", "so"], "mother_tongue": True,
            "delivery": "classroom", "study_form": "regular",
            "start": datetime.date(year - 1, 9, 1), "end": datetime.date(year + 1, 5, 31),
            "places": 80, "hours": 100, "location": "Medborgarhuset, Botkyrka",
            "contact": ("Maria Lund", "info@sydvast.example", "08-123 456 00"),
            "published": True,
        },
        {
            "title": "Samhällsorientering på ukrainska, intensiv",
            "kind": ActivityKind.CIVIC, "org": "Folkhögskolan Mälarbacken",
            "municipalities": ["0180", "0126"], "languages": ["uk"], "mother_tongue": True,
            "delivery": "distance", "study_form": "intensive",
            "start": datetime.date(year, 2, 1), "end": datetime.date(year + 1, 1, 31),
            "places": 30, "hours": 100, "location": "Digitalt",
            "contact": ("Yusuf Karimi", "kansli@malarbacken.example", "08-555 120 30"),
            "published": True,
        },
        {
            "title": "Språkcafé på biblioteket",
            "kind": ActivityKind.LANGUAGE_CAFE, "org": "Språkvänner i Stockholm",
            "municipalities": ["0181", "0180"], "languages": ["sv", "sv-easy"],
            "delivery": "classroom", "study_form": "regular",
            "start": datetime.date(year, 1, 15), "end": datetime.date(year + 1, 12, 15),
            "places": 25, "hours": None, "location": "Stadsbiblioteket, Södertälje",
            "contact": ("Anna Holm", "hej@sprakvanner.example", "070-123 45 67"),
            "published": True,
        },
        {
            "title": "Arbetsförberedande insats med språkstöd",
            "kind": ActivityKind.WORK_PREPARATION, "org": "Kompetensbryggan AB",
            "municipalities": ["0126", "0127"], "languages": ["ar", "uk"],
            "delivery": "mixed", "study_form": "intensive",
            "start": datetime.date(year, 3, 1), "end": datetime.date(year + 1, 2, 28),
            "places": 15, "hours": 160, "location": "Företagsvägen 4, Huddinge",
            "contact": ("Erik Sand", "kontakt@kompetensbryggan.example", "08-400 200 10"),
            "published": False,
        },
    ]  # fmt: skip


def _figures(rng: random.Random, kind: str, places: int, share: int) -> tuple[dict, dict | None]:
    participants = max(1, min(places, rng.randint(places // (share * 2) + 1, places // share + 2)))
    women = rng.randint(participants // 3, participants)
    men = participants - women
    completed = rng.randint(0, participants // 4)
    dropped = rng.randint(0, (participants - completed) // 6)
    figures = {
        "women": women,
        "men": men,
        "first_time": rng.randint(0, participants // 3),
        "completed": completed,
        "dropped": dropped,
    }
    if kind != ActivityKind.SFI:
        return figures, None
    codes = rng.sample(COURSE_CODES[:6], 3)
    courses = {code: dict.fromkeys(
        ("completed_women", "completed_men", "dropped_women", "dropped_men",
         "continuing_women", "continuing_men"), 0) for code in codes}  # fmt: skip
    # Spread each outcome over the courses, women first, then men.
    left = {"completed": completed, "dropped": dropped}
    for sex, total in (("women", women), ("men", men)):
        for outcome in ("completed", "dropped"):
            n = min(left[outcome], total)
            courses[rng.choice(codes)][f"{outcome}_{sex}"] += n
            left[outcome] -= n
            total -= n
        courses[rng.choice(codes)][f"continuing_{sex}"] += total
    return figures, courses


def seed(*, out, scale: str = "county") -> None:
    county = County.objects.get(code=COUNTY)
    today = timezone.localdate()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    municipalities = {m.code: m for m in Municipality.objects.in_county(county)}
    languages = {lang.code: lang for lang in Language.objects.all()}
    organisations = {}
    made_orgs = 0
    for name, kind, digits, contact, email, phone in ORGANISATIONS:
        found = Organisation.objects.filter(county=county, name=name).first()
        if found is None:
            found = services.organisation_save(
                county=county,
                user=staff,
                data={
                    "name": name,
                    "kind": kind,
                    "org_number": with_check_digit(digits),
                    "contact_name": contact,
                    "email": email,
                    "phone": phone,
                },
            )
            made_orgs += 1
        organisations[name] = found
    made_activities = 0
    activities = []
    for spec in _activities(today):
        activity = Activity.objects.filter(county=county, title=spec["title"]).first()
        if activity is None:
            name, email, phone = spec["contact"]
            activity = services.activity_save(
                county=county,
                user=staff,
                data={
                    "kind": spec["kind"],
                    "title": spec["title"],
                    "organisation": organisations[spec["org"]],
                    "mother_tongue": spec.get("mother_tongue", False),
                    "delivery": spec["delivery"],
                    "study_form": spec["study_form"],
                    "start": spec["start"],
                    "end": spec["end"],
                    "places": spec["places"],
                    "hours": spec["hours"],
                    "location": spec["location"],
                    "contact_name": name,
                    "contact_email": email,
                    "contact_phone": phone,
                    "published": spec["published"],
                },
                municipalities=[municipalities[c] for c in spec["municipalities"]],
                languages=[languages[c] for c in spec["languages"]],
            )
            made_activities += 1
        activities.append(activity)

    periods = [
        p
        for year in (today.year - 1, today.year)
        for p in periods_ensure(county=county, year=year)
        if p.end < today
    ]
    existing = set(
        ActivityReport.objects.filter(activity__county=county).values_list(
            "activity_id", "municipality_id", "period_id"
        )
    )
    reports: list[ActivityReport] = []
    course_rows: dict[int, dict] = {}
    now = timezone.now()
    # Where the municipality has a demo reporter, the reports are theirs (names on the pages).
    reporters = {
        m.code: user
        for user in User.objects.filter(role=User.Role.REPORTER).prefetch_related("municipalities")
        for m in user.municipalities.all()
    }
    for activity in activities:
        served = list(activity.municipalities.all())
        for municipality in served:
            rng = random.Random(f"activity-{activity.title}-{municipality.code}")
            mine = [p for p in periods if p.end >= activity.start and p.start <= activity.end]
            for index, period in enumerate(mine):
                last = index == len(mine) - 1
                if (activity.pk, municipality.pk, period.pk) in existing:
                    continue
                if last and municipality.code in OPEN_FOR:
                    continue  # left for the demo reporter to fill in
                status = ReportStatus.SUBMITTED if last else ReportStatus.APPROVED
                figures, courses = _figures(rng, activity.kind, activity.places, len(served))
                handed_in = handed_in_at(period, (index * 3) % 10, datetime.time(11, 0), now)
                report = ActivityReport(
                    activity=activity,
                    municipality=municipality,
                    period=period,
                    status=status,
                    submitted_at=handed_in,
                    submitted_by=reporters.get(municipality.code),
                    reviewed_at=(
                        reviewed_at(handed_in, now) if status == ReportStatus.APPROVED else None
                    ),
                    reviewed_by=staff if status == ReportStatus.APPROVED else None,
                    **figures,
                )
                reports.append(report)
                if courses:
                    course_rows[id(report)] = courses
    ActivityReport.objects.bulk_create(reports)
    ActivityCourseFigure.objects.bulk_create(
        ActivityCourseFigure(report=report, course=code, **values)
        for report in reports
        for code, values in course_rows.get(id(report), {}).items()
    )
    out.write(
        f"  activities: {made_orgs} organisations and {made_activities} activities made, "
        f"{len(reports)} activity reports made, {len(existing)} already there"
    )
    if scale == "national":
        from agreements.demo_national import national_years

        from .demo_national import seed_activities

        seed_activities(out=out, years=national_years(), today=today)
