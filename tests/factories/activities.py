"""Factories for activities: an organisation, activities and reports in county 01."""

from __future__ import annotations

import datetime

from activities import services
from activities.models import Language

LATER = datetime.date(2026, 1, 15)
VALID_ORG_NUMBER = "212000-0142"


def make_organisation(county, user, name: str = "Lärcenter") -> object:
    return services.organisation_save(
        county=county,
        user=user,
        data={"name": name, "kind": "municipality", "org_number": VALID_ORG_NUMBER},
    )


def activity_data(organisation, **overrides) -> dict:
    data = {
        "kind": "sfi",
        "title": "SFI studieväg 1",
        "organisation": organisation,
        "delivery": "classroom",
        "study_form": "regular",
        "start": datetime.date(2025, 1, 1),
        "end": datetime.date(2030, 6, 30),
        "places": 20,
        "hours": 300,
        "location": "Storgatan 1",
        "contact_name": "Kim Exempel",
        "contact_email": "kim@example.org",
        "published": True,
    }
    data.update(overrides)
    return data


def make_activity(county, user, organisation, municipalities, languages=("ar",), **overrides):
    return services.activity_save(
        county=county,
        user=user,
        data=activity_data(organisation, **overrides),
        municipalities=municipalities,
        languages=Language.objects.filter(code__in=languages),
    )


def report(activity, municipality, period, user, *, women=3, men=2, courses=None, **figures):
    values = {"women": women, "men": men, "first_time": 1, "completed": 0, "dropped": 0}
    values.update(figures)
    if courses is None and activity.kind == "sfi":
        courses = {"1A": {"continuing_women": women, "continuing_men": men}}
    return services.activity_report_save_draft(
        activity=activity,
        municipality=municipality,
        period=period,
        user=user,
        figures=values,
        courses=courses,
        comment="",
        version=0,
        today=LATER,
    )


def submit(report_, user):
    return services.activity_report_submit(report=report_, user=user, version=report_.version)
