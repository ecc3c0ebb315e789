"""National demo activities (``seed_demo --scale national``): every county but Stockholm's.

Per county and year: each municipality's own SFI (run by its adult education), one joint
civic-orientation course for the whole county (mother-tongue delivery in several
languages) and one language café. Reports for every served municipality and ended month:
approved, the latest handed in and waiting, one municipality in seven behind with its
latest. Bulk inserts, like the national follow-up reports. Idempotent per county: a
county that already has activities is left alone. Everyone is invented.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from activities.demo import COUNTY as DEMO_COUNTY
from activities.demo import _figures
from activities.models import (
    Activity,
    ActivityCourseFigure,
    ActivityKind,
    ActivityReport,
    Language,
    Organisation,
)
from activities.rules import with_check_digit
from core.models import County, Municipality
from reception.models import ReportingPeriod, ReportStatus

BATCH = 5000
#: Languages of instruction, by activity kind (codes of the Language table).
SFI_LANGUAGES = ["sv"]
CIVIC_LANGUAGES = ["ar", "prs", "ti", "so", "uk"]
CAFE_LANGUAGES = ["sv-easy", "ar", "uk"]


def _organisations(county: County, municipalities: list[Municipality]) -> dict:
    digits = f"{int(county.code):02d}"
    made = Organisation.objects.bulk_create(
        [
            Organisation(
                county=county,
                name=f"Vuxenutbildningen i {m.name}",
                kind="municipality",
                org_number=with_check_digit(f"2120{digits}{i:03d}"),
                contact_name="Studie- och yrkesvägledningen",
                email=f"vux@kommun{m.code}.example",
            )
            for i, m in enumerate(municipalities)
        ]
        + [
            Organisation(
                county=county,
                name=f"Samhällsorientering {county.name}",
                kind="joint_body",
                org_number=with_check_digit(f"2220{digits}001"),
                contact_name="Samordnare samhällsorientering",
                email=f"so.lan{county.code}@kommunforbund.example",
            ),
            Organisation(
                county=county,
                name=f"Språkcafé {county.name}",
                kind="non_profit",
                org_number=with_check_digit(f"8025{digits}001"),
                contact_name="Volontärsamordnaren",
                email=f"cafe.lan{county.code}@forening.example",
            ),
        ]
    )
    return {"adult": made[: len(municipalities)], "civic": made[-2], "cafe": made[-1]}


def _activity(county, kind, title, organisation, year, today, **extra) -> Activity:
    return Activity(
        county=county,
        kind=kind,
        title=title,
        organisation=organisation,
        delivery=extra.pop("delivery", "classroom"),
        study_form="regular",
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        published=year >= today.year,
        contact_name=organisation.contact_name,
        contact_email=organisation.email,
        **extra,
    )


def seed_activities(
    *, out, years: range, counties=None, today: datetime.date | None = None
) -> None:
    today = today or timezone.localdate()
    languages = {lang.code: lang for lang in Language.objects.all()}
    done = set(Activity.objects.values_list("county_id", flat=True).distinct().order_by())
    if counties is None:
        counties = County.objects.exclude(code=DEMO_COUNTY).order_by("code")
    counties = [c for c in counties if c.pk not in done]
    activities: list[Activity] = []
    served: list[list[Municipality]] = []
    spoken: list[list[str]] = []
    for county in counties:
        municipalities = list(Municipality.objects.filter(county=county).order_by("code"))
        if not municipalities:
            continue
        orgs = _organisations(county, municipalities)
        for year in years:
            for municipality, adult in zip(municipalities, orgs["adult"], strict=True):
                activities.append(
                    _activity(
                        county, ActivityKind.SFI, f"SFI i {municipality.name} {year}", adult,
                        year, today, places=random.Random(municipality.code).choice([40, 80, 160]),
                        hours=525, location=f"Vuxenutbildningen, {municipality.name}",
                    )
                )  # fmt: skip
                served.append([municipality])
                spoken.append(SFI_LANGUAGES)
            activities.append(
                _activity(
                    county, ActivityKind.CIVIC,
                    f"Samhällsorientering på modersmål, {county.name} {year}", orgs["civic"],
                    year, today, places=20 * len(municipalities), hours=100, mother_tongue=True,
                    delivery="mixed", location="Studieförbundens lokaler i länet",
                )
            )  # fmt: skip
            served.append(municipalities)
            spoken.append(CIVIC_LANGUAGES)
            activities.append(
                _activity(
                    county, ActivityKind.LANGUAGE_CAFE, f"Språkcafé i {county.name} {year}",
                    orgs["cafe"], year, today, places=30, hours=60, location="Stadsbiblioteket",
                )
            )  # fmt: skip
            served.append(municipalities[:3])
            spoken.append(CAFE_LANGUAGES)
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    Activity.municipalities.through.objects.bulk_create(
        [
            Activity.municipalities.through(activity_id=a.pk, municipality_id=m.pk)
            for a, ms in zip(activities, served, strict=True)
            for m in ms
        ],
        batch_size=BATCH,
    )
    Activity.languages.through.objects.bulk_create(
        [
            Activity.languages.through(activity_id=a.pk, language_id=languages[code].pk)
            for a, codes in zip(activities, spoken, strict=True)
            for code in codes
            if code in languages
        ],
        batch_size=BATCH,
    )
    reports, courses = _reports(activities, served, today)
    out.write(
        f"  activities (national): {len(activities)} activities in {len(counties)} counties, "
        f"{reports} activity reports, {courses} SFI course rows"
    )


def _reports(activities, served, today) -> tuple[int, int]:
    periods: dict[tuple[int, int], list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(end__lt=today).order_by("start"):
        periods.setdefault((period.county_id, period.year), []).append(period)
    now = timezone.now()
    reports: list[ActivityReport] = []
    course_rows: list[tuple[int, dict]] = []
    for activity, municipalities in zip(activities, served, strict=True):
        mine = periods.get((activity.county_id, activity.start.year), [])
        for municipality in municipalities:
            rng = random.Random(f"national-activity-{activity.title}-{municipality.code}")
            behind = int(municipality.code) % 7 == 0
            for index, period in enumerate(mine):
                latest = index == len(mine) - 1
                if latest and behind:
                    continue
                waiting = latest and activity.start.year == today.year
                status = ReportStatus.SUBMITTED if waiting else ReportStatus.APPROVED
                figures, courses = _figures(
                    rng, activity.kind, activity.places, len(municipalities)
                )
                reports.append(
                    ActivityReport(
                        activity=activity,
                        municipality=municipality,
                        period=period,
                        status=status,
                        submitted_at=now,
                        reviewed_at=None if waiting else now,
                        **figures,
                    )
                )
                if courses:
                    course_rows.append((len(reports) - 1, courses))
    ActivityReport.objects.bulk_create(reports, batch_size=BATCH)
    rows = [
        ActivityCourseFigure(report=reports[i], course=code, **values)
        for i, courses in course_rows
        for code, values in courses.items()
    ]
    ActivityCourseFigure.objects.bulk_create(rows, batch_size=BATCH)
    return len(reports), len(rows)
